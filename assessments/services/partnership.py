"""Writing a partnership's profile (with its leadership facts) and its teams: the profile page, the team pages
and the admin all come here.

Every write records who made it in the model's history and counts a new revision on every assessment of the
partnership. Every one, accepted ones too: a draft's report shows the profile and teams as they stand today, and
every report's header the partnership's name, so a cached PDF keyed on the revision must not outlive the change
(a submitted assessment shows the profile as it was kept at submission: selectors/snapshots.py). Each change is
also kept as this year's record (services/records.py). Who may call these is decided in assessments/access.py.
"""

from dataclasses import dataclass, fields, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ..models import Arrangement, Assessment, ContinuumStage, Employment, Partnership, Team
from ..models.partnerships import LineManager, RecordingSystems, leadership_errors
from .errors import WorkflowError
from .records import record_partnership_year, record_team_year

REVIEW_BEFORE_START = "The next review cannot be before the agreement started: check both dates."
NOT_A_CHOICE = "Choose one of the options listed."
TEAM_NOT_IN_PARTNERSHIP = "This team belongs to another partnership."


@dataclass(frozen=True)
class ProfileData:
    """What a partnership's leads may change about it: how it is arranged, its agreement's dates, and its
    leadership facts (models.LEADERSHIP_FIELDS; each may be left not said: empty, or None for a yes or no)."""

    arrangement: str
    continuum_stage: str
    social_worker_employment: str
    agreement_start: date | None
    next_review_date: date | None
    social_work_lead: str = ""  # name and title; empty when there is none
    social_work_lead_reports_to_board: bool | None = None
    social_workers_managed_by: str = ""
    amhps_managed_by: str = ""
    amhp_service_with_council: bool | None = None
    recording_systems: str = ""


PROFILE_FIELDS = tuple(f.name for f in fields(ProfileData))
CHOICES = {
    "arrangement": Arrangement,
    "continuum_stage": ContinuumStage,
    "social_worker_employment": Employment,
}
# Leadership facts that may be left not said (empty), or be one of their choices.
OPTIONAL_CHOICES = {
    "social_workers_managed_by": LineManager,
    "amhps_managed_by": LineManager,
    "recording_systems": RecordingSystems,
}
YES_NO = ("social_work_lead_reports_to_board", "amhp_service_with_council")
NOT_YES_OR_NO = "Answer yes or no, or leave it as not said."
LEAD_TOO_LONG = "The social work lead's name and title must be {limit} characters or fewer (it has {length})."
LEAD_LIMIT = Partnership._meta.get_field("social_work_lead").max_length


def count_revision(partnership: Partnership) -> int:
    """Move the revision of every assessment of the partnership, so that none of their reports is served stale.

    Once the change commits, the worker renders each of their PDFs afresh (reports/tasks.py).
    """
    from reports.tasks import queue_render_on_commit  # reports builds on assessments: import it only when needed

    assessments = Assessment.objects.filter(partnership=partnership)
    queue_render_on_commit(list(assessments.values_list("pk", flat=True)))
    return assessments.update(revision=F("revision") + 1)


def _profile_errors(data: ProfileData) -> dict:
    errors = {name: [NOT_A_CHOICE] for name, choices in CHOICES.items() if getattr(data, name) not in choices.values}
    if data.agreement_start and data.next_review_date and data.next_review_date < data.agreement_start:
        errors["next_review_date"] = [REVIEW_BEFORE_START]
    for name, choices in OPTIONAL_CHOICES.items():
        if getattr(data, name) not in ("", *choices.values):
            errors[name] = [NOT_A_CHOICE]
    for name in YES_NO:
        if getattr(data, name) not in (True, False, None):
            errors[name] = [NOT_YES_OR_NO]
    if len(data.social_work_lead) > LEAD_LIMIT:
        errors["social_work_lead"] = [LEAD_TOO_LONG.format(limit=LEAD_LIMIT, length=len(data.social_work_lead))]
    for name, message in leadership_errors(data).items():  # the model's rules between the facts: the admin's too
        errors.setdefault(name, [message])
    return errors


@transaction.atomic
def partnership_profile_update(*, partnership: Partnership, actor, data: ProfileData) -> Partnership:
    """Change the profile, with history; refuse nonsense with a message per field and change nothing."""
    data = replace(data, social_work_lead=(data.social_work_lead or "").strip())
    errors = _profile_errors(data)
    if errors:
        raise WorkflowError(errors)
    current = Partnership.objects.select_for_update().get(pk=partnership.pk)
    changed = [name for name in PROFILE_FIELDS if getattr(current, name) != getattr(data, name)]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, getattr(data, name))
    current._history_user = actor
    current._change_reason = "profile changed"
    current.save(update_fields=changed)
    count_revision(current)
    record_partnership_year(current, actor)
    return current


@transaction.atomic
def partnership_save(*, partnership: Partnership, actor, reason: str = "changed in the admin") -> Partnership:
    """Save every field of the partnership as given (the admin's form has validated it), with history."""
    try:
        partnership.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise WorkflowError(exc.message_dict) from None
    partnership._history_user = actor
    partnership._change_reason = reason
    partnership.save()
    count_revision(partnership)
    record_partnership_year(partnership, actor)
    return partnership


@transaction.atomic
def partnership_changed(*, partnership: Partnership) -> None:
    """Something the partnership's history does not hold changed (its councils): count a revision."""
    count_revision(partnership)


@transaction.atomic
def team_save(*, team: Team, actor, partnership: Partnership | None = None) -> Team:
    """Add or change a team (its fields already set on `team`), with history."""
    if partnership is not None:
        if team.pk and team.partnership_id != partnership.pk:
            raise WorkflowError(TEAM_NOT_IN_PARTNERSHIP)
        team.partnership = partnership
    try:
        team.full_clean()
    except ValidationError as exc:
        raise WorkflowError(exc.message_dict) from None
    adding = team.pk is None
    team._history_user = actor
    team._change_reason = "team added" if adding else "team changed"
    team.save()
    count_revision(team.partnership)
    record_team_year(team, actor)
    return team


@transaction.atomic
def team_delete(*, team: Team, actor) -> None:
    """Remove a team; its history keeps what it was and who removed it."""
    team._history_user = actor
    team._change_reason = "team removed"
    partnership = team.partnership
    team.delete()
    count_revision(partnership)
