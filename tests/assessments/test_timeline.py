"""The integration timeline: the Mersey partnership's governance leads (the trust's and both councils') record,
change and remove dated events; its contributor and manager read them; BASW officers read them once the
partnership has sent an assessment to BASW; the outsider gets 404 everywhere. The people are tests/conftest.py's.
"""

import html
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.access import NOT_A_TIMELINE_EDITOR
from assessments.models import Assessment, Status, TimelineEvent, TimelineKind
from assessments.services import WorkflowError
from assessments.services.limits import TEXT_TOO_LONG
from assessments.services.partnership import NOT_A_CHOICE
from assessments.services.timeline import (
    DECIDED_BY_REQUIRED,
    EARLIEST_EVENT_DATE,
    EVENT_IN_FUTURE,
    EVENT_TOO_EARLY,
    EventData,
    timeline_event_record,
)
from assessments.views.timeline import EVENT_CHANGED, EVENT_RECORDED, EVENT_REMOVED
from partnership_audit.forms import REQUIRED_CHOICE
from tests import factories

from .page_helpers import submitted, url
from .service_helpers import drive_to

pytestmark = pytest.mark.django_db

NOTICE = {
    "kind": TimelineKind.S75_NOTICE,
    "happened_on": "2026-01-15",
    "decided_by": "Westcombe Council's cabinet",
    "staff_consulted": "no",
    "note": "Twelve months' notice on the section 75 agreement.",
}


def page(response):
    return html.unescape(response.content.decode())


def record(partnership, actor, kind=TimelineKind.S75_SIGNED, happened_on=date(2019, 4, 1), **extra):
    values = {"decided_by": "The partnership board", "staff_consulted": "yes", "note": "", **extra}
    return timeline_event_record(
        partnership=partnership, actor=actor, data=EventData(kind=kind, happened_on=happened_on, **values)
    )


@pytest.fixture
def signed(partnership, trust_lead):
    """The agreement's signing in 2019, recorded by the trust lead."""
    return record(partnership, trust_lead)


# Who may do what, against the database: (GET timeline, GET the form, may record, change and remove).
MATRIX = [
    ("trust_lead", 200, 200, True),
    ("council_lead", 200, 200, True),
    ("council2_lead", 200, 200, True),
    ("contributor", 200, 403, False),
    ("manager", 200, 403, False),
    ("outsider", 404, 404, False),
]


@pytest.mark.parametrize(("person", "read", "form", "writes"), MATRIX)
def test_who_reads_and_who_records_the_timeline(request, client, partnership, signed, person, read, form, writes):
    client.force_login(request.getfixturevalue(person))
    assert client.get(url("timeline", partnership.pk)).status_code == read
    assert client.get(url("timeline_new", partnership.pk)).status_code == form
    assert client.get(url("timeline_edit", partnership.pk, signed.pk)).status_code == form

    created = client.post(url("timeline_new", partnership.pk), NOTICE)
    changed = client.post(url("timeline_edit", partnership.pk, signed.pk), {**NOTICE, "kind": "s75_renewed"})
    signed.refresh_from_db()
    assert (created.status_code, changed.status_code) == ((302, 302) if writes else (form, form))
    assert TimelineEvent.objects.filter(kind=TimelineKind.S75_NOTICE).exists() is writes
    assert (signed.kind == TimelineKind.S75_RENEWED) is writes

    removed = client.post(url("timeline_delete", partnership.pk, signed.pk))
    assert removed.status_code == (302 if writes else form)
    assert TimelineEvent.objects.filter(pk=signed.pk).exists() is not writes


def test_the_refusal_says_why(client, partnership, signed, manager):
    client.force_login(manager)
    response = client.post(url("timeline_new", partnership.pk), NOTICE)
    assert NOT_A_TIMELINE_EDITOR.format(role="Manager") in page(response)


def test_a_basw_officer_reads_the_timeline_only_once_an_assessment_is_sent_to_basw(
    client, partnership, assessment, signed, leads, officer
):
    client.force_login(officer)
    assert client.get(url("timeline", partnership.pk)).status_code == 404  # a draft is the partnership's own

    drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    shown = client.get(url("timeline", partnership.pk))
    assert shown.status_code == 200
    assert "Section 75 agreement signed" in page(shown)
    assert url("timeline_new", partnership.pk) not in page(shown)
    refused = client.post(url("timeline_new", partnership.pk), NOTICE)
    assert refused.status_code == 403 and NOT_A_TIMELINE_EDITOR.format(role="BASW officer") in page(refused)
    assert client.post(url("timeline_delete", partnership.pk, signed.pk)).status_code == 403
    assert TimelineEvent.objects.filter(partnership=partnership).count() == 1


def test_another_partnerships_event_is_404_even_to_a_lead(client, partnership, trust_lead):
    other = factories.make_partnership(name="Other Partnership")
    theirs = record(other, factories.make_member(other.trust, "lead", "Lena Otherlead"))
    client.force_login(trust_lead)
    assert client.get(url("timeline_edit", partnership.pk, theirs.pk)).status_code == 404
    assert client.post(url("timeline_delete", partnership.pk, theirs.pk)).status_code == 404
    assert client.get(url("timeline", other.pk)).status_code == 404
    assert TimelineEvent.objects.filter(pk=theirs.pk).exists()


def test_signed_out_people_are_sent_to_sign_in(client, partnership):
    response = client.get(url("timeline", partnership.pk))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_pages_take_only_their_methods(client, partnership, signed, trust_lead):
    client.force_login(trust_lead)
    assert client.post(url("timeline", partnership.pk)).status_code == 405
    assert client.put(url("timeline_new", partnership.pk)).status_code == 405
    assert client.get(url("timeline_delete", partnership.pk, signed.pk)).status_code == 405
    assert TimelineEvent.objects.filter(pk=signed.pk).exists()


def test_a_lead_records_an_event_with_history_and_a_new_revision(client, partnership, assessment, council_lead):
    client.force_login(council_lead)
    before = Assessment.objects.get(pk=assessment.pk).revision
    response = client.post(url("timeline_new", partnership.pk), NOTICE, follow=True)

    assert response.redirect_chain == [(url("timeline", partnership.pk), 302)]
    assert EVENT_RECORDED in page(response)
    event = TimelineEvent.objects.get(partnership=partnership)
    assert (event.kind, event.happened_on, event.decided_by, event.staff_consulted) == (
        TimelineKind.S75_NOTICE,
        date(2026, 1, 15),
        "Westcombe Council's cabinet",
        "no",
    )
    assert event.note == NOTICE["note"] and event.recorded_by == council_lead
    (created,) = event.history.all()
    assert created.history_type == "+" and created.history_user == council_lead
    assert Assessment.objects.get(pk=assessment.pk).revision == before + 1


def test_another_lead_changes_and_removes_it_and_the_history_says_who(
    client, partnership, assessment, signed, trust_lead, council2_lead
):
    client.force_login(council2_lead)
    before = Assessment.objects.get(pk=assessment.pk).revision
    changed = client.post(
        url("timeline_edit", partnership.pk, signed.pk), {**NOTICE, "kind": "s75_varied"}, follow=True
    )
    assert EVENT_CHANGED in page(changed)
    signed.refresh_from_db()
    assert signed.kind == TimelineKind.S75_VARIED and signed.recorded_by == trust_lead  # who first recorded it stays

    removed = client.post(url("timeline_delete", partnership.pk, signed.pk), follow=True)
    assert EVENT_REMOVED in page(removed)
    assert not TimelineEvent.objects.filter(pk=signed.pk).exists()
    history = TimelineEvent.history.filter(id=signed.pk).order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", trust_lead),
        ("~", council2_lead),
        ("-", council2_lead),
    ]
    assert Assessment.objects.get(pk=assessment.pk).revision == before + 2
    text = page(removed)
    assert f"{council2_lead.full_name} removed “Section 75 agreement varied”" in text
    assert f"{trust_lead.full_name} recorded “Section 75 agreement signed”" in text


def test_saving_an_event_unchanged_keeps_no_new_history(client, partnership, signed, trust_lead):
    client.force_login(trust_lead)
    same = {"kind": "s75_signed", "happened_on": "2019-04-01", "decided_by": " The partnership board ", "note": ""}
    client.post(url("timeline_edit", partnership.pk, signed.pk), {**same, "staff_consulted": "yes"})
    assert TimelineEvent.history.filter(id=signed.pk).count() == 1


def _refused(client, partnership, **fields):
    response = client.post(url("timeline_new", partnership.pk), {**NOTICE, **fields})
    assert response.status_code == 200
    assert not TimelineEvent.objects.filter(partnership=partnership).exists()
    return page(response)


def test_a_date_after_today_or_before_1990_is_refused_with_a_clear_message(client, partnership, trust_lead):
    client.force_login(trust_lead)
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).isoformat()
    text = _refused(client, partnership, happened_on=tomorrow)
    assert EVENT_IN_FUTURE.format(today=today) in text and 'href="#id_happened_on"' in text
    too_early = (EARLIEST_EVENT_DATE - timedelta(days=1)).isoformat()
    assert EVENT_TOO_EARLY.format(earliest=EARLIEST_EVENT_DATE) in _refused(client, partnership, happened_on=too_early)
    assert "1 January 1990" in EVENT_TOO_EARLY.format(earliest=EARLIEST_EVENT_DATE)

    for edge in (today, EARLIEST_EVENT_DATE):  # today and 1 January 1990 are both fine
        assert (
            client.post(url("timeline_new", partnership.pk), {**NOTICE, "happened_on": edge.isoformat()}).status_code
            == 302
        )
    assert TimelineEvent.objects.filter(partnership=partnership).count() == 2


def test_who_decided_is_required_and_the_texts_are_bounded(client, partnership, trust_lead):
    client.force_login(trust_lead)
    assert DECIDED_BY_REQUIRED in _refused(client, partnership, decided_by="   ")
    assert DECIDED_BY_REQUIRED in _refused(client, partnership, decided_by="")
    long_decider = TEXT_TOO_LONG.format(field="Who decided it", limit=200, length=201)
    assert long_decider in _refused(client, partnership, decided_by="x" * 201)
    long_note = TEXT_TOO_LONG.format(field="The note", limit=5_000, length=5_001)
    assert long_note in _refused(client, partnership, note="y" * 5_001)
    assert REQUIRED_CHOICE.format(the="what happened") in _refused(client, partnership, kind="")


def test_the_service_refuses_whoever_may_not_record_and_nonsense_whatever_the_page(
    partnership, trust_lead, contributor, officer
):
    with pytest.raises(WorkflowError) as excinfo:
        record(partnership, contributor)
    assert excinfo.value.messages == [NOT_A_TIMELINE_EDITOR.format(role="Contributor")]
    with pytest.raises(WorkflowError) as excinfo:
        record(partnership, officer)
    assert excinfo.value.messages == [NOT_A_TIMELINE_EDITOR.format(role="BASW officer")]
    with pytest.raises(WorkflowError) as excinfo:
        record(partnership, trust_lead, kind="merged", decided_by="", happened_on=date(1989, 12, 31))
    assert excinfo.value.message_dict == {
        "kind": [NOT_A_CHOICE],
        "decided_by": [DECIDED_BY_REQUIRED],
        "happened_on": [EVENT_TOO_EARLY.format(earliest=EARLIEST_EVENT_DATE)],
    }
    assert not TimelineEvent.objects.exists()


def test_the_page_lists_events_newest_first_by_year_with_who_decided_and_consultation(
    client, partnership, signed, trust_lead, manager
):
    record(
        partnership,
        trust_lead,
        TimelineKind.WITHDRAWN,
        date(2026, 3, 2),
        decided_by="The council",
        staff_consulted="no",
    )
    record(partnership, trust_lead, TimelineKind.S75_VARIED, date(2026, 9, 30), decided_by="Both partners")
    client.force_login(manager)
    text = page(client.get(url("timeline", partnership.pk)))

    assert text.index(">2026</h2>") < text.index(">2019</h2>")
    assert text.index("Section 75 agreement varied") < text.index("Social workers withdrawn to council management")
    assert "2 events, of which 1 step away from integration" in text
    assert "Step away from integration</span>" in text and "The council" in text and "No</td>" in text
    assert (
        url("timeline_new", partnership.pk) not in text and url("timeline_edit", partnership.pk, signed.pk) not in text
    )

    client.force_login(trust_lead)
    lead_page = page(client.get(url("timeline", partnership.pk)))
    assert (
        url("timeline_new", partnership.pk) in lead_page
        and url("timeline_edit", partnership.pk, signed.pk) in lead_page
    )


def test_the_partnership_page_links_to_its_timeline(client, partnership, manager):
    client.force_login(manager)
    assert url("timeline", partnership.pk) in page(client.get(url("partnership", partnership.pk)))


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_timeline_page_reads_in_a_fixed_number_of_queries(client, partnership, trust_lead):
    client.force_login(trust_lead)
    for year in (2020, 2021):
        record(partnership, trust_lead, TimelineKind.RESTRUCTURED, date(year, 6, 1))
    few = _queries(client, url("timeline", partnership.pk))
    for year in range(2000, 2020):
        record(partnership, trust_lead, TimelineKind.RESTRUCTURED, date(year, 6, 1))
        record(partnership, trust_lead, TimelineKind.PSW_LOST, date(year, 7, 1))
    assert _queries(client, url("timeline", partnership.pk)) == few


def test_the_officer_reaches_the_timeline_from_the_review_page(client, assessment, leads, officer, partnership):
    in_review = submitted(assessment, *leads)
    client.force_login(officer)
    review = client.get(reverse("assessments:review", args=[in_review.pk])).content.decode()
    timeline_url = reverse("assessments:timeline", args=[partnership.pk])
    assert f'href="{timeline_url}"' in review
    assert client.get(timeline_url).status_code == 200
