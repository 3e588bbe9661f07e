"""The task list, the standard page and check-your-answers read the database a fixed number of times, whatever
the size; so does the dashboard.

Each page is measured for an assessment of N standards and of 3N, every one answered with actions and
files: at most 12 queries, and the same number at both sizes. An assessment whose partners rate first is
measured with three partners (the trust and two councils), every partner's view of every standard given,
against the same budget: the views are one more query (all the views of every standard, prefetched), paid for
by reading the person's memberships once (access.get_assessment_for) where it read them twice.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import RatingMode
from assessments.services import assessment_start
from tests import factories

from .page_helpers import answer_all, sign_off_all, url
from .task_list_helpers import every_view_given

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
# The standard page and check-your-answers also look for the frontline pulse shown beside the ratings: one query
# when there is none (views.frontline.frontline_for; tests/assessments/test_frontline_beside_ratings_access.py).
PULSE_LOOKUP = 1
PARTNERS_FIRST_BUDGET = {
    "overview": MAX_QUERIES,
    "standard": MAX_QUERIES + PULSE_LOOKUP,
    "check": MAX_QUERIES + PULSE_LOOKUP,
}
DASHBOARD_MAX_QUERIES = 16  # tests/assessments/test_dashboard.py
PRACTICES = 6  # plus two principles: 8 standards, then 20
SPLIT_PAGES = list(PARTNERS_FIRST_BUDGET)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build(partnership, actor, council_lead, *, practices, rating_mode=RatingMode.TOGETHER):
    version = factories.make_version(practices=practices)
    assessment = assessment_start(
        rating_mode=rating_mode, partnership=partnership, period="2026/27", version=version, actor=actor
    )
    if rating_mode == RatingMode.PARTNERS_FIRST:
        ratings = ["largely-met", "not-met", "partially-met"][: len(partnership.partner_organisations())]
        every_view_given(assessment, ratings, author=actor)
    answer_all(assessment, rating="partially-met", actions=2, files=2)
    sign_off_all(assessment, council_lead)
    factories.make_team(partnership)
    return assessment


def page_url(page, assessment):
    args = (assessment.pk, "S1") if page == "standard" else (assessment.pk,)
    return url(page, *args)


def measure(client, path):
    client.get(path)  # warm anything cached per process, as a real server would be
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["overview", "check"])
@pytest.mark.parametrize("size", [1, 3])
def test_the_page_uses_at_most_12_queries(
    client, partnership, trust_lead, council_lead, page, size, django_assert_max_num_queries
):
    assessment = build(partnership, trust_lead, council_lead, practices=PRACTICES * size)
    client.force_login(trust_lead)
    client.get(url(page, assessment.pk))
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url(page, assessment.pk)).status_code == 200


@pytest.mark.parametrize("page", ["overview", "check"])
def test_the_page_uses_the_same_queries_at_three_times_the_data(
    client, partnership, trust_lead, council_lead, page, django_assert_num_queries
):
    small = build(partnership, trust_lead, council_lead, practices=PRACTICES)
    client.force_login(trust_lead)
    small_count = measure(client, url(page, small.pk))

    large_partnership = factories.make_partnership(councils=2, name="Large partnership")
    lead = factories.make_member(large_partnership.trust, "lead", "Larry Lead")
    council_lead_2 = factories.make_member(large_partnership.partner_organisations()[1], "lead", "Lena Lead")
    large = build(large_partnership, lead, council_lead_2, practices=PRACTICES * 3)
    assert large.responses.count() == 3 * PRACTICES + 2
    client.force_login(lead)
    client.get(url(page, large.pk))
    with django_assert_num_queries(small_count):
        client.get(url(page, large.pk))
    print(f"{page}: {small_count} queries at {small.responses.count()} and {large.responses.count()} standards")


@pytest.mark.parametrize("page", SPLIT_PAGES)
@pytest.mark.parametrize("size", [1, 3])
def test_with_three_partners_rating_first_the_page_stays_within_its_budget(
    client, partnership, council_lead, trust_lead, page, size, django_assert_max_num_queries
):
    """Tara at the trust, Colin at the first council and the second council have each given their view of every
    standard; Colin reads the page."""
    assert len(partnership.partner_organisations()) == 3
    assessment = build(
        partnership, trust_lead, council_lead, practices=PRACTICES * size, rating_mode=RatingMode.PARTNERS_FIRST
    )
    client.force_login(council_lead)
    client.get(page_url(page, assessment))
    with django_assert_max_num_queries(PARTNERS_FIRST_BUDGET[page]):
        assert client.get(page_url(page, assessment)).status_code == 200


@pytest.mark.parametrize("page", SPLIT_PAGES)
def test_with_three_partners_rating_first_the_page_uses_the_same_queries_at_three_times_the_data(
    client, partnership, trust_lead, council_lead, page, django_assert_num_queries
):
    small = build(partnership, trust_lead, council_lead, practices=PRACTICES, rating_mode=RatingMode.PARTNERS_FIRST)
    client.force_login(council_lead)
    small_count = measure(client, page_url(page, small))

    large_partnership = factories.make_partnership(councils=2, name="Large partnership")
    lead = factories.make_member(large_partnership.trust, "lead", "Larry Lead")
    council_lead_2 = factories.make_member(large_partnership.partner_organisations()[1], "lead", "Lena Lead")
    large = build(
        large_partnership, lead, council_lead_2, practices=PRACTICES * 3, rating_mode=RatingMode.PARTNERS_FIRST
    )
    assert large.responses.count() == 3 * PRACTICES + 2
    assert sum(r.partner_views.count() for r in large.responses.all()) == 3 * large.responses.count()
    client.force_login(council_lead_2)
    client.get(page_url(page, large))
    with django_assert_num_queries(small_count):
        client.get(page_url(page, large))
    print(f"{page} (partners first): {small_count} queries at {small.responses.count()} and 3x standards")


def lead_with_assessments(name, *, practices, periods):
    """A trust lead whose partnership (a trust, two councils) has one assessment a period; the partners rate
    first in the even ones, every partner's view given."""
    partnership = factories.make_partnership(councils=2, name=name)
    lead = factories.make_member(partnership.trust, "lead", f"{name} Lead")
    version = factories.make_version(practices=practices)
    for i, period in enumerate(periods):
        mode = RatingMode.TOGETHER if i % 2 else RatingMode.PARTNERS_FIRST
        a = assessment_start(rating_mode=mode, partnership=partnership, period=period, version=version, actor=lead)
        if a.partners_rate_first:
            every_view_given(a, ["fully-met", "largely-met", "not-met"], author=lead)
        answer_all(a, rating="partially-met", actions=1)
    return lead


def test_the_dashboard_reads_the_partners_views_in_one_query_whatever_their_number(client, db):
    """Two assessments at 8 standards, one rated first by the partners; then four at 20, two of them."""
    small = lead_with_assessments("Small", practices=PRACTICES, periods=["2025/26", "2026/27"])
    large = lead_with_assessments(
        "Large", practices=PRACTICES * 3, periods=["2023/24", "2024/25", "2025/26", "2026/27"]
    )
    client.force_login(small)
    small_count = measure(client, url("dashboard"))
    client.force_login(large)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("dashboard")).status_code == 200
    assert len(queries) == small_count <= DASHBOARD_MAX_QUERIES
    assert sum("assessments_partnerview" in q["sql"] for q in queries) == 1
