"""Writing the partnership's record over time (models/records.py): its profile and teams by year, the profile as
it stood when an assessment was submitted, and an accepted assessment's scores.

The profile and team services (services/partnership.py) call `record_partnership_year` / `record_team_year`
after each change; the workflow calls `snapshot_take` on submission and `scores_store` on acceptance, in the
same transaction as the move.
"""

from django.db.models import Count, Sum
from django.utils import timezone

from ..models import (
    ESTABLISHMENT_FIELDS,
    HEADCOUNT_FIELDS,
    LEADERSHIP_FIELDS,
    OVERALL,
    Assessment,
    AssessmentScore,
    Partnership,
    PartnershipYear,
    ProfileSnapshot,
    Response,
    Team,
    TeamYear,
)
from ..scoring import Scale, percent
from .starting import current_financial_year, financial_year

PROFILE_FIELDS = ("arrangement", "continuum_stage", "social_worker_employment", *LEADERSHIP_FIELDS)
TEAM_FIELDS = (
    *HEADCOUNT_FIELDS,
    "amhps",
    *ESTABLISHMENT_FIELDS,
    "social_work_line_manager",
    "has_social_work_supervision",
    "supervision_frequency",
)


def this_year() -> str:
    """The financial year a change made today is recorded in, e.g. 2026/27."""
    return financial_year(current_financial_year(timezone.localdate()))


def profile_of(partnership: Partnership) -> dict:
    """The profile's fields as plain values (choices as their stored codes; dates as ISO text)."""
    profile = {name: getattr(partnership, name) for name in PROFILE_FIELDS}
    for name in ("agreement_start", "next_review_date"):
        value = getattr(partnership, name)
        profile[name] = value.isoformat() if value else None
    return profile


def figures_of(team: Team) -> dict:
    return {name: getattr(team, name) for name in TEAM_FIELDS}


def record_partnership_year(partnership: Partnership, actor) -> PartnershipYear:
    """Keep the profile as it stands now as this financial year's record (the last change in a year wins)."""
    record, _ = PartnershipYear.objects.update_or_create(
        partnership=partnership,
        period=this_year(),
        defaults={"profile": profile_of(partnership), "recorded_at": timezone.now(), "recorded_by": actor},
    )
    return record


def record_team_year(team: Team, actor) -> TeamYear:
    """Keep the team's figures as they stand now as this financial year's record."""
    record, _ = TeamYear.objects.update_or_create(
        team=team,
        period=this_year(),
        defaults={"figures": figures_of(team), "recorded_at": timezone.now(), "recorded_by": actor},
    )
    return record


def snapshot_take(assessment: Assessment) -> ProfileSnapshot:
    """Freeze the partnership's profile and teams as they stand at this submission (a resubmission takes it again)."""
    partnership = assessment.partnership
    teams = [
        {"name": team.name, "service": team.service, "figures": figures_of(team)}
        for team in partnership.teams.order_by("name")
    ]
    snapshot, _ = ProfileSnapshot.objects.update_or_create(
        assessment=assessment,
        defaults={"profile": profile_of(partnership), "teams": teams, "taken_at": timezone.now()},
    )
    return snapshot


def score_rows(assessment: Assessment) -> list[dict]:
    """The assessment's domain and overall scores computed from its answers, by scoring's rule (scoring.percent
    over the rated, applicable standards): what scores_store keeps, and what a spec recomputes."""
    scale = Scale.of(assessment.version)
    sums = (
        Response.objects.filter(assessment=assessment, not_applicable=False, rating__isnull=False)
        .values("standard__domain__code", "standard__domain__trend_key", "standard__domain__title")
        .annotate(total=Sum("rating__score"), n=Count("pk"))
        .order_by("standard__domain__order")
    )
    rows = [
        {
            "domain_key": row["standard__domain__trend_key"] or row["standard__domain__code"],
            "domain_title": row["standard__domain__title"],
            "total": row["total"],
            "rated": row["n"],
        }
        for row in sums
    ]
    overall = {"domain_key": OVERALL, "domain_title": "", "total": sum(r["total"] for r in rows)}
    overall["rated"] = sum(r["rated"] for r in rows)
    for row in [*rows, overall]:
        row["top"] = scale.top
        row["percent"] = percent(row["total"], row["rated"], scale.top)
    return [*rows, overall]


def scores_store(assessment: Assessment) -> list[AssessmentScore]:
    """Store the accepted assessment's scores with the national picture's dimensions as they are now."""
    partnership = Partnership.objects.select_related("trust").get(pk=assessment.partnership_id)
    dimensions = {
        "version_id": assessment.version_id,
        "period": assessment.period,
        "region": partnership.trust.region,
        "arrangement": partnership.arrangement,
        "continuum_stage": partnership.continuum_stage,
        "social_worker_employment": partnership.social_worker_employment,
    }
    AssessmentScore.objects.filter(assessment=assessment).delete()
    stored = AssessmentScore.objects.bulk_create(
        [AssessmentScore(assessment=assessment, **row, **dimensions) for row in score_rows(assessment)]
    )
    # Every report of the partnership shows its trend, which has a new point: none may be served from before it.
    from .partnership import count_revision  # partnership.py builds on this module

    count_revision(partnership)
    return stored
