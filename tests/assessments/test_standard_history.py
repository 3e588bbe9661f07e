"""Each standard's ratings over the partnership's accepted assessments, across the 2010 paper and the 2012 charter:
a charter item that restates a 2010 item carries that item's rating as its history (on the comparison page)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.selectors.standard_history import standard_history
from standards.models import FrameworkVersion

from .page_helpers import page
from .trend_helpers import accepted, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(partnership, leads, officer):
    """2024/25 on the 2010 paper with one restated item not met; 2025/26 on the charter, its restatement partially
    met; both accepted through the services."""
    call_command("load_standards", stdout=io.StringIO())
    versions = FrameworkVersion.objects.filter(framework__slug="basw-mh-mdt")
    v2010, charter = versions.get(slug="2010"), versions.get(slug="2012-charter")
    restated = charter.standards.assessable().filter(restates__isnull=False).order_by("source_order").first()
    old_code, new_code = restated.restates.code, restated.code
    first = accepted(
        start(partnership, v2010, leads[0], "2024/25"), {old_code: "not-met"}, leads=leads, officer=officer
    )
    second = accepted(
        start(partnership, charter, leads[0], "2025/26"), {new_code: "partially-met"}, leads=leads, officer=officer
    )
    return first, second, new_code


def test_a_charter_item_carries_the_rating_of_the_2010_item_it_restates(two_versions):
    first, second, code = two_versions
    history = standard_history(second)
    assert [a.period for a in history.assessments] == ["2024/25", "2025/26"]
    row = next(r for r in history.standards if r.standard.code == code)
    assert row.row(history.assessments) == ["Not met", "Partially met"]
    assert len(history.standards) == second.responses.count()


def test_the_comparison_page_shows_each_standards_ratings_over_the_years(client, two_versions, trust_lead):
    first, second, code = two_versions
    client.force_login(trust_lead)
    text = page(client.get(reverse("reports:comparison", args=[second.pk])))
    start_at = text.index("Each standard in the partnership's accepted assessments")
    table = text[start_at : text.index("</table>", start_at)]
    row = table[table.index(f">{code} ") :]
    row = row[: row.index("</tr>")]
    assert "Not met" in row and "Partially met" in row


def test_the_history_reads_the_same_queries_with_more_years(two_versions, leads, officer, django_assert_num_queries):
    first, second, code = two_versions
    with django_assert_num_queries(3):
        standard_history(second)
    third = accepted(start(second.partnership, second.version, leads[0], "2026/27"), {}, leads=leads, officer=officer)
    with django_assert_num_queries(3):
        assert len(standard_history(third).assessments) == 3
