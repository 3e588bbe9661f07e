"""Passkeys in a real browser: Tara Trustlead (`trust_lead`, for whom a second factor is optional) adds one on her
Security page, then signs in with it without a password, and with her password and the passkey as second factor.

Chromium's virtual authenticator (through Playwright's CDP session) stands in for Windows Hello or Touch ID: it
holds discoverable credentials and verifies the user at once. The live server is http://localhost, which both
Chromium and allauth's WebAuthn check (fido2's verify_rp_id) treat as a secure origin, so no insecure-origin switch
is needed. Every page passes axe-core, and none breaks the strict Content Security Policy.
"""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


@pytest.fixture
def authenticator(page):
    """A platform authenticator in this browser context; yields the CDP session and its id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    yield cdp, added["authenticatorId"]


@pytest.fixture
def csp_violations(page):
    """What the browser refused under the Content Security Policy (and any script error) while the test ran."""
    seen = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen


def add_passkey(page, axe, name):
    page.get_by_role("link", name="Security").click()
    axe(page)
    page.get_by_role("link", name="Add a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey")
    axe(page)
    page.get_by_label("Name for this passkey (optional)").fill(name)
    expect(page.get_by_label("Let this passkey sign me in without a password")).to_be_checked()
    page.get_by_role("button", name="Add the passkey").click()


def test_a_lead_adds_a_passkey_and_signs_in_with_it_without_a_password(
    page, axe, authenticator, csp_violations, trust_lead, live_server
):
    cdp, authenticator_id = authenticator
    sign_in(page, trust_lead)

    add_passkey(page, axe, "Work laptop")

    # Her first factor: she is shown her recovery codes, to keep.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    axe(page)
    passkey = Authenticator.objects.get(user=trust_lead, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().name == "Work laptop"
    assert passkey.wrap().is_passwordless is True
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert len(credentials) == 1 and credentials[0]["isResidentCredential"] is True
    assert credentials[0]["rpId"] == "localhost"

    page.get_by_role("link", name="Back to Security").click()
    expect(page.get_by_text("You have added 1 passkey.")).to_be_visible()
    page.get_by_role("link", name="Manage your passkeys").click()
    axe(page)
    expect(page.get_by_role("cell", name="Work laptop", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Without a password", exact=True)).to_be_visible()

    sign_out(page)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()

    page.wait_for_url("**/dashboard/")
    expect(page.locator(".sign-in-state")).to_contain_text(f"Signed in as {trust_lead.full_name}")
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert csp_violations == []


def test_with_a_passkey_the_password_sign_in_asks_for_it_as_the_second_factor(
    page, axe, authenticator, csp_violations, trust_lead
):
    sign_in(page, trust_lead)
    add_passkey(page, axe, "Phone")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    sign_out(page)

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(trust_lead.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in", exact=True).click()

    page.wait_for_url("**/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in: second factor")
    axe(page)
    page.get_by_role("button", name="Use a passkey").click()

    page.wait_for_url("**/dashboard/")
    expect(page.locator(".sign-in-state")).to_contain_text(f"Signed in as {trust_lead.full_name}")
    assert csp_violations == []


def test_when_the_browser_refuses_the_page_says_so_and_nothing_is_added(page, axe, authenticator, trust_lead):
    cdp, authenticator_id = authenticator
    # Her fingerprint is not recognised: a passkey that signs in without a password needs it, so the browser refuses.
    cdp.send("WebAuthn.setUserVerified", {"authenticatorId": authenticator_id, "isUserVerified": False})
    sign_in(page, trust_lead)

    add_passkey(page, axe, "Work laptop")

    error = page.locator("#passkey-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Your browser did not use a passkey")
    expect(error).to_be_focused()
    axe(page)
    assert not Authenticator.objects.filter(user=trust_lead).exists()
