"""The frontline pulse's rules, through its services: single use, closing, small numbers, the perception gap.

Tara (the trust's lead) opens a pulse for the Mersey partnership's draft and hands out codes; social workers
answer; the results read as every page and export reads them (selectors.pulse.pulse_results).
"""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from assessments.models import Pulse, PulseChoice, PulseEmail, PulseInvitation, PulseReply
from assessments.selectors.pulse import pulse_results
from assessments.services import WorkflowError
from assessments.services import pulse as pulse_service
from standards.models import Statement
from tests import factories
from tests.assessments.pulse_helpers import (
    answer_with_codes,
    give_statements,
    issue_codes,
    lead_membership,
    open_pulse,
    rate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pulse(assessment, trust_lead, statements):
    return open_pulse(assessment, trust_lead)


def test_only_a_lead_of_a_partner_opens_a_pulse(assessment, contributor, outsider, statements):
    team = factories.make_team(assessment.partnership)
    for person in (contributor, outsider):
        membership = lead_membership(person, assessment) if person is contributor else None
        with pytest.raises(WorkflowError, match="Only a governance lead"):
            pulse_service.pulse_open(
                actor=person,
                membership=membership,
                assessment=assessment,
                teams=[team],
                closes_on=timezone.localdate() + timedelta(days=7),
            )
    assert not Pulse.objects.exists()


def test_opening_checks_teams_and_dates_and_changes_nothing_when_wrong(assessment, trust_lead, outsider):
    elsewhere = factories.make_team(factories.make_partnership(name="Faraway Partnership"))
    membership = lead_membership(trust_lead, assessment)
    today = timezone.localdate()
    cases = [
        ([], today, "teams", "Choose at least one team"),
        ([elsewhere], today, "teams", "teams of this partnership"),
        ([factories.make_team(assessment.partnership)], today - timedelta(days=1), "closes_on", "today or later"),
        ([factories.make_team(assessment.partnership)], today + timedelta(days=91), "closes_on", "within 90 days"),
    ]
    for teams, closes_on, field, message in cases:
        with pytest.raises(WorkflowError) as raised:
            pulse_service.pulse_open(
                actor=trust_lead, membership=membership, assessment=assessment, teams=teams, closes_on=closes_on
            )
        assert message in " ".join(raised.value.message_dict[field])
    assert not Pulse.objects.exists()


def test_a_code_answers_once_and_keeps_nothing_but_that_it_was_used(pulse, trust_lead, statements):
    [code] = issue_codes(pulse, trust_lead, 1)
    s = statements["S1"]
    pulse_service.pulse_answer(token=code.lower().replace("-", " "), answers={s.pk: PulseChoice.AGREE})
    with pytest.raises(WorkflowError, match="already been used"):
        pulse_service.pulse_answer(token=code, answers={s.pk: PulseChoice.DISAGREE})
    assert PulseReply.objects.count() == 1
    invitation = PulseInvitation.objects.get()
    assert invitation.used and code.replace("-", "") not in invitation.token_hash
    assert [f.name for f in PulseInvitation._meta.fields] == ["id", "pulse", "kind", "token_hash", "used"]
    reply = PulseReply.objects.get()
    assert reply.answers == {str(s.pk): PulseChoice.AGREE}
    assert reply.answered_on == timezone.localdate()
    assert {f.name for f in PulseReply._meta.fields} == {
        "id",
        "pulse",
        "team",
        "answered_on",
        "answers",
        "comment",
        "comment_withheld",
    }


def test_an_unknown_code_and_a_closed_pulse_refuse_answers(pulse, trust_lead, statements):
    s = statements["S1"]
    with pytest.raises(WorkflowError, match="not valid"):
        pulse_service.pulse_answer(token="AAAA-BBBB-CCCC", answers={s.pk: 4})
    [code] = issue_codes(pulse, trust_lead, 1)
    pulse_service.pulse_close(membership=lead_membership(trust_lead, pulse.assessment), pulse=pulse)
    with pytest.raises(WorkflowError, match="closed"):
        pulse_service.pulse_answer(token=code, answers={s.pk: 4})
    with pytest.raises(WorkflowError, match="closed"):
        issue_codes(pulse, trust_lead, 1)
    assert not PulseReply.objects.exists() and not PulseInvitation.objects.filter(used=True).exists()


def test_a_pulse_past_its_closing_date_refuses_answers_and_is_closed_by_the_daily_run(pulse, trust_lead, statements):
    [code] = issue_codes(pulse, trust_lead, 1)
    Pulse.objects.filter(pk=pulse.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(WorkflowError, match="closed"):
        pulse_service.pulse_answer(token=code, answers={statements["S1"].pk: 4})
    assert pulse_service.pulses_close_due() == 1
    assert Pulse.objects.get().closed_on == timezone.localdate()


def test_bad_answers_are_refused_and_the_code_is_not_spent(pulse, trust_lead, statements, version):
    [code] = issue_codes(pulse, trust_lead, 1)
    other_version_statement = give_statements(factories.make_version())["S1"]
    for answers, message in (
        ({statements["S1"].pk: 9}, "Choose one of the answers"),
        ({other_version_statement.pk: 4}, "this pulse's statements"),
        ({}, "at least one statement"),
    ):
        with pytest.raises(WorkflowError, match=message):
            pulse_service.pulse_answer(token=code, answers=answers)
    with pytest.raises(WorkflowError, match="2,000 characters"):
        pulse_service.pulse_answer(token=code, answers={statements["S1"].pk: 4}, comment="x" * 2001)
    assert not PulseInvitation.objects.get().used and not PulseReply.objects.exists()


def test_emailed_links_keep_no_address_once_sent(
    pulse, trust_lead, run_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = pulse_service.pulse_invite_emails(
            membership=lead_membership(trust_lead, pulse.assessment),
            pulse=pulse,
            addresses=pulse_service.parse_addresses("sam@example.org\nSAM@example.org; kim@example.org"),
        )
    assert sent == 2 and PulseEmail.objects.count() == 2
    run_tasks()
    assert not PulseEmail.objects.exists()
    assert sorted(m.to[0] for m in mailoutbox) == ["kim@example.org", "sam@example.org"]
    assert Pulse.objects.get().emails_sent == 2 and PulseInvitation.objects.filter(kind="link").count() == 2


def test_results_show_from_five_answers_and_each_statement_from_five_real_answers(pulse, trust_lead, statements):
    answer_with_codes(pulse, trust_lead, 4)
    results = pulse_results(pulse.assessment)
    assert results.replies == 4 and not results.shown
    assert all(not cell.shown for cell in results.cells.values())
    # A fifth answer shows the results; S2 has only four answers other than "don't know", so it stays hidden.
    answer_with_codes(pulse, trust_lead, 1, choices={"S2": PulseChoice.DONT_KNOW})
    results = pulse_results(pulse.assessment)
    assert results.shown
    assert results.for_standard(statements["S1"].standard_id).distribution.agree == 5
    assert not results.for_standard(statements["S2"].standard_id).shown
    assert results.for_standard(statements["S2"].standard_id).columns()[0] == "fewer than 5 answers: not shown"


@override_settings(PULSE_MIN_ANSWERS=6)
def test_the_thresholds_are_settings(pulse, trust_lead, statements):
    answer_with_codes(pulse, trust_lead, 5)
    results = pulse_results(pulse.assessment)
    assert not results.shown
    assert results.for_standard(statements["S1"].standard_id).not_shown == "fewer than 6 answers: not shown"


def test_teams_show_only_from_ten_answers_and_small_teams_are_folded_when_the_pulse_closes(
    assessment, trust_lead, statements
):
    big = factories.make_team(assessment.partnership, name="Riverside CMHT")
    small = factories.make_team(assessment.partnership, name="Hillside CMHT")
    pulse = open_pulse(assessment, trust_lead, teams=[big, small])
    answer_with_codes(pulse, trust_lead, 10, team=big)
    answer_with_codes(pulse, trust_lead, 3, team=small)
    results = pulse_results(assessment)
    assert [(t.team_name, t.replies) for t in results.teams] == [("Riverside CMHT", 10)]
    assert results.folded_replies == 3
    pulse_service.pulse_close(membership=lead_membership(trust_lead, assessment), pulse=pulse)
    assert not PulseReply.objects.filter(team=small).exists()
    assert PulseReply.objects.filter(team=big).count() == 10


def test_the_perception_gap_both_ways(pulse, trust_lead, statements):
    assessment = pulse.assessment
    rate(assessment, "S1", "fully-met", trust_lead)  # leads: met; frontline: 2 of 6 agree -> gap
    rate(assessment, "S2", "not-met", trust_lead)  # leads: not met; frontline: 6 of 6 agree -> gap
    rate(assessment, "S3", "largely-met", trust_lead)  # leads: met; frontline: 3 of 6 agree (half) -> no gap
    rate(assessment, "S4", "partially-met", trust_lead)  # leads: not met; frontline 4 of 6 (67%) -> no gap
    answer_with_codes(pulse, trust_lead, 2, choices={"S3": 4, "S4": 4})
    answer_with_codes(pulse, trust_lead, 1, choice=PulseChoice.DISAGREE, choices={"S2": 5, "S3": 4, "S4": 4})
    answer_with_codes(pulse, trust_lead, 3, choice=PulseChoice.NEUTRAL, choices={"S2": 4, "S4": 1})
    results = pulse_results(assessment)
    gap = {code: results.for_standard(s.standard_id).gap for code, s in statements.items() if code in "S1 S2 S3 S4"}
    assert gap == {"S1": "leads_higher", "S2": "leads_lower", "S3": None, "S4": None}


def test_comments_show_to_leads_once_closed_with_five_and_a_withheld_one_is_gone(pulse, trust_lead, statements):
    answer_with_codes(pulse, trust_lead, 4, comment="Supervision is monthly.")
    answer_with_codes(pulse, trust_lead, 1, comment="I am the only AMHP on nights, Sam.")
    assert pulse_results(pulse.assessment, with_comments=True).comments == []  # still open
    membership = lead_membership(trust_lead, pulse.assessment)
    pulse_service.pulse_close(membership=membership, pulse=pulse)
    comments = pulse_results(pulse.assessment, with_comments=True).comments
    assert len(comments) == 5
    [named] = [pk for pk, text in comments if "Sam" in text]
    pulse_service.comment_withhold(membership=membership, assessment=pulse.assessment, reply_id=named)
    assert not PulseReply.objects.filter(comment__contains="Sam").exists()
    assert len(pulse_results(pulse.assessment, with_comments=True).comments) == 4
    assert Statement.objects.count()  # the statements are untouched
