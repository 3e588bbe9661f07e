"""Builders for the specs of what BASW officers see of the living plans' progress: every write goes through the
services, as the pages would make it.

A plan is a list of (status, days from today to the action's due date): each action is written on S1 (rated
partially met) while the assessment is a draft, the rest of the standards are fully met, the leads sign off and
Olive Officer accepts; then the trust's lead records each action's status on the living plan (action_progress).
"""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Action, ActionStatus, RatingMode, Response, Status
from assessments.services import action_create, assessment_start
from assessments.services.plan import ProgressData, action_progress

from .review_view_helpers import partnership_with_leads
from .service_helpers import action_data, answer, drive_to, membership

DONE, IN_PROGRESS, NOT_STARTED, DROPPED = (
    ActionStatus.DONE,
    ActionStatus.IN_PROGRESS,
    ActionStatus.NOT_STARTED,
    ActionStatus.DROPPED,
)
DROPPED_REASON = "The council took the service back in house."
PERIOD = "2026/27"


def write_plan(assessment, lead, plan):
    """The plan's actions on S1 (partially met), written while the assessment is a draft; not started."""
    if not plan:
        return  # drive_to rates every standard fully met: nothing needs an action
    today = timezone.localdate()
    response = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(response, lead, "partially-met")
    for i, (_, days) in enumerate(plan, 1):
        description = f"Action {i} of {assessment.partnership.name}."
        data = action_data(description=description, due_date=today + timedelta(days))
        action_create(response=response, actor=lead, data=data)


def record_statuses(assessment, lead, plan):
    """The lead records each action's status on the accepted plan (not started ones are left as they are)."""
    actions = Action.objects.filter(response__assessment=assessment).order_by("pk")
    for action, (status, _) in zip(actions, plan, strict=True):
        if status == NOT_STARTED:
            continue
        reason = DROPPED_REASON if status == DROPPED else ""
        data = ProgressData(status=status, note=f"Now {status.label.lower()}.", dropped_reason=reason)
        action_progress(action=action, actor=lead, membership=membership(lead), data=data)


def accepted_with_plan(name, version, officer, plan, *, status=Status.ACCEPTED, period=PERIOD, **fields):
    """A new partnership's assessment with `plan`, taken to `status` (accepted: with each action's status)."""
    partnership, leads = partnership_with_leads(name, **fields)
    assessment = assessment_start(
        partnership=partnership, period=period, version=version, actor=leads[0], rating_mode=RatingMode.TOGETHER
    )
    write_plan(assessment, leads[0], plan)
    assessment = drive_to(assessment, status, leads=leads, officer=officer)
    if status == Status.ACCEPTED:
        record_statuses(assessment, leads[0], plan)
    return assessment
