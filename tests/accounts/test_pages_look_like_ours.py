"""Every allauth page a person meets is in the site's layout, under its strict CSP, and an unknown organisation's
sign-in address is a page, not a 500. Tara Trustlead (`trust_lead`) visits her Security pages."""

import re

import pytest
from django.urls import reverse

from .helpers import sign_in

PAGES = ["mfa_index", "mfa_activate_totp", "mfa_add_webauthn", "mfa_generate_recovery_codes"]


@pytest.mark.parametrize("name", PAGES)
def test_security_pages_are_in_our_layout_without_inline_script(client, trust_lead, name):
    sign_in(client, trust_lead)

    response = client.get(reverse(name), follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Skip to main content" in html and "Partnership Audit" in html
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_an_unknown_organisation_sign_in_is_a_page_not_a_500(client, db):
    response = client.post("/accounts/oidc/org-999/login/")

    assert response.status_code in (401, 403, 404)
