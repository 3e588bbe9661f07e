"""The pulse's results and comments pages, and its line on the assessment's overview: small numbers stay hidden.

Tara (the trust's lead) runs a pulse on the Mersey partnership's 2026/27 draft for Riverside and Hillside CMHTs;
social workers answer with codes. Results show from 5 answers, a team's own from 10; comments once the pulse has
closed with 5, to the leads, who may withhold one (its text is then deleted).
"""

import re

import pytest
from django.conf import settings
from django.utils import timezone

from assessments.models import PulseChoice, PulseReply
from assessments.scoring import PerceptionGap
from assessments.services import pulse as pulse_service
from assessments.views.pulse import COMMENT_WITHHELD
from tests import factories

from .page_helpers import page, url
from .pulse_helpers import answer_with_codes, lead_membership, open_pulse, rate

FRONTLINE_NOT_SHOWN = "fewer than 5 answers: not shown"  # the words, with the default threshold

pytestmark = pytest.mark.django_db


@pytest.fixture
def riverside(partnership):
    return factories.make_team(partnership, name="Riverside CMHT")


@pytest.fixture
def hillside(partnership):
    return factories.make_team(partnership, name="Hillside CMHT")


@pytest.fixture
def pulse(assessment, trust_lead, statements, riverside, hillside):
    return open_pulse(assessment, trust_lead, teams=[riverside, hillside])


def close(pulse, lead):
    pulse_service.pulse_close(membership=lead_membership(lead, pulse.assessment), pulse=pulse)


def results_page(client, assessment):
    text = page(client.get(url("pulse", assessment.pk)))
    return text[text.index('id="results"') :]


def test_with_4_answers_no_figure_shows(lead_client, assessment, pulse, trust_lead):
    answer_with_codes(pulse, trust_lead, 4, choice=PulseChoice.DISAGREE)
    text = results_page(lead_client, assessment)
    assert f"Results show once at least {settings.PULSE_MIN_ANSWERS} people have answered: 4 have so far." in text
    assert text.count(FRONTLINE_NOT_SHOWN.capitalize()) == 6  # every practice standard's statement
    assert "%" not in text and "Riverside CMHT:" not in text


def test_with_5_answers_each_statement_shows_its_shares_beside_the_rating_and_its_gap(
    lead_client, assessment, pulse, trust_lead, statements
):
    rate(assessment, "S1", "fully-met", trust_lead)
    answer_with_codes(pulse, trust_lead, 3, choice=PulseChoice.DISAGREE, choices={"S2": PulseChoice.DONT_KNOW})
    answer_with_codes(pulse, trust_lead, 2, choice=PulseChoice.AGREE)
    text = results_page(lead_client, assessment)
    assert "Results show once" not in text
    s1 = text[text.index(statements["S1"].text) : text.index(statements["S2"].text)]
    assert "Fully met" in s1
    assert re.findall(r"<td>(\d+)%", s1) == ["40", "0", "60"]  # agreeing, neutral, disagreeing
    assert "<td>5</td>" in s1 and PerceptionGap.LEADS_HIGHER.label in s1
    # S2 has only 2 answers other than "don't know": not shown.
    s2 = text[text.index(statements["S2"].text) : text.index(statements["S3"].text)]
    assert FRONTLINE_NOT_SHOWN.capitalize() in s2 and "%" not in s2
    assert 'role="region"' in text and "<caption>" in text


def test_a_team_has_its_own_table_only_from_10_answers(lead_client, assessment, pulse, trust_lead, riverside, hillside):
    answer_with_codes(pulse, trust_lead, 10, team=riverside)
    answer_with_codes(pulse, trust_lead, 3, team=hillside)
    answer_with_codes(pulse, trust_lead, 1)
    text = results_page(lead_client, assessment)
    assert "Riverside CMHT: 10 answers" in text and "Riverside CMHT's frontline answers" in text
    assert "Hillside CMHT:" not in text and "Hillside CMHT's" not in text
    assert "4 answers from smaller teams, or from people who did not say, are counted in the partnership's" in text


def test_someone_who_may_see_but_not_run_the_pulse_sees_the_results_only(
    client, assessment, pulse, trust_lead, manager
):
    answer_with_codes(pulse, trust_lead, 5)
    client.force_login(manager)
    text = page(client.get(url("pulse", assessment.pk)))
    assert "100%" in text and "5 answers" in text
    for lead_only in ("Invitations issued", "Invite people by email", "Print codes", "Close the pulse", "comments"):
        assert lead_only not in text, lead_only


def test_comments_show_only_once_closed_with_5_answers_and_a_withheld_one_is_gone(
    lead_client, assessment, pulse, trust_lead
):
    answer_with_codes(pulse, trust_lead, 4, comment="Supervision is rare.")
    answer_with_codes(pulse, trust_lead, 1, comment="Ask Jo in the Riverside team: she was bullied.")
    text = page(lead_client.get(url("pulse_comments", assessment.pk)))
    assert "Supervision is rare." not in text and "Ask Jo" not in text
    assert f"once the pulse has closed with at least {settings.PULSE_MIN_COMMENT_ANSWERS} answers" in text

    close(pulse, trust_lead)
    text = page(lead_client.get(url("pulse_comments", assessment.pk)))
    assert text.count("Supervision is rare.") == 4 and "Ask Jo" in text
    assert "deletes the comment's text for good" in text

    identifying = PulseReply.objects.get(comment__startswith="Ask Jo")
    response = lead_client.post(url("pulse_withhold", assessment.pk, identifying.pk), follow=True)

    text = page(response)
    assert COMMENT_WITHHELD in text and "Ask Jo" not in text and text.count("Supervision is rare.") == 4
    identifying.refresh_from_db()
    assert identifying.comment == "" and identifying.comment_withheld
    again = page(lead_client.post(url("pulse_withhold", assessment.pk, identifying.pk), follow=True))
    assert pulse_service.COMMENT_GONE in again


def test_a_pulse_closed_with_4_answers_never_shows_its_comments(lead_client, assessment, pulse, trust_lead):
    answer_with_codes(pulse, trust_lead, 4, comment="Supervision is rare.")
    close(pulse, trust_lead)
    text = page(lead_client.get(url("pulse_comments", assessment.pk)))
    assert "Supervision is rare." not in text and "closed with fewer than" in text


def test_the_overview_says_how_the_pulse_is_getting_on(lead_client, assessment, statements, trust_lead, riverside):
    def line():
        text = page(lead_client.get(url("overview", assessment.pk)))
        start = text.index(f'href="{url("pulse", assessment.pk)}"')
        return text[start : text.index("</li>", start)]

    assert "Not opened" in line()
    pulse = open_pulse(assessment, trust_lead, teams=[riverside])
    answer_with_codes(pulse, trust_lead, 3)
    assert f"Open until {pulse.closes_on:%-d %B %Y}, 3 answers" in line()
    close(pulse, trust_lead)
    assert "Closed" in line() and timezone.localdate() <= pulse.closes_on
