"""The Security pages in our words (allauth's forms and URLs underneath).

People: Olive Officer (`officer`) must have a second factor; Tara Trustlead (`trust_lead`) may add one.
The browser specs (tests/browser/test_second_factor_journey.py, test_passkeys.py) walk the same pages in Chromium.
"""

import time
from unittest import mock

import pytest
from django.urls import reverse

from .helpers import add_totp, sign_in

ALLAUTH_WORDS = ["Two-Factor Authentication", "Security Keys", "Authenticator App", "Recovery Codes", "Activate"]


@pytest.fixture
def enforced(settings):
    settings.MFA_ENFORCED = True
    return settings


def test_an_officer_is_told_why_she_must_set_one_up(client, officer, enforced):
    sign_in(client, officer)

    html = client.get(reverse("mfa_index")).content.decode()

    assert "You need to set one up before you carry on" in html
    assert "BASW officers and site administrators must use a second factor" in html
    assert "optional for your account" not in html


def test_for_a_lead_whose_organisation_does_not_ask_it_is_optional(client, trust_lead, enforced):
    sign_in(client, trust_lead)

    html = client.get(reverse("mfa_index")).content.decode()

    assert "optional for your account" in html
    assert "You need to set one up" not in html


def test_the_setup_key_is_written_out_beside_the_qr_code_and_the_code_field_suits_a_phone(client, trust_lead):
    sign_in(client, trust_lead)

    response = client.get(reverse("mfa_activate_totp"))

    html = response.content.decode()
    secret = response.context["form"].secret
    assert f'id="totp-secret" class="form-control font-monospace" value="{secret}" readonly' in html
    assert '<label class="form-label" for="totp-secret">Setup key</label>' in html
    assert 'name="code" id="id_code"' in html
    assert 'inputmode="numeric" autocomplete="one-time-code"' in html
    assert f'alt="{secret}"' not in html  # allauth's alt read the key out as the image's name


def test_a_wrong_code_is_summarised_at_the_top_and_linked_to_the_field(client, trust_lead):
    sign_in(client, trust_lead)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "123456"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Set up an authenticator app" in html
    assert '<li><a href="#id_code">Incorrect code.</a></li>' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_code-hint id_code-error"' in html


@pytest.mark.parametrize(
    "name",
    ["mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp", "mfa_add_webauthn"],
)
def test_no_page_keeps_allauths_wording(client, trust_lead, name):
    sign_in(client, trust_lead)
    add_totp(client)

    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    for words in ALLAUTH_WORDS:
        assert words not in html, words


def test_the_recovery_codes_are_a_list_read_one_by_one(client, trust_lead):
    sign_in(client, trust_lead)
    add_totp(client)

    response = client.get(reverse("mfa_view_recovery_codes"))

    html = response.content.decode()
    assert '<ul class="recovery-codes' in html and 'aria-label="Unused recovery codes"' in html
    for code in response.context["unused_codes"]:
        assert f"<li>{code}</li>" in html


def test_the_second_step_of_signing_in_asks_for_a_code_in_our_words(client, trust_lead):
    sign_in(client, trust_lead)
    add_totp(client)
    client.post(reverse("logout"))

    response = sign_in(client, trust_lead)
    page = client.get(response["Location"])

    html = page.content.decode()
    assert "<h1>Sign in: second factor</h1>" in html
    assert "Type one of your 8-digit recovery codes instead" in html
    assert "Use a passkey" in html and "Cancel and sign out" in html


def test_a_change_an_hour_later_asks_her_to_confirm_it_is_her_with_a_code(client, trust_lead):
    sign_in(client, trust_lead)
    add_totp(client)

    with mock.patch("time.time", return_value=time.time() + 3600):
        asked = client.get(reverse("mfa_deactivate_totp"))
        wrong = client.post(reverse("mfa_reauthenticate"), {"code": "12"})

    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    html = wrong.content.decode()
    assert "<h1>Confirm it is you</h1>" in html and "Confirm Access" not in html
    assert html.count("There is a problem") == 1
    assert '<li><a href="#id_code">Incorrect code.</a></li>' in html
