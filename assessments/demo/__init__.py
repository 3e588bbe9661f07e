"""Demo data for Partnership Audit: `python manage.py seed_demo` calls `build_demo()`.

Two partnerships, every role, and assessments in each state a newcomer meets: accepted (with a year's
progress on its plan, progress.py), draft, submitted and changes requested. The draft is rated by each
partner first (partner_views.py); the others were rated together. All assessment writes go through
assessments.services.

The record over time: Northshire's first assessment, 2024/25 against the charter, accepted too (first_year.py),
so its trend crosses both versions; two years of each partnership's teams and leadership facts (years.py); and
a short integration timeline for each (timeline.py).
"""

from dataclasses import dataclass

from django.db import transaction

from standards.models import FrameworkVersion, VersionStatus

from ..models import Assessment, RatingMode, ReviewState
from ..services import ResponseData, assessment_accept, assessment_return, assessment_take, response_save
from ..services.notifications import recording_only
from ..services.review import response_reply, response_review
from . import first_year, years
from .build import ACCEPTED_ACTION_PLAN, CURRENT_ACTION_PLAN, Builder, backdate, review
from .progress import ACCEPTED_YEAR, record_year
from .pulse import dartvale_pulse, northshire_pulse
from .timeline import ensure_timeline
from .world import (
    ADMIN_EMAIL,
    CHAIRS,
    DEMO_PASSWORD,
    accounts,
    ensure_organisations,
    ensure_partnerships,
    ensure_people,
    teams_at_the_end_of_2025,
)

FRAMEWORK = "basw-mh-mdt"
VERSIONS = ("2010", "2012-charter")
LOAD_STANDARDS_FIRST = "load the standards first: python manage.py load_standards"

__all__ = ["ADMIN_EMAIL", "DEMO_PASSWORD", "LOAD_STANDARDS_FIRST", "DemoResult", "StandardsMissing", "build_demo"]


class StandardsMissing(Exception):
    pass


@dataclass
class DemoResult:
    accounts: list[tuple[str, str, str, str]]
    assessments: list[tuple[Assessment, bool]]  # (assessment, created by this run)


def _versions() -> dict[str, FrameworkVersion]:
    found = {
        v.slug: v
        for v in FrameworkVersion.objects.filter(
            framework__slug=FRAMEWORK, slug__in=VERSIONS, status=VersionStatus.PUBLISHED
        ).select_related("framework")
    }
    if set(found) != set(VERSIONS) or any(
        not v.standards.exists() or not v.rating_levels.exists() for v in found.values()
    ):
        raise StandardsMissing(LOAD_STANDARDS_FIRST)
    return found


def _northshire_accepted(b: Builder, version, officer):
    """2025/26 against BASW 2010: submitted, queried on supervision, returned, fixed, resubmitted, accepted;
    then a year of progress on its plan (progress.py)."""
    a = b.start("2025/26", version)
    b.fill(a, ACCEPTED_YEAR)
    b.submit(a)
    assessment_take(assessment=a, actor=officer)
    queried = review(
        a,
        officer,
        queries=[
            (
                ("supervision",),
                "Supervision is rated one step below the top, but the only social worker in Fellside Valley CMHT "
                "sees an area manager about once a quarter and is line-managed by a nurse. What is the plan for "
                "that team, and by when?",
            )
        ],
    )
    assessment_return(
        assessment=a,
        actor=officer,
        note="Thank you for a thorough self-assessment. Please answer the query on supervision before we accept it.",
    )
    contributor = b.people["northshire_contributor"]
    response_reply(
        response=queried[0],
        actor=contributor,
        reply="Agreed. Northshire's senior practitioner will supervise the Fellside Valley social worker monthly "
        "from the next quarter; the action now says so and has a date.",
    )
    response = queried[0]
    response.refresh_from_db()
    response_save(
        response=response,
        actor=contributor,
        lock_version=response.lock_version,
        data=_same_answer(
            response,
            extra=" From next quarter Northshire's senior practitioner will supervise the "
            "Fellside Valley social worker monthly (reply to BASW's query).",
        ),
    )
    b.submit(a)  # a resubmission comes straight back to the officer who returned it
    response_review(response=response, actor=officer, state=ReviewState.AGREED, comment="")
    assessment_accept(
        assessment=a,
        actor=officer,
        note="Accepted. A candid assessment: the plans on supervision, Trust Board representation and IT are "
        "credible. We will look for progress on each at the next assessment.",
    )
    backdate(a, first_day=520, last_day=330)
    record_year(a, b.people)
    return a


def _same_answer(response, *, extra: str):
    return ResponseData(
        rating=response.rating,
        not_applicable=response.not_applicable,
        not_applicable_reason=response.not_applicable_reason,
        evidence=response.evidence + extra,
        evidence_holder=response.evidence_holder,
        evidence_held_jointly=response.evidence_held_jointly,
    )


def _northshire_draft(b: Builder, version):
    """2026/27 against the 2012 charter, each partner rating first: most views given, a few standards agreed
    (divergent ones with a rationale), one divergent standard left for the newcomer to resolve."""
    a = b.start("2026/27", version, rating_mode=RatingMode.PARTNERS_FIRST)
    b.rate_apart(a, CURRENT_ACTION_PLAN)
    backdate(a, first_day=21, last_day=2)
    northshire_pulse(a, b.lead)
    return a


def _dartvale_submitted(b: Builder, version):
    """2026/27 against the 2012 charter: complete, signed off by both partners, waiting for BASW."""
    a = b.start("2026/27", version)
    b.fill(a, CURRENT_ACTION_PLAN)
    dartvale_pulse(a, b.lead)
    b.submit(a)
    backdate(a, first_day=45, last_day=3)
    return a


def _dartvale_returned(b: Builder, version, officer):
    """2025/26 against BASW 2010: taken by the officer, two standards queried, returned with a note."""
    a = b.start("2025/26", version)
    b.fill(a, ACCEPTED_ACTION_PLAN)
    b.submit(a)
    assessment_take(assessment=a, actor=officer)
    queried = review(
        a,
        officer,
        queries=[
            (
                ("supervision",),
                "Social workers in Dartvale Older Adults CMHT get no professional supervision from a "
                "social worker. That looks like a lower rating than the one given: please review it.",
            ),
            (
                ("adequate number",),
                "Two posts are frozen in the council's savings plan. Please say what the plan is "
                "for the teams affected and who owns it.",
            ),
        ],
    )
    assessment_return(
        assessment=a,
        actor=officer,
        note="Please look again at supervision in the older adults team and at staffing; see the two queries. "
        "Everything else is agreed.",
    )
    response_reply(
        response=queried[1],
        actor=b.people["westcombe_contributor"],
        reply="The freeze is reviewed in the council's budget round; we will update the action once it is decided.",
    )
    backdate(a, first_day=200, last_day=30)
    return a


def build_demo() -> DemoResult:
    """Build (or find again) the demo world. The demo people are fictional: the services record the
    notifications they would get, shown as sent so the activity pages look as they do in use, but nothing is
    queued for the worker, so no email ever goes to them."""
    with recording_only():
        return _build()


@transaction.atomic
def _build() -> DemoResult:
    versions = _versions()
    charter = versions["2012-charter"]
    organisations = ensure_organisations()
    people = ensure_people(organisations)
    partnerships = ensure_partnerships(organisations)
    north = Builder(
        partnership=partnerships["northshire"],
        people=people,
        side="north",
        lead="trust_lead",
        council_leads=["northshire_lead", "fellside_lead"],
        chair=CHAIRS["northshire"],
    )
    south = Builder(
        partnership=partnerships["dartvale"],
        people=people,
        side="south",
        lead="dartvale_lead",
        council_leads=["westcombe_lead"],
        chair=CHAIRS["dartvale"],
    )
    earlier = [
        (north, first_year.PERIOD, lambda: first_year.northshire_first_year(north, charter, people["officer"])),
        (north, "2025/26", lambda: _northshire_accepted(north, versions["2010"], people["officer2"])),
        (south, "2025/26", lambda: _dartvale_returned(south, versions["2010"], people["officer"])),
    ]
    later = [
        (north, "2026/27", lambda: _northshire_draft(north, charter)),
        (south, "2026/27", lambda: _dartvale_submitted(south, charter)),
    ]
    made = _made(earlier)
    # The teams and profile as they stood at the end of 2025/26, then this year's changes, before this year's
    # assessments: each submission freezes the profile as it stood then.
    teams = teams_at_the_end_of_2025()
    years.record_earlier_year(partnerships, teams, people)
    years.record_this_year(partnerships, teams, people)
    made += _made(later)
    ensure_timeline(partnerships, people)
    order = [north.partnership.pk, south.partnership.pk]
    made.sort(key=lambda pair: (order.index(pair[0].partnership_id), pair[0].period))
    return DemoResult(accounts=accounts(people), assessments=[(Assessment.objects.get(pk=a.pk), c) for a, c in made])


def _made(plan) -> list[tuple[Assessment, bool]]:
    """Each assessment of the plan, found again by partnership and period, or built."""
    made = []
    for builder, period, build in plan:
        existing = Assessment.objects.filter(partnership=builder.partnership, period=period).first()
        made.append((existing, False) if existing else (build(), True))
    return made
