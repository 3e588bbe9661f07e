"""Writing a partnership's profile and its teams: the profile page, the team pages and the admin all come here.

Every write records who made it in the model's history and counts a new revision on every assessment of the
partnership. Every one, accepted ones too: a report shows the partnership's profile and teams as they stand
today, so an accepted assessment's PDF changes with them, and a cached PDF keyed on the revision must not
outlive the change. Who may call these is decided in assessments/access.py.
"""

from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ..models import Arrangement, Assessment, ContinuumStage, Employment, Partnership, Team
from .errors import WorkflowError
from .records import record_partnership_year, record_team_year

REVIEW_BEFORE_START = "The next review cannot be before the agreement started: check both dates."
NOT_A_CHOICE = "Choose one of the options listed."
TEAM_NOT_IN_PARTNERSHIP = "This team belongs to another partnership."


@dataclass(frozen=True)
class ProfileData:
    """What a partnership's leads may change about it: how it is arranged, and its agreement's dates."""

    arrangement: str
    continuum_stage: str
    social_worker_employment: str
    agreement_start: date | None
    next_review_date: date | None


PROFILE_FIELDS = tuple(f.name for f in fields(ProfileData))
CHOICES = {
    "arrangement": Arrangement,
    "continuum_stage": ContinuumStage,
    "social_worker_employment": Employment,
}


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
    return errors


@transaction.atomic
def partnership_profile_update(*, partnership: Partnership, actor, data: ProfileData) -> Partnership:
    """Change the profile, with history; refuse nonsense with a message per field and change nothing."""
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
