"""Who may use each of the leads' pulse pages, for every person of the Mersey partnership and beyond.

The partnership's 2026/27 draft has a pulse opened by Tara (the trust's lead), with five answers and comments.
- Tara (trust lead) and Colin (council lead) run it: open, invite, print codes, close, read and withhold comments.
- Connie (trust contributor) and Manny (council manager) see its results; everything else is a 403 with the reason.
- Olive (BASW officer) sees nothing of a draft (404); once it is sent to BASW she sees the results, and nothing more.
- Otto (another partnership's lead) gets 404 everywhere; someone not signed in is sent to sign in.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assessments.access import NOT_A_LEAD_PULSE, PULSE_COMMENTS_LEADS_ONLY, PULSE_NOT_NOW
from assessments.models import Pulse, PulseInvitation, PulseReply, Status

from .page_helpers import page, url
from .pulse_helpers import answer_with_codes, give_statements, open_pulse
from .service_helpers import drive_to

pytestmark = pytest.mark.django_db

COMMENT = "My supervisor is brilliant."
RUNNERS = ["trust_lead", "council_lead"]
READERS = ["contributor", "manager"]


@pytest.fixture
def pulse(assessment, version, trust_lead):
    give_statements(version)
    pulse = open_pulse(assessment, trust_lead)
    answer_with_codes(pulse, trust_lead, 5, comment=COMMENT)
    return pulse


@pytest.fixture
def reply_id(pulse):
    return PulseReply.objects.filter(pulse=pulse).values_list("pk", flat=True).first()


def as_person(person):
    client = Client()
    client.force_login(person)
    return client


def requests_for(assessment, reply_id):
    """Every request to the leads' pulse pages: (what, method, url, data)."""
    pk = assessment.pk
    closes = (timezone.localdate() + timedelta(days=7)).isoformat()
    return [
        ("results", "get", url("pulse", pk), None),
        ("open", "post", url("pulse", pk), {"teams": [], "closes_on": closes}),
        ("invite form", "get", url("pulse_invite", pk), None),
        ("invite", "post", url("pulse_invite", pk), {"addresses": "sam@example.org"}),
        ("codes form", "get", url("pulse_codes", pk), None),
        ("codes", "post", url("pulse_codes", pk), {"count": "2"}),
        ("close form", "get", url("pulse_close", pk), None),
        ("close", "post", url("pulse_close", pk), {}),
        ("comments", "get", url("pulse_comments", pk), None),
        ("withhold", "post", url("pulse_withhold", pk, reply_id), {}),
    ]


def send(client, method, address, data):
    return client.post(address, data) if method == "post" else client.get(address)


def nothing_changed(pulse, invitations=5):
    pulse.refresh_from_db()
    assert pulse.closed_on is None
    assert PulseInvitation.objects.filter(pulse=pulse).count() == invitations
    assert PulseReply.objects.filter(pulse=pulse, comment=COMMENT).count() == 5


@pytest.mark.parametrize("person", RUNNERS)
def test_the_partnerships_leads_use_every_pulse_page(request, assessment, pulse, reply_id, person):
    client = as_person(request.getfixturevalue(person))
    expected = {"open": 200, "invite": 302, "close": 302, "withhold": 302}
    for what, method, address, data in requests_for(assessment, reply_id):
        if what == "close":
            continue  # closing is last: it stops the invitations
        assert send(client, method, address, data).status_code == expected.get(what, 200), what
    assert PulseInvitation.objects.filter(pulse=pulse).count() == 5 + 1 + 2
    assert PulseReply.objects.filter(pulse=pulse, comment=COMMENT).count() == 4
    assert client.post(url("pulse_close", assessment.pk)).status_code == 302
    pulse.refresh_from_db()
    assert pulse.closed_on == timezone.localdate()


@pytest.mark.parametrize("person", READERS)
def test_contributors_and_managers_see_the_results_and_are_told_why_they_may_do_nothing_else(
    request, assessment, pulse, reply_id, person
):
    client = as_person(request.getfixturevalue(person))
    for what, method, address, data in requests_for(assessment, reply_id):
        response = send(client, method, address, data)
        if what == "results":
            assert response.status_code == 200
            assert "Open until" in page(response) and "Invite people by email" not in page(response)
            continue
        assert response.status_code == 403, what
        reason = PULSE_COMMENTS_LEADS_ONLY if what in ("comments", "withhold") else NOT_A_LEAD_PULSE
        assert reason in page(response), what
    nothing_changed(pulse)


def test_a_basw_officer_sees_nothing_of_a_draft(assessment, pulse, reply_id, officer):
    client = as_person(officer)
    for what, method, address, data in requests_for(assessment, reply_id):
        assert send(client, method, address, data).status_code == 404, what
    nothing_changed(pulse)


def test_a_basw_officer_sees_the_results_once_sent_and_may_do_nothing_else(assessment, pulse, reply_id, officer, leads):
    drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    client = as_person(officer)
    for what, method, address, data in requests_for(assessment, reply_id):
        response = send(client, method, address, data)
        if what == "results":
            assert response.status_code == 200
            assert "Results" in page(response) and "The frontline's comments" not in page(response)
            continue
        assert response.status_code == 403, what
        reason = PULSE_COMMENTS_LEADS_ONLY if what in ("comments", "withhold") else NOT_A_LEAD_PULSE
        assert reason in page(response), what
    nothing_changed(pulse)


def test_once_submitted_the_leads_no_longer_run_the_pulse_but_still_read_its_comments(
    assessment, pulse, reply_id, officer, leads, trust_lead
):
    drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    client = as_person(trust_lead)
    refusal = PULSE_NOT_NOW.format(status="submitted")
    for what, method, address, data in requests_for(assessment, reply_id):
        if what in ("results", "comments", "withhold"):
            continue
        response = send(client, method, address, data)
        assert response.status_code == 403, what
        assert refusal in page(response), what
    nothing_changed(pulse)
    assert client.get(url("pulse", assessment.pk)).status_code == 200
    assert client.get(url("pulse_comments", assessment.pk)).status_code == 200


def test_an_outsider_gets_404_on_every_pulse_url(assessment, pulse, reply_id, outsider):
    client = as_person(outsider)
    for what, method, address, data in requests_for(assessment, reply_id):
        assert send(client, method, address, data).status_code == 404, what
    nothing_changed(pulse)


def test_someone_not_signed_in_is_sent_to_sign_in_from_every_pulse_url(client, assessment, pulse, reply_id):
    for what, method, address, data in requests_for(assessment, reply_id):
        response = send(client, method, address, data)
        assert response.status_code == 302, what
        assert response["Location"].startswith("/accounts/login/?next="), what
    nothing_changed(pulse)


def test_pages_that_change_something_take_only_a_post(assessment, pulse, reply_id, trust_lead):
    client = as_person(trust_lead)
    assert client.get(url("pulse_withhold", assessment.pk, reply_id)).status_code == 405
    assert client.post(url("pulse_comments", assessment.pk)).status_code == 405
    assert client.put(url("pulse", assessment.pk)).status_code == 405
    nothing_changed(pulse)


def test_without_a_pulse_its_pages_are_not_found_and_the_results_page_offers_to_open_one(
    assessment, version, trust_lead, manager
):
    give_statements(version)
    lead = as_person(trust_lead)
    for name in ("pulse_invite", "pulse_codes", "pulse_close", "pulse_comments"):
        assert lead.get(url(name, assessment.pk)).status_code == 404, name
    assert "Open a pulse for this assessment" in page(lead.get(url("pulse", assessment.pk)))
    text = page(as_person(manager).get(url("pulse", assessment.pk)))
    assert "No frontline pulse has been opened" in text and NOT_A_LEAD_PULSE in text
    assert not Pulse.objects.exists()
