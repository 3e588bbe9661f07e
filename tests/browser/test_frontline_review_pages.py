"""Olive (BASW) reviews an assessment whose frontline pulse shows a perception gap: the review page lists the
gaps, the standard's review page shows the frontline beside the rating and tells her she may query it, and she
queries it with the form already there. Every page passes axe-core (WCAG 2.2 A/AA).

The prepared case (tests/assessments/frontline_helpers.py): S1 rated fully met while the frontline disagree;
S2 rated not met while they agree.
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Response
from assessments.scoring import PerceptionGap
from tests.assessments.frontline_helpers import GAP_CHOICES, pulse_of, rated_with_gaps, submit
from tests.assessments.pulse_helpers import give_statements

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_officer_sees_the_gaps_on_the_review_pages_and_queries_one(page, axe, assessment, version, leads, officer):
    statements = give_statements(version)
    pulse_of(assessment, leads[0], 6, choices=GAP_CHOICES)
    rated_with_gaps(assessment, leads[0])
    submit(assessment, leads)

    sign_in(page, officer)
    page.goto(f"/review/{assessment.pk}/")
    page.get_by_role("button", name=re.compile("Take for review")).first.click()
    axe(page)
    gaps = page.get_by_role("region", name="Perception gaps")
    expect(gaps.get_by_role("listitem")).to_have_count(2)
    expect(gaps.get_by_role("listitem").first).to_have_text(
        f"S1 Practice 1: {PerceptionGap.LEADS_HIGHER.label.lower()} (0% of 6 agree)"
    )

    page.get_by_role("link", name=re.compile("^Review S1")).click()
    axe(page)
    frontline = page.get_by_role("region", name=re.compile("^What the frontline says about S1"))
    expect(frontline).to_contain_text(statements["S1"].text)
    expect(frontline.get_by_role("list")).to_have_text(re.compile(r"Agree: 0%.*Disagree: 100%\s*Answers: 6", re.S))
    expect(frontline).to_contain_text(f"Perception gap: {PerceptionGap.LEADS_HIGHER.label}.")
    expect(page.get_by_text("The frontline sees S1 differently from the partnership's rating")).to_be_visible()
    page.get_by_role("radio", name=re.compile("^Queried")).check()
    page.get_by_label("Comment").fill("Most social workers disagree that they get monthly supervision.")
    page.get_by_role("button", name="Save and go back to the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review:")
    assert Response.objects.get(assessment=assessment, standard__code="S1").is_queried
