"""The frontline's answer pages, as a social worker with no account meets them.

Tara (the trust's lead) has opened a pulse for the Mersey partnership's draft, covering Riverside CMHT and Hillside
CMHT; she emails links and prints codes. Sam follows an emailed link; Kim types a printed code on her phone.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.forms.pulse_answer import CODE_REQUIRED, NOT_SAID, TEAM_NOT_SAID
from assessments.models import PULSE_FREE_TEXT_QUESTION, Pulse, PulseChoice, PulseInvitation, PulseReply
from assessments.services import pulse as pulse_service
from assessments.views.pulse_answer import TOO_MANY
from tests import factories
from tests.assessments.pulse_answer_helpers import answers_post, emailed_link, link_url
from tests.assessments.pulse_helpers import issue_codes, lead_membership, open_pulse

pytestmark = pytest.mark.django_db
START = reverse("pulse:start")
THANKS = reverse("pulse:thanks")


@pytest.fixture
def teams(assessment):
    return [
        factories.make_team(assessment.partnership, name="Riverside CMHT"),
        factories.make_team(assessment.partnership, name="Hillside CMHT"),
    ]


@pytest.fixture
def pulse(assessment, trust_lead, statements, teams):
    return open_pulse(assessment, trust_lead, teams=teams)


@pytest.fixture
def code(pulse, trust_lead):
    [code] = issue_codes(pulse, trust_lead, 1)
    return code


@pytest.fixture
def link(pulse, trust_lead, django_capture_on_commit_callbacks):
    return emailed_link(pulse, trust_lead, "sam@example.org", django_capture_on_commit_callbacks)


def spent() -> list[bool]:
    return list(PulseInvitation.objects.values_list("used", flat=True))


def test_an_emailed_link_shows_the_form_and_answers_once(client, link, statements, teams):
    s1, s2 = statements["S1"], statements["S2"]
    page = client.get(link_url(link))
    assert page.status_code == 200
    assert page.templates[0].name == "pulse/answer.html"
    assert 'name="token"' not in page.content.decode()  # the link's token stays in its URL

    answered = client.post(
        link_url(link), answers_post({s1: PulseChoice.AGREE, s2: PulseChoice.DONT_KNOW}, team=teams[0].pk)
    )
    assert answered.status_code == 302 and answered["Location"] == THANKS
    reply = PulseReply.objects.get()
    assert reply.answers == {str(s1.pk): 4, str(s2.pk): 0} and reply.team == teams[0]
    assert spent() == [True]
    assert client.get(THANKS).status_code == 200

    again = client.post(link_url(link), answers_post({s1: PulseChoice.DISAGREE}))
    assert again.status_code == 410 and escape(pulse_service.ALREADY_USED) in again.content.decode()
    assert client.get(link_url(link)).status_code == 410
    assert PulseReply.objects.count() == 1 and PulseReply.objects.get().answers == {str(s1.pk): 4, str(s2.pk): 0}


def test_a_typed_code_goes_straight_to_the_form_and_travels_only_in_the_post(client, code, statements):
    typed = code.lower().replace("-", " ")
    page = client.post(START, {"code": typed})
    assert page.status_code == 200 and page.templates[0].name == "pulse/answer.html"
    compact = pulse_service.normalise_token(code)
    assert f'name="token" value="{compact}"' in page.content.decode()
    assert f'action="{START}"' in page.content.decode()
    assert not page.cookies and not client.cookies

    choices = {statements["S1"]: PulseChoice.STRONGLY_AGREE}
    answered = client.post(START, answers_post(choices, team=NOT_SAID, token=compact))
    assert answered.status_code == 302 and answered["Location"] == THANKS
    assert PulseReply.objects.get().answers == {str(statements["S1"].pk): 5} and PulseReply.objects.get().team is None
    assert spent() == [True]

    used = client.post(START, {"code": code})
    assert used.status_code == 200 and escape(pulse_service.ALREADY_USED) in used.content.decode()
    replayed = client.post(START, answers_post({statements["S1"]: PulseChoice.DISAGREE}, token=compact))
    assert replayed.status_code == 410 and PulseReply.objects.count() == 1


def test_a_wrong_or_missing_code_is_said_on_the_code_form(client, pulse):
    wrong = client.post(START, {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 200 and wrong.templates[0].name == "pulse/enter_code.html"
    body = wrong.content.decode()
    assert "There is a problem" in body and escape(pulse_service.NOT_VALID) in body and 'href="#id_code"' in body
    assert CODE_REQUIRED in client.post(START, {"code": "  "}).content.decode()
    assert client.get(START).status_code == 200


def test_an_invalid_link_is_not_found(client, pulse):
    page = client.get(link_url("not-a-real-token"))
    assert page.status_code == 404 and escape(pulse_service.NOT_VALID) in page.content.decode()
    assert client.post(link_url("not-a-real-token"), answers_post()).status_code == 404


def test_a_closed_pulse_refuses_links_and_codes(client, pulse, trust_lead, link, code, statements):
    pulse_service.pulse_close(membership=lead_membership(trust_lead, pulse.assessment), pulse=pulse)
    page = client.get(link_url(link))
    assert page.status_code == 410 and escape(pulse_service.PULSE_CLOSED) in page.content.decode()
    posted = client.post(link_url(link), answers_post({statements["S1"]: PulseChoice.AGREE}))
    assert posted.status_code == 410
    assert escape(pulse_service.PULSE_CLOSED) in client.post(START, {"code": code}).content.decode()
    assert not PulseReply.objects.exists() and spent() == [False, False]


def test_a_pulse_past_its_closing_date_refuses_even_before_it_is_closed(client, pulse, code, statements):
    Pulse.objects.filter(pk=pulse.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    compact = pulse_service.normalise_token(code)
    posted = client.post(START, answers_post({statements["S1"]: PulseChoice.AGREE}, token=compact))
    assert posted.status_code == 410 and escape(pulse_service.PULSE_CLOSED) in posted.content.decode()
    assert not PulseReply.objects.exists() and spent() == [False]


def test_answering_nothing_says_so_at_the_top_and_spends_nothing(client, link, statements):
    page = client.post(link_url(link), answers_post(comment="Nothing to add."))
    body = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in body
    first = next(iter(statements.values()))
    assert f'<a href="#id_statement_{first.pk}_0">{escape(pulse_service.ANSWER_SOMETHING)}</a>' in body
    assert "Nothing to add." in body  # the comment is kept
    assert not PulseReply.objects.exists() and spent() == [False]


def test_wrong_answers_keep_the_persons_choices_and_spend_nothing(client, code, statements, teams):
    s1, s2 = statements["S1"], statements["S2"]
    compact = pulse_service.normalise_token(code)
    data = answers_post({s1: PulseChoice.DISAGREE}, team=teams[1].pk, comment="x" * 2_001, token=compact)
    page = client.post(START, data)
    body = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in body and "2,000 characters or fewer" in body
    assert 'href="#id_comment"' in body
    assert re.search(rf'name="statement_{s1.pk}" value="2"[^>]*checked', body)
    assert not re.search(rf'name="statement_{s2.pk}" value="\d"[^>]*checked', body)
    assert re.search(rf'name="team" value="{teams[1].pk}"[^>]*checked', body)
    assert f'name="token" value="{compact}"' in body  # still answering with the same code
    out_of_scale = client.post(START, {**data, f"statement_{s1.pk}": "9", "comment": ""})
    assert "There is a problem" in out_of_scale.content.decode()
    assert not PulseReply.objects.exists() and spent() == [False]


def test_the_form_asks_each_statement_on_the_agree_scale_then_team_and_comment(client, link, statements, teams):
    body = client.get(link_url(link)).content.decode()
    for statement in statements.values():
        assert f"{statement.text}" in body
        values = re.findall(rf'name="statement_{statement.pk}" value="(\d)"', body)
        assert values == ["5", "4", "3", "2", "1", "0"]
    assert body.count("<legend") == len(statements) + 1  # a fieldset per statement, and the team
    assert all(escape(label) in body for label in PulseChoice.labels)
    assert "Riverside CMHT" in body and "Hillside CMHT" in body and escape(TEAM_NOT_SAID) in body
    assert "checked" not in body  # nothing is chosen for the person, not even "I'd rather not say"
    assert escape(PULSE_FREE_TEXT_QUESTION) in body and "up to 2,000 characters" in body
    assert "<strong>Do not name anyone, including yourself</strong>" in body
    assert "<script" not in body.split("</main>")[0].split("<main")[1]  # the page needs no JavaScript


@override_settings(PULSE_MIN_ANSWERS=7, PULSE_MIN_TEAM_ANSWERS=12, PULSE_MIN_COMMENT_ANSWERS=8)
def test_the_page_says_what_is_collected_and_who_sees_it_with_the_settings_numbers(client, link, statements):
    body = client.get(link_url(link)).content.decode()
    assert "What we collect and who sees it" in body
    assert f"your answers to the {len(statements)} statements" in body
    assert "no name, email address, code or time of day" in body and "only the day you answered" in body
    assert "at least 7 people have answered" in body and "teams with 12 or more answers" in body
    assert "after the survey closes with at least 8 answers" in body
    assert "remove any comment that identifies someone" in body


def test_a_browser_that_sends_no_referrer_can_answer_with_no_cookie(link, code, statements):
    """Under Referrer-Policy no-referrer a browser's POST carries `Origin: null`, and no cookie was set: the pages
    must take it, with Django's CSRF checks on as in a browser."""
    browser = Client(enforce_csrf_checks=True)
    answer = answers_post({statements["S1"]: PulseChoice.AGREE})
    assert browser.post(link_url(link), answer, HTTP_ORIGIN="null").status_code == 302
    assert browser.post(START, {"code": code}, HTTP_ORIGIN="null").status_code == 200
    token = pulse_service.normalise_token(code)
    assert browser.post(START, {**answer, "token": token}, HTTP_ORIGIN="null").status_code == 302
    assert PulseReply.objects.count() == 2 and not browser.cookies


@override_settings(PULSE_RATE_LIMIT="2/m")
def test_too_many_posts_from_one_address_get_429_and_spend_nothing(client, code, link, statements):
    for _ in range(2):
        assert client.post(START, {"code": "AAAA-BBBB-CCCC"}).status_code == 200
    limited = client.post(START, {"code": code})
    assert limited.status_code == 429 and TOO_MANY in limited.content.decode()
    answer = answers_post({statements["S1"]: PulseChoice.AGREE})
    assert client.post(START, {**answer, "token": pulse_service.normalise_token(code)}).status_code == 429
    assert client.post(link_url(link), answer).status_code == 429
    assert client.get(link_url(link)).status_code == 200  # reading the form is not counted
    assert not PulseReply.objects.exists() and spent() == [False, False]
    # Another network's address is counted apart.
    assert client.post(link_url(link), answer, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_every_answer_page_is_not_stored_and_sends_no_referrer(client, code, link, statements):
    fresh = answers_post({statements["S1"]: PulseChoice.AGREE})
    responses = [
        client.get(START),
        client.post(START, {"code": "wrong"}),
        client.post(START, {"code": code}),
        client.get(link_url(link)),
        client.post(link_url(link), answers_post()),
        client.post(link_url(link), fresh),  # the redirect to the thanks page
        client.get(THANKS),
        client.get(link_url(link)),  # used: 410
        client.get(link_url("nonsense")),
        client.put(link_url(link)),
    ]
    with override_settings(PULSE_RATE_LIMIT="1/h"):
        responses += [client.post(START, {"code": code}), client.post(START, {"code": code})]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200, 302, 200, 410, 404, 405, 200, 429]
    for response in responses:
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert not response.cookies


def test_only_get_and_post_are_answered(client, link):
    assert client.put(link_url(link)).status_code == 405
    assert client.delete(START).status_code == 405
    assert client.post(THANKS).status_code == 405
