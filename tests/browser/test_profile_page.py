"""A governance lead changes the partnership's profile in a real browser; the pages pass axe-core (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from assessments.services.partnership import REVIEW_BEFORE_START
from assessments.views.partnership import PROFILE_SAVED

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lead_changes_the_profile_and_reads_its_history(page, axe, partnership, council_lead):
    sign_in(page, council_lead)
    page.goto(f"/partnerships/{partnership.pk}/")
    page.get_by_role("link", name="Change the profile").click()
    axe(page)
    page.get_by_label("Integration in one organisation").check()
    page.get_by_label("The agreement's next annual review").fill("2018-01-01")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("alert")).to_contain_text(REVIEW_BEFORE_START)
    axe(page)
    page.get_by_label("The agreement's next annual review").fill("2028-03-31")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text(PROFILE_SAVED)).to_be_visible()
    page.get_by_role("link", name="History of the profile and teams").click()
    axe(page)
    expect(page.get_by_text("Formal partnership with pooled budgets → Integration in one organisation")).to_be_visible()
