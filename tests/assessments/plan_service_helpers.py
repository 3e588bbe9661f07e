"""Helpers for the living plan's specs: an accepted assessment with a plan, progress recorded as a named person
would (their membership as the pages find it), and a snapshot of everything a refused write must leave alone."""

from assessments.access import partner_membership
from assessments.models import (
    Action,
    ActionNote,
    CompletionFile,
    Event,
    InterimRating,
    RatingMode,
    SignOff,
    Status,
)
from assessments.services import (
    ProgressData,
    action_create,
    action_progress,
    assessment_start,
    completion_file_add,
    completion_file_delete,
    interim_rating_record,
)

from .page_helpers import pdf_upload
from .service_helpers import action_data, answer, drive_to

OPEN = "Agree a supervision policy."
DONE = "Audit supervision."
OTHER = "Publish the supervision audit."


def accept_with_plan(assessment, *, leads, officer, owner=None):
    """Accept `assessment` with a plan: S1 partially met, with an open action (OPEN, in progress, owned by `owner`
    when given) and a done one (DONE); S2 partially met, with one open action (OTHER). Everything else fully met."""
    s1 = assessment.responses.get(standard__code="S1")
    answer(s1, leads[0], level_code="partially-met")
    named = {"owner": owner, "owner_name": owner.full_name, "owner_role": owner.job_title} if owner else {}
    action_create(response=s1, actor=leads[0], data=action_data(description=OPEN, status="in_progress", **named))
    action_create(response=s1, actor=leads[0], data=action_data(description=DONE, status="done"))
    s2 = assessment.responses.get(standard__code="S2")
    answer(s2, leads[0], level_code="partially-met")
    action_create(response=s2, actor=leads[0], data=action_data(description=OTHER))
    return drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)


def action(assessment, description=OPEN):
    return Action.objects.get(response__assessment=assessment, description=description)


def member_of(actor, assessment):
    """The person's membership at a partner of the assessment's partnership, as the pages pass it (None: none)."""
    return partner_membership(actor, assessment.partnership)


def progress(on, actor, status=None, *, membership=..., **fields):
    """Record progress on the action `on` as `actor`; its status stays as it is unless `status` is given."""
    if membership is ...:
        membership = member_of(actor, on.response.assessment)
    data = ProgressData(status=status or on.status, **fields)
    return action_progress(action=on, actor=actor, membership=membership, data=data)


def add_file(on, actor, upload=None, *, membership=...):
    if membership is ...:
        membership = member_of(actor, on.response.assessment)
    upload = upload or pdf_upload("policy-agreed.pdf")
    return completion_file_add(
        action=on, actor=actor, membership=membership, uploaded=upload, content_type="application/pdf"
    )


def delete_file(evidence, actor, *, membership=...):
    if membership is ...:
        membership = member_of(actor, evidence.action.response.assessment)
    return completion_file_delete(evidence=evidence, actor=actor, membership=membership)


def interim(response, actor, code="fully-met", note="Supervision policy agreed and audited.", *, membership=...):
    if membership is ...:
        membership = member_of(actor, response.assessment)
    rating = response.assessment.version.rating_levels.get(code=code) if code else None
    return interim_rating_record(response=response, actor=actor, membership=membership, rating=rating, note=note)


def close_s1(assessment, actor, status="done", **fields):
    """Close S1's open action (done, or dropped with a reason), so every action of S1 is closed."""
    return progress(action(assessment), actor, status, **fields)


def next_year(partnership, version, actor, **extra):
    return assessment_start(
        partnership=partnership,
        period="2027/28",
        version=version,
        actor=actor,
        carry_forward=True,
        rating_mode=RatingMode.TOGETHER,
        **extra,
    )


def snapshot(assessment):
    """What a refused plan write must leave as it was: the actions, their notes, files, interim ratings, history,
    the assessment's events, sign-offs, status and revision (so no cached report is re-rendered)."""
    assessment.refresh_from_db()
    actions = Action.objects.filter(response__assessment=assessment)
    return {
        "actions": list(
            actions.order_by("pk").values_list("pk", "status", "due_date", "dropped_reason", "carried_forward")
        ),
        "notes": ActionNote.objects.filter(action__in=actions).count(),
        "files": CompletionFile.objects.filter(action__in=actions).count(),
        "interim": InterimRating.objects.filter(response__assessment=assessment).count(),
        "history": Action.history.filter(response_id__in=assessment.responses.values("pk")).count(),
        "events": Event.objects.filter(assessment=assessment).count(),
        "signoffs": SignOff.objects.filter(assessment=assessment).count(),
        "status": assessment.status,
        "revision": assessment.revision,
    }
