"""The review queue, page by page: 25 a list, with accessible page links, queries flat as the queue grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment, Status
from assessments.views.review import QUEUE_PER_PAGE
from tests import factories

from .page_helpers import page, url

pytestmark = pytest.mark.django_db


def submit_many(n, version, actor, start=0):
    for i in range(start, start + n):
        partnership = factories.make_partnership(name=f"Queued {i:03}")
        Assessment.objects.create(
            partnership=partnership,
            period="2026/27",
            version=version,
            status=Status.SUBMITTED,
            created_by=actor,
            submitted_at=timezone.now(),
        )


def queries_for(client):
    client.get(url("review_queue"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("review_queue")).status_code == 200
    return len(queries)


def test_the_queue_shows_25_at_a_time_with_page_links(client, officer, version):
    submit_many(QUEUE_PER_PAGE + 2, version, officer)
    client.force_login(officer)
    text = page(client.get(url("review_queue")))
    assert f"({QUEUE_PER_PAGE + 2})" in text
    assert text.count("Take for review<") == QUEUE_PER_PAGE
    assert 'aria-label="Pages of assessments waiting for review"' in text
    assert page(client.get(url("review_queue") + "?waiting_page=2")).count("Take for review<") == 2


def test_the_queues_queries_stay_flat_as_it_grows_tenfold(client, officer, version):
    submit_many(3, version, officer)
    client.force_login(officer)
    small = queries_for(client)
    submit_many(27, version, officer, start=3)
    assert queries_for(client) == small
