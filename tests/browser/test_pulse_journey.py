"""Tara, the trust's lead, opens a frontline pulse and prints codes; five social workers answer it on their
phones; Tara sees the results beside the leads' ratings, with the perception gaps.

The social workers use a fresh browser context the size of a phone, with no session (a private window): they
type a code, answer some statements and see the thank-you page; one tries a code already used. Every page
passes axe-core (WCAG 2.2 A/AA), and the answer pages do not scroll sideways at phone width. The leads' agreed
ratings are given through the spec helpers beforehand: S1 fully met (the frontline mostly disagrees: a gap),
S2 not met (the frontline agrees: a gap).
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import InvitationKind, PulseInvitation, PulseReply
from assessments.selectors.pulse import pulse_results
from assessments.services.pulse import ALREADY_USED
from assessments.views.pulse import CODES_SHOWN_ONCE
from tests import factories
from tests.assessments.pulse_helpers import give_statements, rate

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
TEAM = "Riverside CMHT"
# What each of the five social workers answers, by standard; S3 is "don't know" for all, so it is not shown.
ANSWERS = [
    {"S1": "Disagree", "S2": "Agree", "S3": "Don't know"},
    {"S1": "Strongly disagree", "S2": "Strongly agree", "S3": "Don't know"},
    {"S1": "Disagree", "S2": "Agree", "S3": "Don't know"},
    {"S1": "Neither agree nor disagree", "S2": "Agree", "S3": "Don't know"},
    {"S1": "Agree", "S2": "Strongly agree", "S3": "Don't know"},
]


@pytest.fixture
def mersey(assessment, version, trust_lead):
    """The Mersey draft with statements on its practice standards, two teams, and two agreed ratings."""
    cache.clear()  # the answer pages' rate limit counts per address in the cache: start from none
    statements = give_statements(version)
    factories.make_team(assessment.partnership, name=TEAM)
    factories.make_team(assessment.partnership, name="Hillside CMHT")
    rate(assessment, "S1", "fully-met", trust_lead)
    rate(assessment, "S2", "not-met", trust_lead)
    return assessment, statements


def assert_no_sideways_scroll(page):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways at {width[1]} px: {width[0]} px wide"


def open_pulse_and_print_codes(page, axe, assessment, count) -> list[str]:
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Frontline pulse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frontline pulse")
    axe(page)
    page.get_by_label(TEAM).check()
    closes_on = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Closing date").fill(closes_on.isoformat())
    page.get_by_role("button", name="Open the pulse").click()
    expect(page.get_by_text(f"The frontline pulse is open until {closes_on:%-d %B %Y}")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Open until {closes_on:%-d %B %Y}")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Print codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Print codes")
    axe(page)
    page.get_by_label("How many codes").fill(str(count))
    page.get_by_role("button", name="Make the codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{count} codes to print")
    expect(page.get_by_role("status")).to_contain_text(CODES_SHOWN_ONCE)
    axe(page)
    slips = page.get_by_role("listitem").filter(has_text="It works once")
    expect(slips).to_have_count(count)
    codes = [CODE.search(text).group() for text in slips.all_inner_texts()]
    assert len(set(codes)) == count
    return codes


def answer(phone, axe, statements, code, answers, *, first=False):
    """One social worker: the code page, the code (typed as they please), the answers, the thank-you page."""
    phone.goto("/pulse/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("how your partnership supports social work")
    if first:
        axe(phone)
        assert_no_sideways_scroll(phone)
    phone.get_by_label("Your code").fill(code)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="What we collect and who sees it")).to_be_visible()
    if first:
        axe(phone)
        assert_no_sideways_scroll(phone)
    for standard_code, choice in answers.items():
        group = phone.get_by_role("group", name=statements[standard_code].text)
        group.get_by_label(choice, exact=True).check()
    if first:
        phone.get_by_role("group", name="Your team").get_by_label(TEAM).check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you: your answers have been sent")
    if first:
        axe(phone)
        assert_no_sideways_scroll(phone)


def test_a_lead_prints_codes_five_social_workers_answer_on_phones_and_the_lead_sees_the_gaps(
    page, axe, chromium, live_server, mersey, trust_lead
):
    assessment, statements = mersey

    sign_in(page, trust_lead, axe)
    codes = open_pulse_and_print_codes(page, axe, assessment, 6)

    # Five social workers answer on their phones, in a private window: no session, no cookie.
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", **PHONE)
    context.set_default_timeout(15_000)
    try:
        phone = context.new_page()
        typed = [codes[0].lower().replace("-", " "), *codes[1:5]]  # capitals, spaces and dashes do not matter
        for i, (code, answers) in enumerate(zip(typed, ANSWERS, strict=True)):
            answer(phone, axe, statements, code, answers, first=i == 0)

        # A code already used cannot answer again.
        phone.goto("/pulse/")
        phone.get_by_label("Your code").fill(codes[2])
        phone.get_by_role("button", name="Continue").click()
        expect(phone.get_by_role("alert")).to_contain_text(ALREADY_USED)
        expect(phone.get_by_role("button", name="Send my answers")).to_have_count(0)
        axe(phone)
        assert_no_sideways_scroll(phone)
        assert context.cookies() == []
    finally:
        context.close()

    assert PulseReply.objects.filter(pulse__assessment=assessment).count() == 5
    assert PulseInvitation.objects.filter(kind=InvitationKind.CODE, used=True).count() == 5

    # Tara sees the results: five answers, the shares, and a gap on each of the two rated standards.
    page.goto(f"/assessments/{assessment.pk}/pulse/")
    axe(page)
    expect(page.get_by_text("5 answers so far")).to_be_visible()
    invitations = page.get_by_role("table", name="Invitations issued and used")
    expect(invitations.get_by_role("row", name=re.compile("^Printed codes"))).to_have_text(re.compile(r"6\s*5$"))
    table = page.get_by_role("region", name="The partnership's frontline answers, by statement")
    s1 = table.get_by_role("row", name=re.compile("^S1 "))
    expect(s1).to_contain_text("Fully met")
    expect(s1).to_contain_text("20%")  # one of five agrees
    expect(s1).to_contain_text("Perception gap")
    s2 = table.get_by_role("row", name=re.compile("^S2 "))
    expect(s2).to_contain_text("Not met")
    expect(s2).to_contain_text("100%")
    expect(s2).to_contain_text("Perception gap")
    expect(table.get_by_role("row", name=re.compile("^S3 "))).to_contain_text("Fewer than 5 answers: not shown")
    expect(page.get_by_text("No team has the 10 answers its own figures need.")).to_be_visible()

    # On the standard page the frontline's figures and the gap stand beside the leads' rating.
    page.goto(f"/assessments/{assessment.pk}/standards/S1/")
    axe(page)
    frontline = page.get_by_role("region", name=re.compile("^What the frontline says about S1"))
    expect(frontline).to_contain_text(statements["S1"].text)
    expect(frontline.get_by_role("list")).to_have_text(
        re.compile(r"Agree: 20%\s*Neither agree nor disagree: 20%\s*Disagree: 60%\s*Answers: 5")
    )
    expect(frontline).to_contain_text("Perception gap: Leads rate it met; fewer than half of the frontline agree.")

    # Check your answers lists the two gaps.
    page.goto(f"/assessments/{assessment.pk}/check/")
    axe(page)
    gaps = page.get_by_role("heading", name="The frontline sees 2 standards differently from your ratings")
    expect(gaps).to_be_visible()

    results = pulse_results(assessment)
    assert results.replies == 5
    assert {cell.statement.standard.code for cell in results.gaps} == {"S1", "S2"}
    assert len(axe.checked) >= 11
