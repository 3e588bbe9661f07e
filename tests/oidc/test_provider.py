"""The loopback OpenID Connect provider is real and behaves: the SSO specs can trust what it refuses and issues.

Each spec plays the relying party by hand (requests and PyJWT): an authorization request with state, nonce
and PKCE, a person at the provider's login and consent pages, the token exchange, and the ID token checked
against the provider's JWKS.
"""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests

from tests.oidc.provider import ProviderError, callback_url, start_provider

REDIRECT_URI = callback_url("loopback")


def authorization_request(provider, *, pkce=True, redirect_uri=REDIRECT_URI):
    """What a relying party sends the browser to, and the secrets it keeps: (url, code_verifier, state, nonce)."""
    verifier, state, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    params = {
        "client_id": provider.client_id,
        "response_type": "code",
        "scope": "openid email profile",
        "redirect_uri": redirect_uri,
        "state": state,
        "nonce": nonce,
    }
    if pkce:
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        params.update(code_challenge=challenge, code_challenge_method="S256")
    return f"{provider.discovery['authorization_endpoint']}?{urlencode(params)}", verifier, state, nonce


def query(url):
    return {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}


def exchange(provider, code, **verifier):
    return requests.post(
        provider.discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, **verifier},
        auth=(provider.client_id, provider.client_secret),
        timeout=5,
    )


def verify(provider, id_token):
    """Check the ID token as a careful relying party does: signature from the JWKS, issuer, audience, expiry."""
    key = jwt.PyJWKClient(provider.discovery["jwks_uri"]).get_signing_key_from_jwt(id_token)
    return jwt.decode(id_token, key, algorithms=["RS256"], issuer=provider.issuer, audience=provider.client_id)


def signed_in_id_token(provider, email):
    url, verifier, _state, nonce = authorization_request(provider)
    code = query(provider.sign_in(url, email))["code"]
    return exchange(provider, code, code_verifier=verifier).json()["id_token"], nonce


@pytest.fixture
def tara(oidc_provider):
    return oidc_provider.add_account("tara.trustlead@mersey-trust.example", name="Tara Trustlead")


def test_discovery_document_names_the_issuer_its_endpoints_and_pkce_s256(oidc_provider):
    discovery = requests.get(oidc_provider.discovery_url, timeout=5).json()

    assert discovery["issuer"] == oidc_provider.issuer
    assert oidc_provider.issuer.startswith("http://127.0.0.1:")
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
        assert discovery[endpoint].startswith(oidc_provider.issuer + "/")
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert discovery["response_types_supported"] == ["code"]
    assert requests.get(discovery["jwks_uri"], timeout=5).json()["keys"][0]["kty"] == "RSA"


def test_code_flow_with_pkce_returns_the_state_and_a_signed_id_token_with_the_nonce_and_email(oidc_provider, tara):
    url, verifier, state, nonce = authorization_request(oidc_provider)

    back = oidc_provider.sign_in(url, "Tara.Trustlead@mersey-trust.example")

    assert back.startswith(REDIRECT_URI + "?")
    assert query(back)["state"] == state
    tokens = exchange(oidc_provider, query(back)["code"], code_verifier=verifier)
    assert tokens.status_code == 200, tokens.text
    claims = verify(oidc_provider, tokens.json()["id_token"])
    assert claims["nonce"] == nonce
    assert claims["sub"] == tara["sub"]
    assert (claims["email"], claims["email_verified"], claims["name"]) == (
        "tara.trustlead@mersey-trust.example",
        True,
        "Tara Trustlead",
    )
    userinfo = requests.get(
        oidc_provider.discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens.json()['access_token']}"},
        timeout=5,
    ).json()
    assert userinfo["email"] == "tara.trustlead@mersey-trust.example"


def test_a_code_is_exchanged_only_with_its_code_verifier_and_only_once(oidc_provider, tara):
    url, verifier, _state, _nonce = authorization_request(oidc_provider)
    code = query(oidc_provider.sign_in(url, tara["email"]))["code"]

    without = exchange(oidc_provider, code)
    assert (without.status_code, without.json()["error"]) == (400, "invalid_grant")

    url, verifier, _state, _nonce = authorization_request(oidc_provider)
    code = query(oidc_provider.sign_in(url, tara["email"]))["code"]
    wrong = exchange(oidc_provider, code, code_verifier=secrets.token_urlsafe(48))
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")


def test_an_authorization_request_without_pkce_is_refused(oidc_provider, tara):
    url, _verifier, _state, _nonce = authorization_request(oidc_provider, pkce=False)

    back = query(oidc_provider.sign_in(url, tara["email"]))

    assert back["error"] == "invalid_request"
    assert "requires PKCE" in back["error_description"]


def test_an_email_with_no_account_at_the_provider_comes_back_as_access_denied(oidc_provider):
    url, _verifier, state, _nonce = authorization_request(oidc_provider)

    back = query(oidc_provider.sign_in(url, "nobody@elsewhere.example"))

    assert (back["error"], back["state"]) == ("access_denied", state)


def test_a_redirect_uri_the_client_has_not_registered_is_refused_until_it_is(oidc_provider, tara):
    elsewhere = callback_url("loopback", base_url="http://127.0.0.1:9")
    url, _verifier, _state, _nonce = authorization_request(oidc_provider, redirect_uri=elsewhere)
    with pytest.raises(ProviderError, match="redirect_uri did not match"):
        oidc_provider.sign_in(url, tara["email"])

    oidc_provider.set_redirect_uris([REDIRECT_URI, elsewhere])
    try:
        assert "code" in query(oidc_provider.sign_in(url, tara["email"]))
    finally:
        oidc_provider.set_redirect_uris([REDIRECT_URI])


def test_a_tampered_signature_fails_verification_against_the_jwks(oidc_provider, tara):
    with oidc_provider.tamper("signature"):
        id_token, _nonce = signed_in_id_token(oidc_provider, tara["email"])

    with pytest.raises(jwt.InvalidSignatureError):
        verify(oidc_provider, id_token)
    # One token only: the next sign-in is sound again.
    assert verify(oidc_provider, signed_in_id_token(oidc_provider, tara["email"])[0])["email"] == tara["email"]


@pytest.mark.parametrize(
    ("kind", "error"),
    [("iss", jwt.InvalidIssuerError), ("aud", jwt.InvalidAudienceError), ("expired", jwt.ExpiredSignatureError)],
)
def test_a_validly_signed_id_token_with_a_wrong_claim_fails_verification(oidc_provider, tara, kind, error):
    with oidc_provider.tamper(kind):
        id_token, _nonce = signed_in_id_token(oidc_provider, tara["email"])

    with pytest.raises(error):
        verify(oidc_provider, id_token)


def test_a_validly_signed_id_token_with_another_nonce_passes_jwt_checks_but_not_the_nonce(oidc_provider, tara):
    with oidc_provider.tamper("nonce"):
        id_token, nonce = signed_in_id_token(oidc_provider, tara["email"])

    assert verify(oidc_provider, id_token)["nonce"] != nonce


def test_an_unused_tampering_is_forgotten_at_the_end_of_its_block(oidc_provider, tara):
    with oidc_provider.tamper("signature"):
        pass

    assert verify(oidc_provider, signed_in_id_token(oidc_provider, tara["email"])[0])["sub"] == tara["sub"]


def test_stop_ends_the_provider_and_its_process_group(oidc_provider):
    provider = start_provider()  # a second one, its own: oidc_provider is here only to skip without Node.js
    assert requests.get(provider.discovery_url, timeout=5).status_code == 200

    provider.stop()

    assert provider.process.returncode is not None
    with pytest.raises(requests.ConnectionError):
        requests.get(provider.discovery_url, timeout=5)


def test_the_login_page_a_browser_sees_loads_nothing_from_outside_hosts(oidc_provider):
    url, _verifier, _state, _nonce = authorization_request(oidc_provider)

    page = requests.get(url, timeout=5)

    assert 'name="login"' in page.text
    assert "https://" not in page.text
