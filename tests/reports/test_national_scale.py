"""The national picture at scale, for BASW officers: read from the scores stored at acceptance (equal to the figures
the answers give), national domain scores by year and by region with nothing shown from fewer than 5
partnerships, "by partnership model" split by how social workers are employed and by the leadership facts, the
time to acceptance worked out by the database, and queries that do not grow with the years of data.

Every assessment is rated and accepted through the services (national_helpers.accept), so its scores are stored
as acceptance stores them and its profile kept as submission keeps it. The version has P1, P2 (principles),
S1 (governance) and S2 (leadership); scores 0 not met to 3 fully met, None not applicable.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Partnership, ProfileSnapshot, Region, Response
from assessments.scoring import percent
from reports import national, national_models, national_scores
from reports.national_scores import SUPPRESSED_CSV
from tests import factories

from .national_helpers import accept

pytestmark = pytest.mark.django_db

NAMES = ["Ashfield", "Brookvale", "Cedarholt", "Dunmore", "Eastleigh", "Fernhill"]
# The known years, worked out by hand (each year's other answers fully met):
# 2026/27: all six; Ashfield S1 not met. Governance (S1) 15 of 18 = 83.3; overall 69 of 72 = 95.8.
# 2025/26: the first five; Brookvale S2 partially met, Cedarholt S1 not applicable: governance rated by only four
#          (not shown); leadership 13 of 15 = 86.7; overall 55 of 57 (19 standards rated).
# 2024/25: the first three: nothing shown.
YEARS = {
    "2026/27": {"Ashfield": {"S1": 0}},
    "2025/26": {"Brookvale": {"S2": 1}, "Cedarholt": {"S1": None}},
    "2024/25": {},
}
TAKING_PART = {"2026/27": NAMES, "2025/26": NAMES[:5], "2024/25": NAMES[:3]}


@pytest.fixture
def small_version(db):
    return factories.make_version(practices=2)


def filters(version, period="2026/27", **extra):
    return national.Filters(period=period, version=version, **extra)


def six_partnerships():
    """Five in the North West; Fernhill in the South West."""
    return {
        name: factories.make_partnership(
            name=f"{name} Partnership", region=Region.SOUTH_WEST if name == "Fernhill" else Region.NORTH_WEST
        )
        for name in NAMES
    }


def known_years(version):
    partnerships = six_partnerships()
    for period, plans in YEARS.items():
        for name in TAKING_PART[period]:
            accept(partnerships[name], version, plans.get(name, {}), period=period)
    return partnerships


def from_answers(version, period):
    """Each accepted assessment's domain scores worked out again from its answers: {partnership name: {code: %}}."""
    top = max(level.score for level in version.rating_levels.all())
    rows = (
        Response.objects.filter(
            assessment__period=period, assessment__version=version, not_applicable=False, rating__isnull=False
        )
        .values("assessment__partnership__name", "standard__domain__code")
        .annotate(total=Sum("rating__score"), n=Count("pk"))
    )
    result: dict[str, dict] = {}
    for row in rows:
        scores = result.setdefault(row["assessment__partnership__name"], {})
        scores[row["standard__domain__code"]] = percent(row["total"], row["n"], top)
    return result


def test_stored_scores_give_the_national_figures_the_answers_give(small_version):
    partnerships = known_years(small_version)
    Partnership.objects.filter(pk=partnerships["Dunmore"].pk).update(arrangement="ended")  # after acceptance
    for period in YEARS:
        heat = national_scores.heatmap(filters(small_version, period))
        assert {row["name"]: row["scores"] for row in heat} == from_answers(small_version, period)
    accepted = Assessment.objects.get(partnership=partnerships["Ashfield"], period="2026/27")
    own, median, *_ = national_scores.domain_score_lists(accepted)
    assert own == from_answers(small_version, "2026/27")["Ashfield Partnership"]
    assert median == {"principles": 100.0, "governance": 100.0, "leadership": 100.0}  # the median of six
    # The arrangement is the one each had when accepted: Dunmore's later end of integration changes nothing.
    (pooled,) = national_models.by_model(filters(small_version))["arrangement"]
    assert (pooled["label"], pooled["partnerships"], pooled["scores"]["governance"]) == (
        "Section 75 with a pooled budget",
        6,
        83.3,
    )


def test_national_domain_scores_by_year_show_nothing_from_fewer_than_five_partnerships(small_version):
    known_years(small_version)
    years = {row.period: row for row in national_scores.by_year(filters(small_version))}
    assert list(years) == ["2026/27", "2025/26", "2024/25"]  # newest first
    newest, before, first = years["2026/27"], years["2025/26"], years["2024/25"]
    assert newest.partnerships == 6 and not newest.suppressed
    assert [c.value for c in newest.cells] == [100.0, 83.3, 100.0] and newest.overall.value == 95.8
    assert before.partnerships == 5 and not before.suppressed
    assert [(c.value, c.suppressed) for c in before.cells] == [(100.0, False), (None, True), (86.7, False)]
    assert before.overall.value == round(100 * 55 / 57, 1)
    assert first.partnerships == 3 and first.suppressed
    assert all(c.suppressed and c.value is None for c in first.cells_and_overall)


def test_national_domain_scores_by_region_as_each_was_when_accepted(small_version, client, officer):
    known_years(small_version)
    by_region = {g["label"]: g for g in national_scores.by_region(filters(small_version))}
    north_west, south_west = by_region["North West"], by_region["South West"]
    assert (north_west["partnerships"], north_west["suppressed"]) == (5, False)
    assert north_west["scores"] == {"principles": 100.0, "governance": 80.0, "leadership": 100.0}
    assert (south_west["partnerships"], south_west["suppressed"], south_west["scores"]) == (1, True, {})
    # The region filter narrows the years too: 2026/27 is the North West's five.
    years = national_scores.by_year(filters(small_version, region=Region.NORTH_WEST))
    assert years[0].partnerships == 5 and years[0].cells[1].value == 80.0
    client.force_login(officer)
    page = client.get(reverse("reports:national")).content.decode()
    assert "National domain scores by year (%)" in page and "Domain scores by region (%)" in page
    assert national_scores.NOT_SHOWN in page and national.SUPPRESSED in page
    years_csv = csv_rows(client, "by_year")
    assert years_csv[0] == ["Year", "Partnerships", "Principles", "Governance", "Leadership", "Overall"]
    assert years_csv[1] == ["2026/27", "6", "100.0", "83.3", "100.0", "95.8"]
    assert years_csv[2][3] == SUPPRESSED_CSV and years_csv[3][1:] == ["3", *[SUPPRESSED_CSV] * 4]
    regions_csv = {row[0]: row for row in csv_rows(client, "by_region")[1:]}
    assert regions_csv["South West"] == ["South West", "1", *[SUPPRESSED_CSV] * 3]


def test_a_domain_of_other_standards_counts_in_the_years_under_the_domain_it_continues(small_version):
    charter = factories.make_version(practices=2)
    charter.domains.filter(code="governance").update(code="accountability", trend_key="governance")
    for name in NAMES[:5]:
        accept(factories.make_partnership(name=f"{name} Partnership"), charter, {"S1": 1}, period="2025/26")
    (year,) = national_scores.by_year(filters(small_version))
    assert year.period == "2025/26" and year.cells[1].value == round(100 * 5 / 15, 1)  # the charter's S1


def csv_rows(client, table):
    response = client.get(reverse("reports:national_csv", args=[table]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_by_model_splits_by_how_social_workers_are_employed(small_version):
    for _ in range(5):
        accept(factories.make_partnership(social_worker_employment="seconded"), small_version, {"S2": 0})
    for _ in range(5):
        accept(factories.make_partnership(social_worker_employment="transferred"), small_version, {})
    council = accept(factories.make_partnership(social_worker_employment="council"), small_version, {})
    Partnership.objects.filter(pk=council.partnership_id).update(social_worker_employment="seconded")
    split = {g["label"]: g for g in national_models.by_model(filters(small_version))["employment"]}
    assert split["Seconded to the trust"]["scores"]["leadership"] == 0.0
    assert split["Transferred to the trust"]["scores"]["leadership"] == 100.0
    employed = split["Employed by the council"]  # as it was when accepted
    assert (employed["partnerships"], employed["suppressed"]) == (1, True)


def test_by_model_splits_by_the_leadership_facts_as_the_profile_stood_at_submission(small_version):
    board = {"social_work_lead": "Dr A. Khan, Principal Social Worker", "social_work_lead_reports_to_board": True}
    two_systems = {"recording_systems": "two", "amhp_service_with_council": True, "social_workers_managed_by": "trust"}
    on_the_board = [accept(factories.make_partnership(**board, **two_systems), small_version, {}) for _ in range(5)]
    for _ in range(5):
        accept(factories.make_partnership(recording_systems="one"), small_version, {"S1": 0, "S2": 0})
    # Later edits of the profile do not move an accepted assessment: its snapshot holds the facts...
    Partnership.objects.filter(pk=on_the_board[0].partnership_id).update(social_work_lead="", recording_systems="")
    # ...and where no snapshot was kept, the partnership's facts as they stand are read.
    ProfileSnapshot.objects.filter(assessment=on_the_board[1]).delete()
    models = national_models.by_model(filters(small_version))
    lead = {g["label"]: g for g in models["lead"]}
    with_lead = lead[national_models.LEAD_LABELS[national_models.LEAD_BOARD]]
    assert (with_lead["partnerships"], with_lead["scores"]["governance"]) == (5, 100.0)
    without = lead[national_models.LEAD_LABELS[national_models.NO_LEAD]]
    assert (without["partnerships"], without["scores"]["governance"]) == (5, 0.0)
    recording = {g["label"]: g["scores"].get("leadership") for g in models["recording"]}
    assert recording == {"One IT system": 0.0, "Two IT systems (the trust's and the council's)": 100.0}
    amhp = {g["label"]: g["partnerships"] for g in models["amhp_service"]}
    assert amhp == {"The AMHP service stays with the council": 5, national_models.NOT_SAID: 5}
    managers = {g["label"]: g["partnerships"] for g in models["social_workers_managed_by"]}
    assert managers == {"The trust": 5, national_models.NOT_SAID: 5}


def test_the_time_to_acceptance_is_the_mean_over_every_accepted_assessment(small_version):
    first = accept(factories.make_partnership(), small_version, {})
    second = accept(factories.make_partnership(), small_version, {}, period="2025/26")
    for assessment, days in ((first, 3), (second, 10)):
        submitted = assessment.accepted_at - timedelta(days=days, hours=12)
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=submitted)
    assert national.time_to_acceptance(filters(small_version)) == {"n": 2, "mean_days": 7.0}


def test_the_overview_reads_as_many_queries_whatever_the_years_and_partnerships(client, officer, small_version):
    client.force_login(officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:national")).status_code == 200
        return len(ctx.captured_queries)

    first = [factories.make_partnership(recording_systems="one") for _ in range(2)]
    for p in first:
        accept(p, small_version, {"S1": 1})
    small = count()
    for p in first:  # another year of the same partnerships, and more partnerships with their leadership facts
        accept(p, small_version, {"S2": 0}, period="2025/26")
    for _ in range(5):
        p = factories.make_partnership(social_work_lead="A. Lead", social_work_lead_reports_to_board=False)
        factories.make_team(p)
        accept(p, small_version, {"S1": 0})
    assert count() == small
