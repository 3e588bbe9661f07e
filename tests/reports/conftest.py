"""Building an assessment worth reporting on: answers, actions and an officer's query, through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Response, ReviewQuery, ReviewState
from assessments.services import action_create
from tests.assessments.service_helpers import action_data, answer


def rate(assessment, code, actor, level, evidence) -> Response:
    response = Response.objects.get(assessment=assessment, standard__code=code)
    answer(response, actor, level, evidence=evidence)
    return response


def add_actions(response, actor, actions):
    """actions: (what will be done, responsible organisation or None for joint, priority, due in days)."""
    today = timezone.localdate()
    for description, organisation, priority, days in actions:
        data = action_data(
            description=description,
            responsible_organisation=organisation,
            priority=priority,
            due_date=today + timedelta(days=days),
        )
        action_create(response=response, actor=actor, data=data)


def query_with_reply(response, comment, reply):
    """An officer's query and the partnership's reply, as the review would leave them."""
    Response.objects.filter(pk=response.pk).update(
        review_state=ReviewState.QUERIED, review_comment=comment, reply=reply
    )
    ReviewQuery.objects.create(response=response, comment=comment, reply=reply)


@pytest.fixture(autouse=True)
def empty_report_cache():
    """Each test starts with no stored PDF (the cache is per process, and primary keys repeat between tests)."""
    from django.core.cache import caches

    caches["reports"].clear()


@pytest.fixture
def renders(monkeypatch):
    """The HTML of every real PDF render, wherever it happens (the worker or a command)."""
    from reports import pdf

    calls = []
    real = pdf.render_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls
