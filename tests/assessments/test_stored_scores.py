"""An accepted assessment's scores are stored when BASW accepts it (services.records.scores_store) and never change:
they equal a recomputation from the answers, by hand, by services.records.score_rows and by the reports'
own sum (reports.content.report_for); later edits of the profile, the teams or even the answers leave them as they
were. `manage.py store_scores` stores them for accepted assessments that have none, once.

The people are the Mersey partnership's (tests/conftest.py). The factories' scale: not met 0, partially 1,
largely 2, fully 3.
"""

import dataclasses
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.management.commands.store_scores import STORED
from assessments.models import OVERALL, Arrangement, AssessmentScore, Employment, Response, Role
from assessments.services import partnership as partnership_services
from assessments.services.records import score_rows
from reports.content import report_for
from tests import factories

from .trend_helpers import NOT_APPLICABLE, start
from .trend_helpers import accepted as accept

pytestmark = pytest.mark.django_db

# The prepared case: P1 fully met, P2 not applicable; S1 not met, S3 largely met, S5 fully met (governance);
# S2 partially met, S4 and S6 fully met (leadership).
BY_HAND = {
    "principles": Decimal("100.0"),  # 3 of 3 (P2 left out)
    "governance": Decimal("55.6"),  # 0 + 2 + 3 = 5 of 9
    "leadership": Decimal("77.8"),  # 1 + 3 + 3 = 7 of 9
    OVERALL: Decimal("71.4"),  # 15 of 21
}
RATED = {"principles": 1, "governance": 3, "leadership": 3, OVERALL: 7}


CASE = {"P2": NOT_APPLICABLE, "S1": "not-met", "S2": "partially-met", "S3": "largely-met"}  # the rest fully met


@pytest.fixture
def accepted(assessment, leads, officer):
    """The 2026/27 assessment, rated as above and accepted by the officer through the services."""
    return accept(assessment, CASE, leads=leads, officer=officer)


def stored(assessment) -> dict:
    return {s.domain_key: s.percent for s in AssessmentScore.objects.filter(assessment=assessment)}


def stored_rows(assessment) -> list[tuple]:
    fields = ("domain_key", "domain_title", "total", "rated", "top", "percent", "version_id", "period", "region")
    fields += ("arrangement", "continuum_stage", "social_worker_employment")
    return list(AssessmentScore.objects.filter(assessment=assessment).order_by("domain_key").values_list(*fields))


def test_acceptance_stores_each_domain_and_the_overall_score_as_worked_out_by_hand(accepted, partnership):
    assert stored(accepted) == BY_HAND
    scores = {s.domain_key: s for s in AssessmentScore.objects.filter(assessment=accepted)}
    assert {key: s.rated for key, s in scores.items()} == RATED
    assert scores["governance"].total == 5
    assert scores["governance"].domain_title == "Governance"
    assert {s.top for s in scores.values()} == {3}
    overall = scores[OVERALL]
    assert (overall.version_id, overall.period, overall.region) == (accepted.version_id, "2026/27", "north_west")
    assert (overall.arrangement, overall.social_worker_employment) == (
        partnership.arrangement,
        partnership.social_worker_employment,
    )


def test_the_stored_scores_equal_score_rows_and_the_reports_own_sum_over_the_answers(accepted):
    rows = {row["domain_key"]: row for row in score_rows(accepted)}
    assert {key: Decimal(str(row["percent"])) for key, row in rows.items()} == stored(accepted)
    assert {key: row["rated"] for key, row in rows.items()} == RATED
    report = report_for(accepted)  # the PDF's own sum over the answers, not score_rows
    from_report = {d.domain.code: Decimal(str(d.score)) for d in report.domains}
    from_report[OVERALL] = Decimal(str(report.overall))
    assert from_report == stored(accepted)


def test_later_edits_of_the_profile_teams_and_answers_leave_the_stored_scores_as_they_were(accepted, trust_lead):
    before = stored_rows(accepted)
    partnership = accepted.partnership
    values = {name: getattr(partnership, name) for name in partnership_services.PROFILE_FIELDS}
    changed = dataclasses.replace(
        partnership_services.ProfileData(**values),
        arrangement=Arrangement.ENDED,
        social_worker_employment=Employment.COUNCIL,
    )
    partnership_services.partnership_profile_update(partnership=partnership, actor=trust_lead, data=changed)
    team = factories.make_team(partnership, social_workers=4, amhps=1)
    team.social_workers, team.amhps = 1, 0
    partnership_services.team_save(team=team, actor=trust_lead)
    not_met = accepted.version.rating_levels.get(code="not-met")
    assert Response.objects.filter(assessment=accepted).update(rating=not_met, not_applicable=False) == 8
    partnership.refresh_from_db()
    assert partnership.arrangement == Arrangement.ENDED
    assert {row["domain_key"]: row["percent"] for row in score_rows(accepted)}[OVERALL] == 0  # the answers moved
    assert stored_rows(accepted) == before


def test_store_scores_stores_them_for_accepted_assessments_without_any_once(accepted, partnership, trust_lead):
    expected = stored_rows(accepted)
    AssessmentScore.objects.filter(assessment=accepted).delete()  # as in a database made before they were kept
    other = factories.make_partnership(name="Wirral Partnership")
    other_leads = [
        factories.make_member(org, Role.LEAD, f"Lead at {org.name}") for org in other.partner_organisations()
    ]
    kept = accept(start(other, accepted.version, other_leads[0]), {}, leads=other_leads, officer=accepted.accepted_by)
    kept_pks = sorted(AssessmentScore.objects.filter(assessment=kept).values_list("pk", flat=True))
    draft = start(partnership, accepted.version, trust_lead, period="2027/28")

    out = StringIO()
    call_command("store_scores", stdout=out)
    assert out.getvalue().strip() == STORED.format(stored=1, kept=1)
    assert stored_rows(accepted) == expected
    assert sorted(AssessmentScore.objects.filter(assessment=kept).values_list("pk", flat=True)) == kept_pks
    assert not AssessmentScore.objects.filter(assessment=draft).exists()

    out = StringIO()
    call_command("store_scores", stdout=out)
    assert out.getvalue().strip() == STORED.format(stored=0, kept=2)
    assert stored_rows(accepted) == expected


def test_accepting_an_assessment_moves_every_report_of_the_partnership_on_since_each_shows_the_trend(
    assessment, leads, officer, partnership, version
):
    next_year = start(partnership, version, leads[0], period="2027/28")
    before = type(next_year).objects.get(pk=next_year.pk).revision
    accept(assessment, CASE, leads=leads, officer=officer)
    assert type(next_year).objects.get(pk=next_year.pk).revision > before  # its PDF's trend has a new point
