"""The overview and check-your-answers pages read the database a fixed number of times, whatever the size.

Each page is measured for an assessment of N standards and of 3N, every one answered with actions and
files: at most 12 queries, and the same number at both sizes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import RatingMode
from assessments.services import assessment_start
from tests import factories

from .page_helpers import answer_all, sign_off_all, url

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
PRACTICES = 6  # plus two principles: 8 standards, then 20


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build(partnership, actor, council_lead, *, practices):
    version = factories.make_version(practices=practices)
    assessment = assessment_start(
        rating_mode=RatingMode.TOGETHER, partnership=partnership, period="2026/27", version=version, actor=actor
    )
    answer_all(assessment, rating="partially-met", actions=2, files=2)
    sign_off_all(assessment, council_lead)
    factories.make_team(partnership)
    return assessment


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
