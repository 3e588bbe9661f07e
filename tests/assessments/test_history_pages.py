"""A standard's history, page by page: its queries stay flat however long the history grows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Response
from assessments.services import action_create
from assessments.views.standard import HISTORY_PER_PAGE

from .page_helpers import page, url
from .service_helpers import action_data

pytestmark = pytest.mark.django_db


def edit(response, times, start=0):
    for i in range(start, start + times):
        response.evidence = f"Version {i}"
        response.save()


def queries_for(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_history_is_paginated_with_an_accessible_nav(lead_client, assessment):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    edit(s1, HISTORY_PER_PAGE + 5)
    text = page(lead_client.get(url("history", assessment.pk, "S1")))
    assert len(re.findall(r"<tr><td>", text)) == HISTORY_PER_PAGE
    assert 'aria-label="History pages"' in text and 'aria-current="page"' in text
    second = page(lead_client.get(url("history", assessment.pk, "S1") + "?page=2"))
    assert len(re.findall(r"<tr><td>", second)) == 5


def test_the_oldest_entry_on_a_page_is_diffed_against_the_record_on_the_next_page(lead_client, assessment):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    edit(s1, HISTORY_PER_PAGE + 1)  # Version 0 is alone on page 2
    text = page(lead_client.get(url("history", assessment.pk, "S1")))
    assert "Version 0 → Version 1" in text


def test_an_actions_change_is_diffed_against_that_actions_previous_record(lead_client, assessment, trust_lead):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    action = action_create(response=s1, actor=trust_lead, data=action_data(description="First wording"))
    edit(s1, 3)
    action.description = "Second wording"
    action.save()
    text = page(lead_client.get(url("history", assessment.pk, "S1")))
    assert "First wording → Second wording" in text


def test_the_history_page_uses_the_same_queries_at_ten_times_the_edits(lead_client, assessment, trust_lead):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    edit(s1, 30)
    path = url("history", assessment.pk, "S1")
    small = queries_for(lead_client, path)
    edit(s1, 270, start=30)
    assert queries_for(lead_client, path) == small <= 15
