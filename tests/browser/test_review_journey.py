"""A BASW officer takes an audit, queries two standards and returns it; the trust lead replies and
resubmits, straight back to the same officer, who sees what changed, agrees every standard and accepts.
Every page visited passes axe-core (WCAG 2.2 A/AA).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Event, EventKind, Membership, Role, Status
from assessments.services import ResponseData, assessment_sign_off, assessment_submit, response_save

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def prepare_submitted(assessment, trust_lead, leads):
    """A complete, signed-off, submitted assessment, made through the services."""
    top = assessment.version.rating_levels.get(code="fully-met")
    for response in assessment.responses.all():
        data = ResponseData(
            rating=top,
            not_applicable=False,
            not_applicable_reason="",
            evidence=f"Evidence for {response.standard.code}: board minutes.",
            evidence_holder=None,
            evidence_held_jointly=False,
        )
        response_save(response=response, actor=trust_lead, lock_version=response.lock_version, data=data)
    for lead in leads:
        membership = Membership.objects.exclude(role=Role.OFFICER).get(user=lead)
        assessment_sign_off(assessment=assessment, actor=lead, membership=membership)
    assessment_submit(assessment=assessment, actor=trust_lead)


def query(page, axe, code, comment, expected=None):
    page.get_by_role("link", name=re.compile(f"^(Review )?{code}( |$)")).first.click()
    axe(page)
    page.get_by_role("radio", name=re.compile("^Queried")).check()
    page.get_by_label("Comment").fill(comment)
    if expected:
        page.get_by_label(re.compile("The rating you would expect")).select_option(label=expected)
    page.get_by_role("button", name="Save and go back to the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review:")


def test_officer_queries_returns_and_accepts_after_the_partnership_replies(
    page, axe, assessment, trust_lead, council_lead, council2_lead, officer, run_tasks
):
    prepare_submitted(assessment, trust_lead, [trust_lead, council_lead, council2_lead])

    # The officer takes the audit from the queue and queries two standards.
    sign_in(page, officer, axe)
    axe(page)
    page.get_by_role("link", name="Review queue").first.click()
    axe(page)
    page.get_by_role("button", name=re.compile("Take for review")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review:")
    axe(page)
    query(page, axe, "S1", "What shows supervision is monthly in every team?", expected="Partially met")
    query(page, axe, "S2", "The evidence names no Trust Board member.")

    page.get_by_role("link", name="Return for changes").click()
    axe(page)
    page.get_by_role("button", name="Return for changes").click()  # no note yet
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("What the partnership needs to change").fill("Please answer the two queries.")
    page.get_by_role("button", name="Return for changes").click()
    assessment.refresh_from_db()
    assert assessment.status == Status.CHANGES_REQUESTED
    run_tasks()  # the worker sends the emails
    changes_email = [m for m in mail.outbox if trust_lead.email in m.to and "S1" in m.body]
    assert changes_email, [m.subject for m in mail.outbox]
    sign_out(page)

    # The trust lead replies to both queries and changes S1's rating and evidence.
    sign_in(page, trust_lead)
    page.goto(f"/assessments/{assessment.pk}/")
    axe(page)
    expect(page.get_by_text("Queried by BASW").first).to_be_visible()
    for code, reply in (("S1", "Supervision is monthly in two of three teams."), ("S2", "Minutes are attached.")):
        page.goto(f"/assessments/{assessment.pk}/standards/{code}/")
        axe(page)
        page.get_by_role("link", name=re.compile("Reply to this query")).click()
        axe(page)
        page.get_by_label("Your reply to BASW's query").fill(reply)
        page.get_by_role("button", name="Save reply").click()
    page.goto(f"/assessments/{assessment.pk}/standards/S1/")
    page.get_by_role("radio", name=re.compile("^Partially met:")).check()
    page.get_by_label("Evidence", exact=True).fill("Monthly supervision in two of three teams; the third is quarterly.")
    page.get_by_role("button", name="Save and add an action").click()
    page.get_by_label("What will be done").fill("Monthly supervision in the third team.")
    page.get_by_label("Owner's name").fill("Tara Trustlead")
    page.get_by_label("Owner's role").fill("Director of Social Care")
    page.get_by_role("button", name="Save action").click()
    for lead in (trust_lead, council_lead, council2_lead):
        if lead is not trust_lead:
            sign_out(page)
            sign_in(page, lead)
        page.goto(f"/assessments/{assessment.pk}/check/")
        page.get_by_label(re.compile("I confirm, as governance lead")).check()
        page.get_by_role("button", name=re.compile("Sign off for")).click()
        expect(page.get_by_text(re.compile("Signed off for"))).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Submit to BASW").click()
    expect(page.get_by_role("heading", name="Assessment submitted")).to_be_visible()
    sign_out(page)

    # The resubmission is back with the officer, who sees what changed since the return.
    sign_in(page, officer)
    page.goto("/review/")
    expect(page.get_by_text("Resubmitted, with")).to_be_visible()
    page.goto(f"/review/{assessment.pk}/")
    axe(page)
    expect(page.get_by_text("Monthly supervision in the third team.").first).to_be_visible()
    expect(page.get_by_text("Supervision is monthly in two of three teams.").first).to_be_visible()
    expect(page.locator("ins").filter(has_text="the third is quarterly").first).to_be_visible()
    # Accepting needs every standard agreed: the two answered queries one by one, the rest at once.
    for code in ("S1", "S2"):
        page.goto(f"/review/{assessment.pk}/standards/{code}/")
        page.get_by_role("radio", name=re.compile("^Agreed")).check()
        page.get_by_role("button", name="Save and go back to the assessment").click()
    page.get_by_role("link", name="Accept the assessment").click()
    axe(page)
    page.get_by_label(re.compile("I have read these answers")).check()
    page.get_by_role("button", name="Agree all remaining standards").click()
    expect(page.get_by_text(re.compile("Agreed the \\d+ standards? not reviewed yet"))).to_be_visible()
    axe(page)
    page.get_by_label("Review summary").fill("An honest account; supervision gap has an action.")
    page.get_by_role("button", name="Accept the assessment").click()
    page.goto(f"/assessments/{assessment.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Reviewed by BASW on"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Compare with the national picture").click()
    expect(page.get_by_text("The national median is not shown")).to_be_visible()
    axe(page)
    page.goto("/reports/national/")
    expect(page.locator("#chart-title")).to_contain_text("Mean domain score across partnerships")
    axe(page)

    assessment.refresh_from_db()
    assert assessment.status == Status.ACCEPTED
    assert assessment.accepted_by == officer
    moves = list(
        Event.objects.filter(assessment=assessment, kind=EventKind.TRANSITION).values_list("to_status", flat=True)
    )
    assert moves == ["submitted", "in_review", "changes_requested", "in_review", "accepted"]
    assert assessment.responses.get(standard__code="S2").reply == "Minutes are attached."
