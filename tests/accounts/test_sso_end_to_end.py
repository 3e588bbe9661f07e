"""Signing in through an organisation's own sign-in, end to end, against a real OpenID Connect provider on loopback.

The provider is panva's oidc-provider (tests/oidc: `oidc_provider`); allauth fetches its discovery document, keys,
tokens and userinfo over real HTTP, and Django's test client plays the browser.

People: Tara Trustlead (`trust_lead`), a governance lead at the trust, whose identity provider is the loopback one;
Nadia New, invited to the trust as a manager, with no account yet; a stranger the trust's provider knows but
Partnership Audit does not. Forged and replayed ID tokens come from `oidc_provider.tamper(kind)`.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from assessments.access import SSO_REQUIRED
from assessments.models import IdentityProvider, Invitation, Membership, ProviderKind, Role, User
from assessments.services import people, sso
from tests.oidc.provider import callback_url

from .helpers import sign_in
from .sso_flow import come_back, page_text, sign_in_with_sso, signed_in_user_id, start

DASHBOARD = reverse("assessments:dashboard")


@pytest.fixture
def trust_idp(trust, oidc_provider):
    """The trust's sign-in is the loopback provider; its client's callback is this provider's until the spec ends
    (then the provider's own placeholder again, which tests/oidc's self-specs expect)."""
    idp = IdentityProvider.objects.create(
        organisation=trust,
        kind=ProviderKind.OIDC,
        issuer_url=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
    )
    oidc_provider.set_redirect_uris([callback_url(idp.provider_id)])
    oidc_provider.reset()
    yield idp
    oidc_provider.reset()
    oidc_provider.set_redirect_uris([callback_url("loopback")])


def test_a_trust_lead_signs_in_end_to_end_with_pkce_state_and_nonce(client, oidc_provider, trust_idp, trust_lead):
    oidc_provider.add_account(trust_lead.email, name="Tara Trustlead")

    authorize = start(client, trust_idp)
    query = {key: values[0] for key, values in parse_qs(urlsplit(authorize).query).items()}
    stashed, _, _ = client.session["socialaccount_states"][query["state"]]
    response = come_back(client, oidc_provider.sign_in(authorize, trust_lead.email))

    assert authorize.startswith(oidc_provider.discovery["authorization_endpoint"] + "?")
    assert query["response_type"] == "code"
    assert query["client_id"] == oidc_provider.client_id
    assert "openid" in query["scope"].split()
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43  # base64url of a SHA-256 digest
    assert len(query["nonce"]) >= 32
    assert stashed["nonce"] == query["nonce"]  # kept in allauth's state for this sign-in, beside the PKCE verifier
    assert stashed["pkce_code_verifier"]
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert signed_in_user_id(client) == str(trust_lead.pk)
    account = SocialAccount.objects.get(user=trust_lead)
    assert account.provider == trust_idp.provider_id
    assert account.extra_data["id_token"]["nonce"] == query["nonce"]
    assert client.get(DASHBOARD).status_code == 200


def test_a_second_sign_in_uses_the_linked_account_and_a_new_nonce(client, oidc_provider, trust_idp, trust_lead):
    oidc_provider.add_account(trust_lead.email)
    sign_in_with_sso(client, oidc_provider, trust_idp, trust_lead.email)
    first_nonce = SocialAccount.objects.get(user=trust_lead).extra_data["id_token"]["nonce"]
    client.logout()

    response = sign_in_with_sso(client, oidc_provider, trust_idp, trust_lead.email)

    assert response["Location"] == DASHBOARD
    assert signed_in_user_id(client) == str(trust_lead.pk)
    assert SocialAccount.objects.get(user=trust_lead).extra_data["id_token"]["nonce"] != first_nonce


@pytest.mark.parametrize(
    "kind",
    [
        "signature",  # signed with a key that is not in the provider's JWKS
        "nonce",  # validly signed, but for another sign-in
        "iss",  # validly signed, claiming an unknown issuer
        "aud",  # validly signed, for another client
        "expired",  # validly signed, an hour old
    ],
)
def test_a_tampered_id_token_is_refused_with_our_page_and_no_session(
    client, oidc_provider, trust_idp, trust_lead, kind
):
    oidc_provider.add_account(trust_lead.email)

    with oidc_provider.tamper(kind):
        response = sign_in_with_sso(client, oidc_provider, trust_idp, trust_lead.email)

    assert response.status_code == 401
    assert sso.PROVIDER_ERROR in page_text(response)
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()


def test_an_issuer_that_is_not_the_configured_one_is_refused(client, oidc_provider, trust_idp, trust_lead):
    # The same server under another name: its discovery document names 127.0.0.1, not the issuer configured.
    trust_idp.issuer_url = oidc_provider.issuer.replace("127.0.0.1", "localhost")
    trust_idp.save()

    response = client.post(f"/accounts/oidc/{trust_idp.provider_id}/login/")

    assert response.status_code == 401
    assert sso.PROVIDER_ERROR in page_text(response)
    assert signed_in_user_id(client) is None


def test_an_unreachable_issuer_is_our_error_page_not_a_500(client, trust):
    idp = IdentityProvider.objects.create(
        organisation=trust, kind=ProviderKind.OIDC, issuer_url="http://127.0.0.1:9", client_id="pa", client_secret="x"
    )

    response = client.post(f"/accounts/oidc/{idp.provider_id}/login/")

    assert response.status_code == 401
    assert sso.PROVIDER_ERROR in page_text(response)


def test_a_callback_this_browser_did_not_start_is_a_state_mismatch(client, oidc_provider, trust_idp, trust_lead):
    oidc_provider.add_account(trust_lead.email)
    redirect = oidc_provider.sign_in(start(client, trust_idp), trust_lead.email)

    response = come_back(client.__class__(), redirect)  # another browser, with the same code and state

    assert response.status_code == 401
    assert sso.STATE_MISMATCH in page_text(response)


def test_someone_the_provider_knows_but_we_do_not_is_refused_with_the_reason(client, oidc_provider, trust_idp, trust):
    oidc_provider.add_account("stranger@trust.example")

    response = sign_in_with_sso(client, oidc_provider, trust_idp, "stranger@trust.example")

    assert response.status_code == 403
    assert sso.NO_ACCOUNT.format(email="stranger@trust.example", organisation=trust) in page_text(response)
    assert signed_in_user_id(client) is None
    assert not User.objects.filter(email="stranger@trust.example").exists()


def test_an_email_the_provider_has_not_verified_is_refused(client, oidc_provider, trust_idp, trust_lead):
    oidc_provider.add_account(trust_lead.email, verified=False)

    response = sign_in_with_sso(client, oidc_provider, trust_idp, trust_lead.email)

    assert response.status_code == 403
    assert sso.UNVERIFIED_EMAIL.format(email=trust_lead.email) in page_text(response)
    assert signed_in_user_id(client) is None


def test_an_invited_person_joins_through_sso_with_exactly_the_invited_membership(
    client, oidc_provider, trust_idp, trust, trust_lead
):
    invitation, _ = people.invitation_create(
        inviter=trust_lead, organisation=trust, email="nadia@trust.example", full_name="Nadia New", role=Role.MANAGER
    )
    oidc_provider.add_account("Nadia@Trust.example", name="Nadia New")

    response = sign_in_with_sso(client, oidc_provider, trust_idp, "Nadia@Trust.example")

    assert response.status_code == 302
    nadia = User.objects.get(email="nadia@trust.example")
    assert signed_in_user_id(client) == str(nadia.pk)
    assert list(Membership.objects.filter(user=nadia).values_list("organisation", "role")) == [(trust.pk, Role.MANAGER)]
    assert not nadia.has_usable_password()
    invitation.refresh_from_db()
    assert invitation.accepted_by == nadia
    assert invitation.accepted_at is not None
    assert people.pending_invitation_for("nadia@trust.example") is None
    assert Invitation.objects.filter(email="nadia@trust.example", accepted_at__isnull=True).count() == 0


def test_a_member_of_an_sso_only_organisation_is_refused_a_password_and_signs_in_through_sso(
    client, oidc_provider, trust_idp, trust, trust_lead
):
    trust_idp.sso_required = True
    trust_idp.save()
    oidc_provider.add_account(trust_lead.email)

    refused = sign_in(client, trust_lead)

    assert refused.status_code == 200
    assert SSO_REQUIRED.format(organisation=trust, button=trust_idp.button_label) in page_text(refused)
    assert signed_in_user_id(client) is None

    response = sign_in_with_sso(client, oidc_provider, trust_idp, trust_lead.email)

    assert response["Location"] == DASHBOARD
    assert signed_in_user_id(client) == str(trust_lead.pk)


def test_a_sign_in_the_provider_refuses_is_the_cancelled_page(client, oidc_provider, trust_idp):
    # The provider has no account for this address: it sends the browser back with error=access_denied.
    redirect = oidc_provider.sign_in(start(client, trust_idp), "nobody-at-the-provider@trust.example")
    assert parse_qs(urlsplit(redirect).query)["error"] == ["access_denied"]

    response = come_back(client, redirect)

    assert response.status_code == 200
    assert sso.CANCELLED in page_text(response)
    assert signed_in_user_id(client) is None
