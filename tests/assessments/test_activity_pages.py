"""The activity page, page by page: events and emails each paginated, newest first, in a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Event, EventKind, Notification
from assessments.views.assessment import ACTIVITY_PER_PAGE

from .page_helpers import page, url

pytestmark = pytest.mark.django_db


def add_events(assessment, actor, count, start=0):
    base = timezone.now() + timedelta(minutes=1)
    Event.objects.bulk_create(
        Event(
            assessment=assessment,
            kind=EventKind.REVIEWER_CHANGED,
            actor=actor,
            at=base + timedelta(minutes=i),
            note=f"Event note {i}",
        )
        for i in range(start, start + count)
    )


def add_emails(assessment, recipient, count, start=0):
    base = timezone.now() + timedelta(minutes=1)
    Notification.objects.bulk_create(
        Notification(
            assessment=assessment,
            kind="test",
            recipient=recipient,
            email=recipient.email,
            subject=f"Email subject {i}",
            body="Body",
            created_at=base + timedelta(minutes=i),
        )
        for i in range(start, start + count)
    )


def queries_for(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def section(text, heading):
    """The part of the page from an h2 to the next h2 (or the end)."""
    return text.split(heading, 1)[1].split("<h2", 1)[0]


def test_the_activity_page_uses_the_same_queries_at_ten_times_the_events_and_emails(
    lead_client, assessment, trust_lead, manager
):
    add_events(assessment, trust_lead, 3)
    add_emails(assessment, manager, 3)
    path = url("activity", assessment.pk)
    small = queries_for(lead_client, path)
    add_events(assessment, manager, 30, start=3)
    add_emails(assessment, trust_lead, 30, start=3)
    assert queries_for(lead_client, path) == small
    assert queries_for(lead_client, path + "?events_page=2&emails_page=2") == small


def test_events_are_paginated_newest_first_and_page_two_shows_the_older_ones(lead_client, assessment, trust_lead):
    add_events(assessment, trust_lead, ACTIVITY_PER_PAGE + 5)  # plus the "Started" event of assessment_start
    first = section(page(lead_client.get(url("activity", assessment.pk))), "What happened")
    assert len(re.findall(r"<tr><td>", first)) == ACTIVITY_PER_PAGE
    assert f"Event note {ACTIVITY_PER_PAGE + 4}" in first and "Event note 4<" not in first
    assert 'aria-label="Event pages"' in first and 'aria-current="page"' in first
    second = section(page(lead_client.get(url("activity", assessment.pk) + "?events_page=2")), "What happened")
    assert len(re.findall(r"<tr><td>", second)) == 6
    assert "Event note 0<" in second and "Event note 4<" in second and "Started" in second
    assert f"Event note {ACTIVITY_PER_PAGE + 4}" not in second


def test_emails_are_paginated_newest_first_on_their_own_page_parameter(lead_client, assessment, trust_lead):
    add_emails(assessment, trust_lead, ACTIVITY_PER_PAGE + 2)
    text = page(lead_client.get(url("activity", assessment.pk)))
    emails = section(text, "Emails about this assessment")
    assert len(re.findall(r"<tr><td>", emails)) == ACTIVITY_PER_PAGE
    assert f"Email subject {ACTIVITY_PER_PAGE + 1}" in emails and "Email subject 0<" not in emails
    assert 'aria-label="Email pages"' in emails
    assert 'aria-label="Event pages"' not in text  # one page of events: no links
    older = section(
        page(lead_client.get(url("activity", assessment.pk) + "?emails_page=2")), "Emails about this assessment"
    )
    assert len(re.findall(r"<tr><td>", older)) == 2
    assert "Email subject 0<" in older and "Email subject 1<" in older


def test_a_page_number_out_of_range_shows_the_last_page(lead_client, assessment, trust_lead):
    add_events(assessment, trust_lead, ACTIVITY_PER_PAGE + 1)
    response = lead_client.get(url("activity", assessment.pk) + "?events_page=99")
    assert response.status_code == 200
    assert "Event note 0<" in section(page(response), "What happened")


def test_paging_one_list_keeps_the_other_lists_page(lead_client, assessment, trust_lead):
    add_events(assessment, trust_lead, ACTIVITY_PER_PAGE + 1)
    add_emails(assessment, trust_lead, ACTIVITY_PER_PAGE + 1)
    response = lead_client.get(url("activity", assessment.pk) + "?emails_page=2")
    assert 'href="?emails_page=2&amp;events_page=2#events"' in response.content.decode()  # escaped in the HTML
    text = page(response)
    emails = section(text, "Emails about this assessment")
    assert "Email subject 0<" in emails  # still on the emails' second page
