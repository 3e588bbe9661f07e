"""The partnership's trend (assessments.selectors.trend): every accepted assessment's stored scores in period order,
across the 2010 paper and the 2012 charter, one line per domain; on the partnership page, the comparison page and
the action plan PDF, as an SVG chart with its data table; two queries whatever the number of years.

The people are the Mersey partnership's (tests/conftest.py): its members see the partnership page, the officer
does not (it is the partnership's own); everyone who may see an accepted assessment sees its comparison page.
"""

import io
import re
from decimal import Decimal

import pdfua
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import OVERALL, AssessmentScore, Response
from assessments.selectors.trend import OVERALL_TITLE, Trend, TrendLine, TrendPoint, partnership_trend
from reports.content import report_for
from reports.pdf import action_plan_pdf, render_html
from standards.models import Domain, FrameworkVersion

from .trend_helpers import NOT_APPLICABLE, accepted, start

pytestmark = pytest.mark.django_db

DOMAINS = ["principles", "governance", "management", "leadership", "mdt"]  # both versions' codes, in their order
TABLE_CAPTION = "The scores of each accepted assessment, as stored when BASW accepted it (%): the chart's figures"


@pytest.fixture
def standards(db):
    """The real BASW standards, as `manage.py load_standards` loads them: the 2010 paper and the 2012 charter."""
    call_command("load_standards", stdout=io.StringIO())
    versions = FrameworkVersion.objects.filter(framework__slug="basw-mh-mdt")
    return versions.get(slug="2010"), versions.get(slug="2012-charter")


def first_of(version, domain):
    return version.standards.assessable().filter(domain__code=domain).order_by("source_order").first().code


@pytest.fixture
def across(partnership, standards, leads, officer):
    """2024/25 against the 2010 paper, its first governance standard not met; 2025/26 against the charter, its
    first leadership standard partially met and its first management standard not applicable; both accepted."""
    v2010, charter = standards
    first = accepted(
        start(partnership, v2010, leads[0], "2024/25"),
        {first_of(v2010, "governance"): "not-met"},
        leads=leads,
        officer=officer,
    )
    ratings = {first_of(charter, "leadership"): "partially-met", first_of(charter, "management"): NOT_APPLICABLE}
    second = accepted(start(partnership, charter, leads[0], "2025/26"), ratings, leads=leads, officer=officer)
    return first, second


def stored(assessment) -> dict:
    return {s.domain_key: s.percent for s in AssessmentScore.objects.filter(assessment=assessment)}


def test_the_trend_across_the_2010_paper_and_the_charter_has_both_points_on_one_line_per_domain(across):
    first, second = across
    trend = partnership_trend(first.partnership)
    assert [p.period for p in trend.points] == ["2024/25", "2025/26"]
    assert [p.version_label for p in trend.points] == ["BASW 2010", "BASW 2012 charter"]
    assert [p.new_version for p in trend.points] == [False, True]
    assert trend.changes == [trend.points[1]]
    assert [line.key for line in trend.lines] == [OVERALL, *DOMAINS]
    assert trend.lines[0].title == OVERALL_TITLE
    for line in trend.lines:
        assert line.values == (stored(first)[line.key], stored(second)[line.key])
        assert None not in line.values
    governance = dict(zip([line.key for line in trend.lines], trend.lines, strict=True))["governance"]
    assert governance.values[0] < 100 and governance.values[1] == 100  # not met in 2024/25 only
    # The chart: a panel per line, each domain's two points joined by one line, the change of version marked once.
    chart = trend.chart
    assert [panel.line.key for panel in chart.panels] == [OVERALL, *DOMAINS]
    for panel in chart.panels:
        assert len(panel.points) == 2 and len(panel.segments) == 1
        assert panel.segments[0] == " ".join(f"{p.x},{p.y}" for p in panel.points)
    assert [(mark.label, mark.changed) for mark in chart.versions] == [
        ("BASW 2010", False),
        ("BASW 2012 charter", True),
    ]
    assert [period for _, period in chart.periods] == ["2024/25", "2025/26"]


def test_a_renamed_domain_carries_its_history_through_its_trend_key(partnership, standards, leads, officer):
    v2010, charter = standards
    Domain.objects.filter(version=charter, code="governance").update(
        code="care-governance", trend_key="governance", title="Governance of social care"
    )
    accepted(start(partnership, v2010, leads[0], "2024/25"), {}, leads=leads, officer=officer)
    accepted(start(partnership, charter, leads[0], "2025/26"), {}, leads=leads, officer=officer)
    lines = {line.key: line for line in partnership_trend(partnership).lines}
    assert list(lines) == [OVERALL, *DOMAINS]
    assert lines["governance"].values == (Decimal("100.0"), Decimal("100.0"))
    assert lines["governance"].title == "Governance of social care"  # the latest version's title


def test_the_trend_reads_the_stored_scores_not_the_answers(across):
    first, second = across
    before = partnership_trend(first.partnership)
    not_met = second.version.rating_levels.get(code="not-met")
    Response.objects.filter(assessment=second).update(rating=not_met, not_applicable=False)
    assert partnership_trend(first.partnership).lines == before.lines
    AssessmentScore.objects.filter(assessment=first).delete()  # accepted before the scores were kept
    assert [p.period for p in partnership_trend(first.partnership).points] == ["2025/26"]


def test_a_domain_not_scored_one_year_leaves_a_gap_in_its_line(partnership, version, leads, officer):
    principles = {"P1": NOT_APPLICABLE, "P2": NOT_APPLICABLE}
    for period, ratings in (("2023/24", {}), ("2024/25", principles), ("2025/26", {})):
        accepted(start(partnership, version, leads[0], period), ratings, leads=leads, officer=officer)
    trend = partnership_trend(partnership)
    panel = next(panel for panel in trend.chart.panels if panel.line.key == "principles")
    assert panel.line.values == (Decimal("100.0"), None, Decimal("100.0"))
    assert len(panel.points) == 3 - 1 and panel.segments == ()  # no line drawn across the gap
    assert [row.values[1] for row in trend.rows] == [Decimal("100.0"), None, Decimal("100.0")]


def test_crowded_years_label_every_few_points_and_always_the_latest(partnership):
    assert not partnership_trend(partnership)  # nothing accepted yet
    points = tuple(TrendPoint(i, f"{2000 + i}/{i + 1:02d}", "Test", False, Decimal("50.0"), {}) for i in range(25))
    trend = Trend(partnership, points, (TrendLine(OVERALL, OVERALL_TITLE, (Decimal("50.0"),) * 25),))
    chart = trend.chart
    periods = [period for _, period in chart.periods]
    assert periods[-1] == "2024/25" and len(periods) == 9  # every third of 25
    assert sum(1 for point in chart.panels[0].points if point.label) == 9
    assert len(chart.panels[0].points) == 25


# Pages


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("person", ["trust_lead", "council_lead", "contributor", "manager"])
def test_everyone_in_the_partnership_sees_the_trend_on_its_page(request, client, across, person):
    first, _ = across
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("assessments:partnership", args=[first.partnership_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 class="h3 mt-4" id="trend">Scores over time</h2>' in html
    assert 'role="img" aria-labelledby="trend-chart-title trend-chart-desc"' in html
    assert (
        '<title id="trend-chart-title">The overall and domain scores of each accepted assessment, 2024/25 to 2025/26;'
        in html
    )
    chart = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<polyline") == 6
    assert chart.count('stroke-dasharray="6 4"') == 1 + 6  # the change of version, at the top and in each panel
    assert "style" not in chart  # CSP: presentation attributes only, no style attribute or element
    assert f"<caption>{TABLE_CAPTION}</caption>" in html
    text = text_of(response)
    assert "2024/25 BASW 2010" in text and "2025/26 BASW 2012 charter (new standards)" in text


@pytest.mark.parametrize("person", ["officer", "outsider"])
def test_the_partnership_page_stays_404_to_the_officer_and_an_outsider(request, client, across, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("assessments:partnership", args=[across[0].partnership_id])).status_code == 404


def test_a_partnership_without_an_accepted_assessment_says_so(client, trust_lead, partnership, assessment):
    client.force_login(trust_lead)
    response = client.get(reverse("assessments:partnership", args=[partnership.pk]))
    assert "No accepted assessment has its scores yet" in text_of(response)
    assert "<svg" not in response.content.decode().split('id="trend"', 1)[1].split("<h2", 1)[0]


@pytest.mark.parametrize("person", ["trust_lead", "manager", "officer"])
def test_the_comparison_page_shows_the_trend_and_marks_the_assessment_compared(request, client, across, person):
    first, second = across
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("reports:comparison", args=[first.pk]))
    assert response.status_code == 200
    assert response.context["trend"].points == partnership_trend(first.partnership).points
    text = text_of(response)
    assert "Scores over time" in text and "2024/25 (this assessment) BASW 2010" in text
    assert "2025/26 BASW 2012 charter" in text and "2025/26 (this assessment)" not in text


def test_the_comparison_page_stays_404_to_an_outsider_and_for_a_draft(client, outsider, trust_lead, across, leads):
    first, second = across
    client.force_login(outsider)
    assert client.get(reverse("reports:comparison", args=[first.pk])).status_code == 404
    draft = start(first.partnership, second.version, leads[0], "2026/27")
    client.force_login(trust_lead)
    assert client.get(reverse("reports:comparison", args=[draft.pk])).status_code == 404


# The PDF


def pdf_text(body: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


def test_the_action_plan_pdf_holds_the_trend_table_up_to_its_own_period(across, leads, tmp_path):
    first, second = across
    body = action_plan_pdf(second, use_cache=False)[0]
    text = pdf_text(body)
    assert "Scores over time" in text
    assert "2024/25 BASW 2010" in text and "2025/26 (this assessment) BASW 2012 charter (new standards)" in text
    html = render_html(report_for(first))  # the 2024/25 plan's trend stops at 2024/25
    table = html.split(TABLE_CAPTION, 1)[1].split("</table>", 1)[0]
    assert "2024/25" in table and "2025/26" not in table
    draft = start(first.partnership, second.version, leads[0], "2026/27")
    assert "2025/26" in render_html(report_for(draft)).split(TABLE_CAPTION, 1)[1]  # a draft shows the trend so far
    (tmp_path / "plan.pdf").write_bytes(body)  # the chart is a tagged figure, its title the alternative text
    report = pdfua.validate(str(tmp_path / "plan.pdf"))
    assert report.findings == (), [f"{f.rule_id}: {f.message}" for f in report.findings]


# Queries


def queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_the_trend_and_its_pages_read_as_many_queries_for_three_years_as_for_one(
    client, partnership, version, leads, officer, trust_lead
):
    client.force_login(trust_lead)
    first = accepted(start(partnership, version, leads[0], "2021/22"), {"S1": "not-met"}, leads=leads, officer=officer)
    page = reverse("assessments:partnership", args=[partnership.pk])
    comparison = reverse("reports:comparison", args=[first.pk])  # the earliest: no previous one to read either way
    latest = first

    def counts():
        client.get(page), client.get(comparison)  # warm anything cached per process
        return (
            queries(lambda: partnership_trend(partnership)),
            queries(lambda: client.get(page)),
            queries(lambda: client.get(comparison)),
            queries(lambda: report_for(latest)),
        )

    one = counts()
    assert one[0] == 2
    for period in ("2022/23", "2023/24"):
        latest = accepted(
            start(partnership, version, leads[0], period), {"S2": "not-met"}, leads=leads, officer=officer
        )
    assert len(partnership_trend(partnership).points) == len(report_for(latest).trend.points) == 3
    assert counts() == one
