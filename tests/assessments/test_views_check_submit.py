"""Check your answers, sign-off by every partner's lead, and submitting to BASW, through the pages."""

import html
import re

import pytest
from django.test import Client

from assessments.access import NOT_EDITABLE_STATUS
from assessments.models import Event, EventKind, Response, SignOff, Status
from assessments.scoring import PROBLEM_GAP_WITHOUT_ACTION, PROBLEM_SIGNOFF_MISSING, PROBLEM_UNANSWERED
from assessments.selectors import submission_problems
from assessments.services.workflow import ALREADY_SIGNED
from assessments.views.standard import SAVED_CLEARED

from .page_helpers import answer_all, answer_post, level, sign_off_all, url

pytestmark = pytest.mark.django_db


def page(response):
    return html.unescape(response.content.decode())


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ready(assessment):
    """Every standard answered at the top rating with evidence: only the sign-offs are missing."""
    answer_all(assessment)
    return assessment


def test_check_lists_the_problems_first_each_linking_to_its_answer(assessment, trust_lead, trust, council):
    Response.objects.filter(assessment=assessment, standard__code="S2").update(
        rating=level(assessment, "partially-met")
    )
    text = page(client_for(trust_lead).get(url("check", assessment.pk)))
    problems = text[text.index("Before you can submit") : text.index("</section>")]
    assert text.index("Before you can submit") < text.index('id="answer-P1"')
    assert f'<a href="#answer-P1">{PROBLEM_UNANSWERED.format(code="P1")}</a>' in problems
    gap = PROBLEM_GAP_WITHOUT_ACTION.format(code="S2", rating="partially met")
    assert f'<a href="#answer-S2">{gap}</a>' in problems
    assert f'<a href="#sign-off">{PROBLEM_SIGNOFF_MISSING.format(organisation=trust.name)}</a>' in problems
    assert PROBLEM_SIGNOFF_MISSING.format(organisation=council.name) in problems
    assert "(11 to fix)" in problems  # 7 unanswered, 1 gap, 3 partners to sign off
    assert "Submit to BASW</button>" not in text


def test_check_shows_each_answer_with_its_evidence(ready, trust_lead):
    text = page(client_for(trust_lead).get(url("check", ready.pk)))
    assert text.count("Minutes of the partnership board.") == 8
    assert text.count('id="answer-') == 8


def test_each_lead_signs_off_for_their_organisation(ready, trust_lead, council_lead, council2_lead, trust, council):
    for lead in (trust_lead, council_lead, council2_lead):
        response = client_for(lead).post(url("sign_off", ready.pk), {"confirm": "on"})
        assert response["Location"] == url("check", ready.pk)
    signoffs = {s.organisation_id: s for s in SignOff.objects.filter(assessment=ready)}
    assert len(signoffs) == 3
    assert (signoffs[trust.pk].user, signoffs[trust.pk].signed_role) == (trust_lead, "Director of Social Care")
    assert signoffs[council.pk].signed_name == "Colin Councillead"
    text = page(client_for(trust_lead).get(url("check", ready.pk)))
    assert "Signed off by Colin Councillead, Principal Social Worker" in text
    assert "Submit to BASW</button>" in text


def test_sign_off_needs_the_box_ticked(ready, trust_lead):
    client = client_for(trust_lead)
    response = client.post(url("sign_off", ready.pk), {}, follow=True)
    assert "Tick the box to confirm your sign-off." in page(response)
    assert not SignOff.objects.exists()


def test_signing_off_twice_is_refused_with_a_message(ready, trust_lead, trust):
    client = client_for(trust_lead)
    client.post(url("sign_off", ready.pk), {"confirm": "on"})
    response = client.post(url("sign_off", ready.pk), {"confirm": "on"}, follow=True)
    assert ALREADY_SIGNED.format(organisation=trust.name) in page(response)
    assert SignOff.objects.count() == 1


def test_a_lead_who_has_signed_sees_no_sign_off_form(ready, trust_lead, trust):
    client = client_for(trust_lead)
    client.post(url("sign_off", ready.pk), {"confirm": "on"})
    text = page(client.get(url("check", ready.pk)))
    assert f"{trust.name} has signed off." in text
    assert 'name="confirm"' not in text


def test_contributor_sees_no_sign_off_or_submit(ready, contributor):
    text = page(client_for(contributor).get(url("check", ready.pk)))
    assert 'name="confirm"' not in text
    assert "Submit to BASW" not in text


def test_an_edit_after_sign_off_clears_them_and_the_check_page_says_so(
    ready, trust_lead, council_lead, council2_lead, contributor
):
    sign_off_all(ready, trust_lead, council_lead, council2_lead)
    s1 = Response.objects.get(assessment=ready, standard__code="S1")
    saved = client_for(contributor).post(
        url("standard", ready.pk, "S1"), answer_post(s1, evidence="Updated after sign-off"), follow=True
    )
    assert SAVED_CLEARED in page(saved)
    assert SignOff.objects.filter(assessment=ready).count() == 0
    text = page(client_for(trust_lead).get(url("check", ready.pk)))
    assert "Sign-offs were cleared" in text
    assert "Connie Contributor changed the answer to S1" in text
    assert "Not yet signed off" in text
    assert "Submit to BASW</button>" not in text


def test_signing_off_again_after_clearing_hides_the_cleared_notice(ready, trust_lead, council_lead, council2_lead):
    sign_off_all(ready, trust_lead, council_lead, council2_lead)
    s1 = Response.objects.get(assessment=ready, standard__code="S1")
    client = client_for(trust_lead)
    client.post(url("standard", ready.pk, "S1"), answer_post(s1, evidence="Changed"))
    client.post(url("sign_off", ready.pk), {"confirm": "on"})
    assert "Sign-offs were cleared" not in page(client.get(url("check", ready.pk)))


def test_submitting_goes_to_the_confirmation_page(ready, trust_lead, council_lead, council2_lead):
    sign_off_all(ready, trust_lead, council_lead, council2_lead)
    client = client_for(council_lead)
    response = client.post(url("submit", ready.pk))
    assert response["Location"] == url("submitted", ready.pk)
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED
    assert ready.submitted_at is not None
    event = Event.objects.filter(assessment=ready, kind=EventKind.TRANSITION).get()
    assert (event.actor, event.from_status, event.to_status) == (council_lead, Status.DRAFT, Status.SUBMITTED)
    text = page(client.get(response["Location"]))
    assert "Assessment submitted" in text
    assert "Tara Trustlead, Director of Social Care, for" in text


def test_submitting_with_problems_goes_back_to_the_check_page_with_them(ready, trust_lead, council):
    response = client_for(trust_lead).post(url("submit", ready.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("check", ready.pk)
    assert PROBLEM_SIGNOFF_MISSING.format(organisation=council.name) in page(response)
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_a_second_submit_is_refused_with_a_message(ready, trust_lead, council_lead, council2_lead):
    sign_off_all(ready, trust_lead, council_lead, council2_lead)
    client = client_for(trust_lead)
    client.post(url("submit", ready.pk))
    second = client.post(url("submit", ready.pk))
    assert second.status_code == 403
    assert NOT_EDITABLE_STATUS.format(status="submitted") in page(second)
    assert Event.objects.filter(assessment=ready, kind=EventKind.TRANSITION).count() == 1


def test_a_submitted_assessment_is_read_only_on_the_check_page(ready, trust_lead, council_lead, council2_lead):
    sign_off_all(ready, trust_lead, council_lead, council2_lead)
    client = client_for(trust_lead)
    client.post(url("submit", ready.pk))
    text = page(client.get(url("check", ready.pk)))
    assert "Before you can submit" not in text
    assert "Change<span" not in text
    assert 'name="confirm"' not in text


def test_the_check_page_lists_exactly_what_the_submit_would_refuse(assessment, trust_lead, council_lead):
    answer_all(assessment, rating="partially-met")
    Response.objects.filter(assessment=assessment, standard__code="P1").update(rating=None)
    Response.objects.filter(assessment=assessment, standard__code="S3").update(carried_forward=True)
    Response.objects.filter(assessment=assessment, standard__code="S4").update(
        rating=None, not_applicable=True, not_applicable_reason="No AMHPs here"
    )
    sign_off_all(assessment, council_lead)
    text = page(client_for(trust_lead).get(url("check", assessment.pk)))
    problems = text[text.index("Before you can submit") : text.index("</section>")]
    listed = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', problems)
    expected = submission_problems(assessment)
    assert listed == [
        ("sign-off" if kind == "signoff" else f"answer-{anchor}", message) for kind, anchor, message in expected
    ]
    assert len(listed) == 1 + 6 + 1 + 2  # P1 unanswered, six gaps (S4 is not applicable), S3 carried, two partners
