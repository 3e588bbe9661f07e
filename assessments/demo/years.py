"""Two years of the demo partnerships' profiles: the teams and leadership facts as they stood at the end of 2025/26,
the year of the accepted and returned assessments, and what changed since.

Drawn from the seeds and from the demo's own stories: one of Fellside Valley CMHT's two vacant social work posts
filled, and its social worker supervised monthly by a social worker (year_stories.py); in Dartvale North CMHT a
social worker's post "hived off to support workers" when she retired (seed 003), one of Westcombe's frozen posts
(BASW's query on its 2025/26 assessment); Northshire's Director of Social Care now attending the Trust Board for
social care (year_stories.py), and its social workers still recording twice, in two IT systems (seed 003).

The earlier year is written as a record of the team and profile as they stood then (records.figures_of and
records.profile_of); this year's through the services, as the profile and team pages write it.
"""

from copy import copy
from datetime import datetime, timedelta

from django.utils import timezone

from ..models import (
    HEADCOUNT_FIELDS,
    LEADERSHIP_FIELDS,
    LineManager,
    Partnership,
    PartnershipYear,
    RecordingSystems,
    SupervisionFrequency,
    Team,
    TeamYear,
)
from ..services.partnership import partnership_save, team_save
from ..services.records import figures_of, profile_of, record_team_year, this_year
from ..services.starting import current_financial_year

EARLIER = "2025/26"
EARLIER_YEAR_END = (2026, 3, 31)  # the figures as the partners last recorded them that year
CHANGED_DAYS_AGO = 60  # this year's changes were recorded about two months ago (or on 1 April, if later)

# The partnership's lead who records its profile and teams (world.PEOPLE keys).
RECORDED_BY = {"northshire": "trust_lead", "dartvale": "dartvale_lead"}

# Per team, per profession (HEADCOUNT_FIELDS order): (funded posts, vacant posts) at the end of 2025/26; the
# headcounts in world.TEAMS are those in post.
POSTS = {
    "Northshire North CMHT": [(5, 0), (10, 1), (2, 0), (1, 0), (2, 0), (3, 0), (1, 0)],
    "Fellside Valley CMHT": [(3, 2), (17, 0), (1, 0), (1, 0), (2, 0), (4, 0), (0, 0)],
    "Northshire Older People's CMHT": [(4, 0), (7, 1), (2, 0), (1, 0), (1, 0), (2, 0), (0, 0)],
    "Northshire Early Intervention in Psychosis Team": [(3, 0), (5, 0), (1, 0), (1, 0), (1, 0), (3, 0), (0, 0)],
    "Dartvale North CMHT": [(3, 0), (8, 0), (1, 0), (1, 0), (2, 0), (2, 0), (0, 0)],
    # The two social work posts frozen in Westcombe's savings plan (BASW's query on 2025/26).
    "Westcombe Town CMHT": [(5, 1), (7, 0), (2, 0), (1, 0), (2, 0), (3, 0), (1, 0)],
    "Dartvale Older Adults CMHT": [(3, 1), (6, 0), (2, 0), (0, 0), (1, 0), (2, 0), (0, 0)],
}

# What changed in this year's figures, by team.
CHANGES = {
    # One vacancy filled (year_stories: "a social worker starts in Fellside Valley CMHT"), the other re-advertised;
    # Northshire's senior practitioner supervises the team's social workers monthly.
    "Fellside Valley CMHT": {
        "social_workers": 2,
        "social_workers_vacant": 1,
        "supervision_frequency": SupervisionFrequency.MONTHLY,
    },
    # Seed 003: a social worker retired and the council turned her post into a support worker's.
    "Dartvale North CMHT": {
        "social_workers": 2,
        "social_workers_establishment": 2,
        "support_workers": 3,
        "support_workers_establishment": 3,
    },
}

# The partnership's leadership facts at the end of 2025/26, and what changed since.
LEADERSHIP = {
    "northshire": {
        "social_work_lead": "Helen Marsh, Director of Social Care",
        "social_work_lead_reports_to_board": False,
        "social_workers_managed_by": LineManager.TRUST,
        "amhps_managed_by": LineManager.COUNCIL,
        "amhp_service_with_council": True,
        "recording_systems": RecordingSystems.TWO,
    },
    "dartvale": {
        "social_work_lead": "Neil Carter, Principal Social Worker, Mental Health (Westcombe Council)",
        "social_work_lead_reports_to_board": False,
        "social_workers_managed_by": LineManager.MIXED,
        "amhps_managed_by": LineManager.COUNCIL,
        "amhp_service_with_council": True,
        "recording_systems": RecordingSystems.ONE,
    },
}
LEADERSHIP_CHANGES = {
    # year_stories: "The Director of Social Care now attends Board for social care items."
    "northshire": {"social_work_lead_reports_to_board": True},
}


def posts(name: str) -> dict:
    """The team's establishment and vacancy fields at the end of 2025/26."""
    fields = {}
    for field, (establishment, vacant) in zip(HEADCOUNT_FIELDS, POSTS[name], strict=True):
        fields |= {f"{field}_establishment": establishment, f"{field}_vacant": vacant}
    return fields


def _aware(when: datetime) -> datetime:
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def _earlier_at() -> datetime:
    return _aware(datetime(*EARLIER_YEAR_END, 17, 0))


def _changed_at() -> datetime:
    now = timezone.now()
    first_day = _aware(datetime(current_financial_year(), 4, 1, 0, 0))
    return min(now, max(first_day, now - timedelta(days=CHANGED_DAYS_AGO)))


def record_earlier_year(partnerships: dict[str, Partnership], teams: dict[str, dict], people: dict) -> None:
    """The 2025/26 records, written once: each team's figures and the profile as they stood then.

    `teams`: by partnership key, each team's fields at the end of 2025/26 (world.TEAMS with POSTS)."""
    for key, partnership in partnerships.items():
        lead = people[RECORDED_BY[key]]
        if not PartnershipYear.objects.filter(partnership=partnership, period=EARLIER).exists():
            as_it_stood = copy(partnership)
            for field, value in LEADERSHIP[key].items():
                setattr(as_it_stood, field, value)
            PartnershipYear.objects.create(
                partnership=partnership,
                period=EARLIER,
                profile=profile_of(as_it_stood),
                recorded_at=_earlier_at(),
                recorded_by=lead,
            )
        for team in partnership.teams.filter(name__in=teams[key]).exclude(years__period=EARLIER):
            as_it_stood = Team(partnership=partnership, **teams[key][team.name])
            TeamYear.objects.create(
                team=team, period=EARLIER, figures=figures_of(as_it_stood), recorded_at=_earlier_at(), recorded_by=lead
            )


def record_this_year(partnerships: dict[str, Partnership], teams: dict[str, dict], people: dict) -> None:
    """This year's changes through the services, once: a team or profile already recorded this year (by an
    earlier run, or by someone on its page) is left as it is."""
    year = this_year()
    if year == EARLIER:
        return
    for key, partnership in partnerships.items():
        lead = people[RECORDED_BY[key]]
        if not PartnershipYear.objects.filter(partnership=partnership, period=year).exists():
            for field, value in {**LEADERSHIP[key], **LEADERSHIP_CHANGES.get(key, {})}.items():
                setattr(partnership, field, value)
            partnership_save(partnership=partnership, actor=lead, reason="leadership facts recorded")
            _backdate_last(partnership, PartnershipYear.objects.get(partnership=partnership, period=year))
        for team in partnership.teams.filter(name__in=teams[key]).exclude(years__period=year):
            now = {**teams[key][team.name], **CHANGES.get(team.name, {})}
            if {field: getattr(team, field) for field in now} != now:
                for field, value in now.items():
                    setattr(team, field, value)
                team_save(team=team, actor=lead)
                _backdate_last(team, TeamYear.objects.get(team=team, period=year))
            else:
                record = record_team_year(team, lead)
                TeamYear.objects.filter(pk=record.pk).update(recorded_at=_changed_at())


def _backdate_last(obj, record) -> None:
    """Move the change the service just made (its history record and the year's record) to when it was made."""
    at = _changed_at()
    type(record).objects.filter(pk=record.pk).update(recorded_at=at)
    obj.history.filter(pk=obj.history.order_by("-history_id").values("pk")[:1]).update(history_date=at)


def leadership_of(key: str) -> dict:
    """The leadership facts a partnership is created with: those at the end of 2025/26."""
    return {field: LEADERSHIP[key][field] for field in LEADERSHIP_FIELDS}
