"""Olive Officer (`officer`), a BASW officer with no second factor, signs in with her password while the second
factor is enforced (as it is by default outside the test settings). She is taken to set one up and reaches neither
the review queue nor the national picture until she has: she adds an authenticator app by typing the setup key
shown as text (as someone who cannot scan the QR code would), sees her recovery codes, and then reaches the review
queue. Every page passes axe-core (WCAG 2.2 A/AA).
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import expect

from assessments.access import MFA_SETUP_NEEDED
from tests.accounts.helpers import PASSWORD, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def enforced(settings):
    """The live server runs in this process, so the settings fixture reaches it."""
    settings.MFA_ENFORCED = True
    return settings


def current_code(secret: str) -> str:
    """The code the app shows now; near the end of a 30-second step, the next one, so the server agrees."""
    if time.time() % 30 > 26:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_code(secret)


def test_an_officer_without_a_second_factor_sets_one_up_before_reaching_the_review_queue(page, axe, officer, enforced):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    page.wait_for_url(f"**{reverse('mfa_index')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your second factor")
    expect(page.get_by_text(MFA_SETUP_NEEDED)).to_be_visible()
    expect(page.get_by_role("heading", name="You need to set one up before you carry on")).to_be_visible()
    axe(page)

    for name in ("assessments:review_queue", "reports:national"):
        page.goto(reverse(name))
        assert page.url.endswith(reverse("mfa_index")), name
        expect(page.get_by_role("heading", level=1)).to_have_text("Your second factor")

    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    axe(page)
    secret = page.get_by_label("Setup key").input_value()
    assert len(secret) == 32

    # A mistyped code: the error summary at the top links to the field, which says what is wrong.
    code_field = page.get_by_label("Code from the app")
    expect(code_field).to_have_attribute("inputmode", "numeric")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    code_field.fill("12345")
    page.get_by_role("button", name="Turn on the authenticator app").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("Incorrect code.")
    assert page.title().startswith("Error: ")
    axe(page)
    assert not Authenticator.objects.filter(user=officer).exists()

    secret = page.get_by_label("Setup key").input_value()  # a failed try keeps the same key
    page.get_by_label("Code from the app").fill(current_code(secret))
    page.get_by_role("button", name="Turn on the authenticator app").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    axe(page)
    codes = Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    shown = page.get_by_role("list", name="Unused recovery codes").get_by_role("listitem").all_inner_texts()
    assert shown == codes and len(codes) == 10
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()

    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url("**/dashboard/")
    page.get_by_role("link", name="Review queue").first.click()
    page.wait_for_url(f"**{reverse('assessments:review_queue')}")
    axe(page)
    page.get_by_role("link", name="National picture").first.click()
    page.wait_for_url(f"**{reverse('reports:national')}")
    axe(page)
