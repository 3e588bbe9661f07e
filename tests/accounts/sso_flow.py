"""A sign-in through an organisation's identity provider, with Django's test client as the browser.

Used by the end-to-end SSO specs against the loopback OpenID Connect provider (tests/oidc).
"""

import html
from urllib.parse import urlsplit


def start(client, idp):
    """Press the organisation's button on the sign-in page; the app sends the browser to the provider."""
    response = client.post(f"/accounts/oidc/{idp.provider_id}/login/")
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def come_back(client, redirect):
    back = urlsplit(redirect)
    return client.get(f"{back.path}?{back.query}")


def sign_in_with_sso(client, oidc_provider, idp, email):
    return come_back(client, oidc_provider.sign_in(start(client, idp), email))


def page_text(response):
    return html.unescape(response.content.decode())


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")
