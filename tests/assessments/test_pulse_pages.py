"""The leads' pulse pages: opening a pulse, inviting by email, printing codes, closing it.

Tara (the trust's lead) runs the pulse on the Mersey partnership's 2026/27 draft; its version has a statement on
each practice standard. The results and comments pages are specified in test_pulse_results_pages.py.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assessments.forms.pulse import CLOSES_ON_LABEL, TEAMS_LABEL
from assessments.models import InvitationKind, Pulse, PulseEmail, PulseInvitation, PulseReply
from assessments.services import pulse as pulse_service
from assessments.views.pulse import CODES_SHOWN_ONCE, PULSE_CLOSED_NOW
from standards.models import Statement
from tests import factories

from .page_helpers import errors_in_summary, page, url
from .pulse_helpers import open_pulse

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(partnership):
    return [factories.make_team(partnership, name=name) for name in ("Riverside CMHT", "Hillside CMHT")]


@pytest.fixture
def pulse(assessment, trust_lead, statements, teams):
    return open_pulse(assessment, trust_lead, teams=teams[:1])


def in_days(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_a_lead_opens_a_pulse_for_the_teams_chosen_until_the_closing_date(
    lead_client, assessment, trust_lead, statements, teams
):
    text = page(lead_client.get(url("pulse", assessment.pk)))
    assert "<legend" in text and TEAMS_LABEL in text and CLOSES_ON_LABEL in text
    assert all(f'value="{team.pk}"' in text for team in teams)
    assert f"at least {settings.PULSE_MIN_ANSWERS} people have answered" in text
    assert f"only from {settings.PULSE_MIN_TEAM_ANSWERS} answers" in text

    response = lead_client.post(url("pulse", assessment.pk), {"teams": [teams[0].pk], "closes_on": in_days(14)})

    assert response.status_code == 302 and response["Location"] == url("pulse", assessment.pk)
    pulse = Pulse.objects.get(assessment=assessment)
    assert list(pulse.teams.all()) == [teams[0]]
    assert pulse.closes_on == timezone.localdate() + timedelta(days=14) and pulse.opened_by == trust_lead
    text = page(lead_client.get(response["Location"]))
    assert "The frontline pulse is open until" in text
    assert "0 answers" in text and "Invite people by email" in text and "Print codes" in text


def test_opening_with_bad_input_shows_every_message_and_opens_nothing(lead_client, assessment, statements, teams):
    response = lead_client.post(url("pulse", assessment.pk), {"teams": [], "closes_on": in_days(-1)})
    summary = errors_in_summary(response)
    assert pulse_service.CHOOSE_TEAMS in summary and pulse_service.CLOSES_IN_PAST in summary
    response = lead_client.post(url("pulse", assessment.pk), {"teams": [teams[0].pk], "closes_on": in_days(91)})
    assert pulse_service.CLOSES_TOO_LATE.format(days=90) in errors_in_summary(response)
    elsewhere = factories.make_team(factories.make_partnership(name="Faraway Partnership"))
    response = lead_client.post(url("pulse", assessment.pk), {"teams": [elsewhere.pk], "closes_on": in_days(7)})
    assert "Choose one of the options offered for the teams the pulse covers" in errors_in_summary(response)
    response = lead_client.post(url("pulse", assessment.pk), {"teams": [teams[0].pk], "closes_on": "soon"})
    assert "Enter the closing date as a real date" in errors_in_summary(response)
    assert not Pulse.objects.exists()


def test_a_second_pulse_is_refused(lead_client, assessment, pulse, teams):
    response = lead_client.post(url("pulse", assessment.pk), {"teams": [teams[1].pk], "closes_on": in_days(7)})
    assert pulse_service.ALREADY_OPEN in errors_in_summary(response)
    assert Pulse.objects.count() == 1 and list(Pulse.objects.get().teams.all()) == [teams[0]]


def test_invitation_emails_are_queued_then_sent_and_the_addresses_deleted(
    lead_client, assessment, pulse, run_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    assert "One on each line" in page(lead_client.get(url("pulse_invite", assessment.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(
            url("pulse_invite", assessment.pk), {"addresses": "sam@example.org\nKim@Example.org\n\nsam@example.org"}
        )
    assert response.status_code == 302
    sent = "2 invitations are being sent; the addresses are deleted once sent."
    assert sent in page(lead_client.get(url("pulse", assessment.pk)))
    assert PulseEmail.objects.count() == 2 and not mailoutbox
    run_tasks()
    assert sorted(m.to[0] for m in mailoutbox) == ["kim@example.org", "sam@example.org"]
    assert not PulseEmail.objects.exists()
    assert PulseInvitation.objects.filter(pulse=pulse, kind=InvitationKind.LINK).count() == 2
    for email in mailoutbox:  # each link stands for one of the invitations
        token = re.search(re.escape(settings.SITE_URL) + r"/pulse/([^/\s]+)/", email.body).group(1)
        assert pulse_service.invitation_for(token).pulse == pulse


def test_bad_addresses_are_refused_with_the_services_message_and_nothing_is_queued(lead_client, assessment, pulse):
    response = lead_client.post(url("pulse_invite", assessment.pk), {"addresses": "sam@example.org\nnot an address"})
    assert pulse_service.BAD_ADDRESSES.format(addresses="not an address") in errors_in_summary(response)
    response = lead_client.post(url("pulse_invite", assessment.pk), {"addresses": " \n "})
    assert pulse_service.NO_ADDRESSES in errors_in_summary(response)
    assert not PulseInvitation.objects.exists() and not PulseEmail.objects.exists()


def test_printed_codes_are_shown_once_not_cached_and_answer_the_pulse(lead_client, assessment, pulse):
    form = lead_client.get(url("pulse_codes", assessment.pk))
    assert "How many codes" in page(form)

    response = lead_client.post(url("pulse_codes", assessment.pk), {"count": "3"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = page(response)
    codes = re.findall(r'<p class="code-value">([^<]+)</p>', text)
    assert len(codes) == 3 and len(set(codes)) == 3
    answer_url = settings.SITE_URL + reverse("pulse:start")
    assert text.count(f"Type this code at {answer_url}. It works once. Your answers are anonymous.") == 3
    assert CODES_SHOWN_ONCE in text and pulse.closes_on.strftime("%-d %B %Y") in text
    assert "css/pulse-codes.css" in text
    # Not kept in clear anywhere in an invitation's row.
    stored = [str(value) for row in PulseInvitation.objects.values_list() for value in row]
    assert PulseInvitation.objects.filter(kind=InvitationKind.CODE).count() == 3
    for code in codes:
        assert not any(code in value or code.replace("-", "") in value for value in stored)
    statement = Statement.objects.of_version(assessment.version).first()
    for code in codes:
        pulse_service.pulse_answer(token=code, answers={statement.pk: 4})
    assert PulseReply.objects.filter(pulse=pulse).count() == 3
    assert PulseInvitation.objects.filter(used=True).count() == 3


@pytest.mark.parametrize("count", ["0", "501", "many", ""])
def test_a_number_of_codes_out_of_range_is_refused_and_issues_none(lead_client, assessment, pulse, count):
    response = lead_client.post(url("pulse_codes", assessment.pk), {"count": count})
    assert "no-store" in response["Cache-Control"]
    assert pulse_service.CODE_COUNT.format(limit=500) in errors_in_summary(response)
    assert 'class="code-value"' not in page(response)
    assert not PulseInvitation.objects.exists()


def test_closing_asks_first_then_closes_and_stops_invitations(lead_client, assessment, pulse):
    confirm = page(lead_client.get(url("pulse_close", assessment.pk)))
    assert "Close the pulse now?" in confirm and 'method="post"' in confirm
    pulse.refresh_from_db()
    assert pulse.closed_on is None

    response = lead_client.post(url("pulse_close", assessment.pk))

    assert response["Location"] == url("pulse", assessment.pk)
    pulse.refresh_from_db()
    assert pulse.closed_on == timezone.localdate()
    text = page(lead_client.get(url("pulse", assessment.pk)))
    assert PULSE_CLOSED_NOW in text and f"Closed on {timezone.localdate():%-d %B %Y}" in text
    assert "Invite people by email" not in text
    assert pulse_service.PULSE_CLOSED in page(lead_client.get(url("pulse_invite", assessment.pk)))
    response = lead_client.post(url("pulse_codes", assessment.pk), {"count": "2"})
    assert pulse_service.PULSE_CLOSED in errors_in_summary(response)
    assert pulse_service.PULSE_CLOSED in page(lead_client.post(url("pulse_close", assessment.pk), follow=True))
    assert not PulseInvitation.objects.exists()
