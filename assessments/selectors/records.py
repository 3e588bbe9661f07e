"""Reads of the partnership's record by year (models/records.py): its profile and each team's figures in every
financial year recorded, newest first, as the partnership page shows them.

A year's record is the profile or figures as plain values (services/records.py writes them); each is read back
into an unsaved Partnership or Team, so a year is shown by the same labels and rules (a choice's label, the
social workers' share of the team) as the present. Each read is one query, whatever the number of years.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Prefetch
from django.utils.text import capfirst

from ..models import HEADCOUNT_FIELDS, LEADERSHIP_FIELDS, Partnership, PartnershipYear, Team, TeamYear

# The posts of each profession (HEADCOUNT_FIELDS), as in "2 of 9 social work posts vacant".
POSTS_OF = {
    "social_workers": "social work",
    "nurses": "nursing",
    "occupational_therapists": "occupational therapy",
    "psychologists": "psychology",
    "psychiatrists": "psychiatry",
    "support_workers": "support/STR worker",
    "others": "other",
}
# The leadership facts' terms, in LEADERSHIP_FIELDS order: the model's words for them.
LEADERSHIP_TERMS = {name: capfirst(Partnership._meta.get_field(name).verbose_name) for name in LEADERSHIP_FIELDS}
YES, NO, NOT_SAID, NO_LEAD = "Yes", "No", "Not said", "None recorded"
VACANT_OF_FUNDED = "{vacant} of {establishment} {posts} posts vacant"
FUNDED_ONLY = "{establishment} {posts} posts funded, vacancies not recorded"


@dataclass(frozen=True)
class Vacancies:
    """One profession's vacant posts against its funded posts (its establishment) in a year."""

    profession: str  # a HEADCOUNT_FIELDS name
    establishment: int
    vacant: int | None

    def __str__(self):
        words = {"posts": POSTS_OF[self.profession], "establishment": self.establishment, "vacant": self.vacant}
        return (FUNDED_ONLY if self.vacant is None else VACANT_OF_FUNDED).format(**words)


@dataclass(frozen=True)
class TeamFigures:
    """A team as it was recorded in one financial year: `team` is unsaved, built from that year's figures."""

    period: str
    team: Team

    @property
    def vacancies(self) -> list[Vacancies]:
        """The professions with funded posts recorded, in HEADCOUNT_FIELDS order (none funded: not listed)."""
        return [
            Vacancies(name, getattr(self.team, f"{name}_establishment"), getattr(self.team, f"{name}_vacant"))
            for name in HEADCOUNT_FIELDS
            if getattr(self.team, f"{name}_establishment")  # not recorded (None), or no posts funded (0)
        ]


@dataclass(frozen=True)
class TeamRecord:
    """A team as it stands, and its figures by year, newest first (empty until a change is recorded)."""

    team: Team
    years: list[TeamFigures]


def fact_answer(partnership, name: str) -> str:
    """One leadership fact of a Partnership (or one of its historical records) in words."""
    value = getattr(partnership, name)
    if name == "social_work_lead":
        return value or NO_LEAD
    if value is None or value == "":
        return NOT_SAID
    if isinstance(Partnership._meta.get_field(name), BooleanField):
        return YES if value else NO
    return getattr(partnership, f"get_{name}_display")()


def leadership_facts(partnership: Partnership) -> list[tuple[str, str]]:
    """The leadership facts (LEADERSHIP_FIELDS) as (term, answer), every one, those not said saying so."""
    return [(term, fact_answer(partnership, name)) for name, term in LEADERSHIP_TERMS.items()]


@dataclass(frozen=True)
class ProfileYear:
    """The partnership's profile as recorded in one financial year: `profile` is unsaved, built from it."""

    period: str
    profile: Partnership

    @property
    def leadership(self) -> list[str]:
        """The year's leadership facts' answers, in LEADERSHIP_TERMS order."""
        return [fact_answer(self.profile, name) for name in LEADERSHIP_TERMS]


def _model_fields(model) -> frozenset[str]:
    return frozenset(f.attname for f in model._meta.concrete_fields if not f.primary_key)


TEAM_VALUES = _model_fields(Team) - {"partnership_id"}
PROFILE_VALUES = _model_fields(Partnership) - {"trust_id", "agreement_start", "next_review_date"}


def _built(model, values: dict, allowed: frozenset[str]):
    """An unsaved instance from a year's stored values; a name the model no longer has is left out."""
    return model(**{name: value for name, value in values.items() if name in allowed})


def team_figures(record: TeamYear) -> TeamFigures:
    return TeamFigures(period=record.period, team=_built(Team, record.figures, TEAM_VALUES))


def teams_by_year(partnership: Partnership) -> list[TeamRecord]:
    """The partnership's teams in name order, each with its figures by year: two queries."""
    years = Prefetch("years", queryset=TeamYear.objects.order_by("-period"))
    teams = partnership.teams.order_by("name").prefetch_related(years)
    return [TeamRecord(team=team, years=[team_figures(year) for year in team.years.all()]) for team in teams]


def profile_by_year(partnership: Partnership) -> list[ProfileYear]:
    """The partnership's profile in each financial year recorded, newest first: one query."""
    records = PartnershipYear.objects.filter(partnership=partnership).order_by("-period")
    return [
        ProfileYear(period=record.period, profile=_built(Partnership, record.profile, PROFILE_VALUES))
        for record in records
    ]
