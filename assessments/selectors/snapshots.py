"""The partnership's profile and teams an assessment shows: as they stood at its (last) submission once it has been
sent to BASW, else as they stand now.

A submission keeps them (ProfileSnapshot, taken by services.records.snapshot_take in the submission's transaction;
a resubmission after a return takes it again), so a later edit of the profile or a team changes neither the review
pages nor the PDF of an assessment already sent. The snapshot comes back as unsaved Partnership and Team objects,
read as the live ones are: the choices' labels (get_..._display), a team's headcount, social work share and
isolated flag. They carry no primary key and are never saved. The trust (its name and region) is read as it stands:
it is the organisation's own record, not the profile.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format

from ..models import SENT_TO_BASW_STATUSES, Assessment, Partnership, ProfileSnapshot, Team
from .records import leadership_facts

# snapshot_take runs in the submission's own transaction, a moment after submitted_at is set; a snapshot taken
# later (take_profile_snapshots, for an assessment sent before snapshots were kept) is not "as at submission".
SUBMISSION_WINDOW = timedelta(minutes=1)

AS_AT_SUBMISSION = (
    "As at submission on {submitted}: a later change to the profile or a team does not change what this "
    "assessment shows."
)
AS_KEPT_LATER = (
    "As they stood on {kept}, when they were first kept with this assessment: it was sent to BASW on {submitted}, "
    "before the profile was kept with each submission."
)
AS_IT_STANDS_NOT_KEPT = (
    "As they stand today: the profile at this assessment's submission was not kept, so a later change shows here."
)
AS_IT_STANDS = "As they stand today: they are kept with the assessment when it is submitted to BASW."

# A team's own fields as a snapshot's figures hold them (the rest: its name and service, said apart).
_TEAM_FIELDS = {f.name for f in Team._meta.concrete_fields} - {"id", "partnership", "name", "service"}
# The profile's fields a copy takes from the snapshot: not its identity (name, trust) and not its notes.
_NOT_PROFILE = {"id", "name", "trust", "notes"}
_PROFILE_FIELDS = {f.name: f for f in Partnership._meta.concrete_fields if f.name not in _NOT_PROFILE}


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


@dataclass(frozen=True)
class ShownProfile:
    """The profile (a Partnership, live or an unsaved copy) and teams an assessment shows, and as at when."""

    partnership: Partnership
    teams: list[Team]
    kept_at: datetime | None = None  # when the snapshot was taken; None: the profile as it stands now
    submitted_at: datetime | None = None  # the assessment's (latest) submission
    sent: bool = False  # sent to BASW at least once

    @property
    def is_kept(self) -> bool:
        return self.kept_at is not None

    @property
    def at_submission(self) -> bool:
        """Kept by the submission itself, not taken afterwards from the profile as it then stood."""
        return (
            self.is_kept
            and self.submitted_at is not None
            and abs(self.kept_at - self.submitted_at) <= SUBMISSION_WINDOW
        )

    @property
    def as_at(self) -> str:
        """The sentence saying whose profile this is: as at submission, as kept later, or as it stands today."""
        if self.at_submission:
            return AS_AT_SUBMISSION.format(submitted=_day(self.submitted_at))
        if self.is_kept:
            submitted = _day(self.submitted_at) if self.submitted_at else "an earlier date"
            return AS_KEPT_LATER.format(kept=_day(self.kept_at), submitted=submitted)
        return AS_IT_STANDS_NOT_KEPT if self.sent else AS_IT_STANDS

    @property
    def leadership(self) -> list[tuple[str, str]]:
        """The leadership facts as (term, answer), every one, as the partnership page words them."""
        return leadership_facts(self.partnership)


def _snapshot(assessment: Assessment) -> ProfileSnapshot | None:
    try:
        return assessment.profile_snapshot  # free when the caller select_related it
    except ProfileSnapshot.DoesNotExist:
        return None


def _profile_copy(profile: dict, live: Partnership) -> Partnership:
    values = {}
    for name, value in profile.items():
        field = _PROFILE_FIELDS.get(name)
        if field is None:  # a field the profile no longer has
            continue
        if isinstance(field, models.DateField) and isinstance(value, str):
            value = date.fromisoformat(value)
        values[name] = value
    return Partnership(name=live.name, trust=live.trust, **values)


def _team_copy(team: dict) -> Team:
    figures = {name: value for name, value in team.get("figures", {}).items() if name in _TEAM_FIELDS}
    return Team(name=team["name"], service=team["service"], **figures)


def profile_shown(assessment: Assessment) -> ShownProfile:
    """The profile and teams the assessment's review pages and PDF show: one query (the snapshot, or the teams;
    none for the snapshot when the caller select_related `profile_snapshot`), two for an assessment sent to BASW
    before snapshots were kept."""
    partnership = assessment.partnership
    sent = assessment.status in SENT_TO_BASW_STATUSES
    snapshot = _snapshot(assessment) if sent else None
    submitted_at = assessment.submitted_at if sent else None
    if snapshot is None:
        return ShownProfile(partnership, list(partnership.teams.order_by("name")), submitted_at=submitted_at, sent=sent)
    return ShownProfile(
        _profile_copy(snapshot.profile, partnership),
        [_team_copy(team) for team in snapshot.teams],
        kept_at=snapshot.taken_at,
        submitted_at=submitted_at,
        sent=True,
    )
