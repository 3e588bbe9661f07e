"""Check your answers where the partners rate first: the standards they saw differently come first, with every
partner's view, the agreed rating and why they agreed it; then the rest, each with the views as the person may
see them; and every problem that stops the submission links to the place to fix it.

Tara leads at the trust, Colin at the first council, Cara at the second; Manny manages at the first council
(reads, changes nothing); Olive is a BASW officer, who sees the assessment once it is submitted.
"""

import re

import pytest

from assessments import services
from assessments.scoring import PROBLEM_DIVERGENT_WITHOUT_RATIONALE, PROBLEM_VIEWS_MISSING
from assessments.selectors import submission_problems

from .page_helpers import answer_all, page, sign_off_all, url
from .task_list_helpers import agree, client_for, every_view_given, give_view, section, text_of

pytestmark = pytest.mark.django_db

RATIONALE = "The council's teams have no social work supervisor; the trust's do. We agreed partially met."
HIDDEN = "Given. Shown once your organisation has given its own view."


@pytest.fixture
def s4_divergent(split_assessment, trust_lead, council_lead, council2_lead):
    """S4: the trust says fully met, Colin's council not met, Cara's council largely met."""
    give_view(split_assessment, "S4", trust_lead, "fully-met", comment="Monthly supervision in every team.")
    give_view(split_assessment, "S4", council_lead, "not-met", comment="No social work supervisor in our teams.")
    give_view(split_assessment, "S4", council2_lead, "largely-met")
    return split_assessment


def check_text(user, assessment):
    return text_of(client_for(user).get(url("check", assessment.pk)))


def test_the_divergent_standards_come_first_with_every_view_the_agreed_rating_and_the_reason(
    s4_divergent, council_lead, trust, council, council2
):
    agree(s4_divergent, "S4", council_lead, "partially-met", RATIONALE)
    html_page = page(client_for(council_lead).get(url("check", s4_divergent.pk)))
    assert html_page.index("Where the partners saw it differently") < html_page.index('id="answer-S4"')
    assert html_page.index('id="answer-S4"') < html_page.index('id="answer-P1"')  # before the first standard
    assert html_page.count('id="answer-S4"') == 1 and html_page.count('id="answer-') == 8
    text = check_text(council_lead, s4_divergent)
    divergent = section(text, "Where the partners saw it differently", "Principles")
    assert "Each partner's own view of S4: Divergent" in divergent
    assert f"{trust.name} Fully met Monthly supervision in every team. Tara Trustlead" in divergent
    assert f"{council.name} (yours) Not met No social work supervisor in our teams. Colin Councillead" in divergent
    assert f"{council2.name} Largely met No comment. Cara Secondcouncil" in divergent
    assert "Agreed rating Partially met" in divergent
    assert f"Why we agreed this {RATIONALE}" in divergent
    assert "S1 Practice 1" not in divergent


def test_the_other_standards_show_each_view_as_the_person_may_see_it(
    split_assessment, trust_lead, council_lead, council
):
    give_view(split_assessment, "S2", trust_lead, "fully-met", comment="Supervision audit, March.")
    text = check_text(council_lead, split_assessment)
    assert "Where the partners saw it differently" not in text
    s2 = section(text, "S2 Practice 2", "S4 Practice 4")
    assert HIDDEN in s2 and "Fully met" not in s2 and "Supervision audit, March." not in s2
    assert "Supervision audit, March." in check_text(trust_lead, split_assessment)  # the trust's own
    give_view(split_assessment, "S2", council_lead, "largely-met")
    s2 = section(check_text(council_lead, split_assessment), "S2 Practice 2", "S4 Practice 4")
    assert "Fully met Supervision audit, March." in s2 and HIDDEN not in s2
    assert f"{council.name} (yours) Largely met" in s2


def test_a_divergent_standard_without_a_reason_says_so_where_the_reason_goes(s4_divergent, trust_lead):
    text = check_text(trust_lead, s4_divergent)
    divergent = section(text, "Where the partners saw it differently", "Principles")
    assert "Why we agreed this Not recorded yet: needed before you submit" in divergent


def test_each_problem_links_to_the_place_that_needs_it(s4_divergent, council_lead, trust):
    html_page = page(client_for(council_lead).get(url("check", s4_divergent.pk)))
    problems = html_page[html_page.index("Before you can submit") : html_page.index("</section>")]
    found = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', problems)
    listed = {message: href for href, message in found}
    others = "P1, P2, S1, S2, S3, S5, S6"
    missing = PROBLEM_VIEWS_MISSING.format(organisation=trust.name, count="7 standards", codes=others)
    assert listed[missing] == "views-P1"
    assert listed[PROBLEM_DIVERGENT_WITHOUT_RATIONALE.format(code="S4")] == "rationale-S4"
    expected = submission_problems(s4_divergent)
    assert [message for _, _, message in expected] == list(listed)
    for href in listed.values():
        assert f'id="{href}"' in html_page  # every link lands somewhere on the page


def test_a_partners_lead_is_linked_to_give_their_own_view_and_a_manager_is_not(
    split_assessment, trust_lead, council_lead, manager, council
):
    give_view(split_assessment, "S1", council_lead, "largely-met")
    html_page = page(client_for(council_lead).get(url("check", split_assessment.pk)))
    assert f'<a href="{url("our_view", split_assessment.pk, "S2")}">Give {council.name}\'s own view' in html_page
    assert f'<a href="{url("our_view", split_assessment.pk, "S1")}">Change {council.name}\'s own view' in html_page
    assert "own view<span" not in page(client_for(manager).get(url("check", split_assessment.pk)))


def test_an_officer_sees_every_partners_view_once_it_is_submitted(
    split_assessment, trust_lead, council_lead, council2_lead, officer, trust, council2
):
    every_view_given(split_assessment, ["fully-met", "largely-met", "fully-met"], author=trust_lead)
    answer_all(split_assessment)
    sign_off_all(split_assessment, trust_lead, council_lead, council2_lead)
    services.assessment_submit(assessment=split_assessment, actor=trust_lead)
    text = check_text(officer, split_assessment)
    s1 = section(text, "S1 Practice 1", "S3 Practice 3")
    assert f"Each partner's own view of S1: Differs Partner Their rating Their comment {trust.name} Fully met" in s1
    assert f"{council2.name} Fully met {council2.name}'s view." in s1
    assert "(yours)" not in text and HIDDEN not in text and "Before you can submit" not in text
