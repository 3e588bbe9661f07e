"""A council lead and a trust lead complete, sign off and submit an assessment through the pages.

One standard is answered with the keyboard alone. Every page visited passes axe-core (WCAG 2.2 A/AA).
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, RatingMode, Status

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def tab_until(page, predicate_js, limit=60):
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate_js}")


def answer_with_keyboard(page):
    """Choose 'Largely met' with arrow keys, type evidence, and save with Enter: no mouse."""
    tab_until(page, "el.name === 'answer'")
    # Arrow keys move through a radio group and select as they go: not met → partially → largely.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_until(page, "el.id === 'id_evidence'")
    page.keyboard.type("Monthly supervision from a senior social worker in every team; audit of records, May 2026.")
    tab_until(page, "el.tagName === 'BUTTON' && el.textContent.includes('Save and add an action')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/actions/new/$"))


def add_action(page, axe):
    axe(page)
    page.get_by_label("What will be done").fill("Agree a supervision policy for seconded social workers.")
    page.get_by_label("Owner's name").fill("Colin Councillead")
    page.get_by_label("Owner's role").fill("Principal Social Worker")
    page.get_by_label("Responsible organisation").select_option(label="Jointly (the partners together)")
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action added")).to_be_visible()


def answer_with_mouse(page, rating="Fully met"):
    page.get_by_role("radio", name=re.compile(f"^{rating}:")).check()
    page.get_by_label("Evidence", exact=True).fill(
        "Board minutes of 12 March 2026 record the social work lead's report."
    )


def test_council_and_trust_leads_complete_sign_off_and_submit(
    page, axe, partnership, version, trust_lead, council_lead, council2_lead
):
    # The council lead starts the assessment and answers the first standard by keyboard.
    sign_in(page, council_lead, axe)
    axe(page)
    page.get_by_role("link", name=partnership.name).first.click()
    axe(page)
    page.get_by_role("link", name="Start a new assessment").click()
    axe(page)
    page.get_by_role("radio", name=re.compile("^Rate together")).check()  # this journey is the joint rating's
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Self-assessment")
    axe(page)
    assessment = Assessment.objects.get(partnership=partnership)

    page.get_by_role("link", name=re.compile(r"^P1 ")).click()
    axe(page)
    answer_with_keyboard(page)
    add_action(page, axe)
    sign_out(page)

    # The trust lead answers the rest, each standard on its own page.
    sign_in(page, trust_lead)
    page.goto(f"/assessments/{assessment.pk}/standards/P2/")
    while True:
        axe(page)
        answer_with_mouse(page)
        before = page.url
        page.get_by_role("button", name=re.compile("Save and (continue|finish)")).click()
        page.wait_for_url(lambda url, before=before: url != before)
        if "/standards/" not in page.url:
            break
    axe(page)  # back on the overview
    expect(
        page.get_by_text(f"{assessment.responses.count()} of {assessment.responses.count()} standards completed")
    ).to_be_visible()

    page.get_by_role("link", name=re.compile("Check your answers")).click()
    axe(page)
    page.get_by_label(re.compile("I confirm, as governance lead")).check()
    page.get_by_role("button", name=re.compile("Sign off for")).click()
    expect(page.get_by_text(re.compile("Signed off for"))).to_be_visible()
    axe(page)
    sign_out(page)

    for lead in (council_lead, council2_lead):
        sign_in(page, lead)
        page.goto(f"/assessments/{assessment.pk}/check/")
        page.get_by_label(re.compile("I confirm, as governance lead")).check()
        page.get_by_role("button", name=re.compile("Sign off for")).click()
        expect(page.get_by_text(re.compile("Signed off for"))).to_be_visible()
        if lead is council2_lead:
            break
        sign_out(page)

    page.get_by_role("button", name="Submit to BASW").click()
    expect(page.get_by_role("heading", name="Assessment submitted")).to_be_visible()
    axe(page)

    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    assert assessment.signoffs.count() == 3
    assert assessment.rating_mode == RatingMode.TOGETHER
    keyboard_answer = assessment.responses.get(standard__code="P1")
    assert keyboard_answer.rating.code == "largely-met"
    assert keyboard_answer.actions.count() == 1
    assert len(axe.checked) >= 10
