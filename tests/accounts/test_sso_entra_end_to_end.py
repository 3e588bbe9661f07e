"""Signing in with Microsoft Entra ID, end to end, against the loopback OpenID Connect provider dressed as a tenant.

Entra ID's issuer for a tenant is `<login URL>/<tenant>/v2.0` and its ID tokens carry the tenant (`tid`). Here the
loopback provider serves its issuer at that path and issues that `tid`, and SSO_ENTRA_LOGIN_URL points at it, so the
app's own Entra ID rules (the tenant, the ID token read without userinfo) run against a real provider.

People: Tara Trustlead (`trust_lead`), a governance lead at the trust, whose tenant is linked; a guest from another
tenant whom the provider vouches for with Tara's address.
"""

from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from assessments.models import IdentityProvider, ProviderKind
from assessments.services import sso
from tests.oidc.provider import callback_url, start_provider

from .sso_flow import page_text, sign_in_with_sso, signed_in_user_id

TENANT = "11111111-2222-3333-4444-555555555555"
OTHER_TENANT = "99999999-0000-0000-0000-000000000000"


@pytest.fixture(scope="module")
def entra_tenant(oidc_provider):
    """A second loopback provider, at /<TENANT>/v2.0, issuing `tid` (it skips with oidc_provider without Node.js)."""
    provider = start_provider(path=f"/{TENANT}/v2.0", extra_claims={"tid": TENANT})
    yield provider
    provider.stop()


@pytest.fixture
def trust_entra(trust, entra_tenant, settings):
    settings.SSO_ENTRA_LOGIN_URL = entra_tenant.issuer.removesuffix(f"/{TENANT}/v2.0")
    idp = IdentityProvider.objects.create(
        organisation=trust,
        kind=ProviderKind.ENTRA,
        tenant_id=TENANT,
        client_id=entra_tenant.client_id,
        client_secret=entra_tenant.client_secret,
    )
    entra_tenant.set_redirect_uris([callback_url(idp.provider_id)])
    return idp


def test_the_loopback_tenant_looks_like_entra_id(entra_tenant, trust_entra):
    assert urlsplit(entra_tenant.issuer).path == f"/{TENANT}/v2.0"
    assert trust_entra.server_url == entra_tenant.issuer


def test_a_trust_lead_signs_in_with_the_trusts_entra_tenant(client, entra_tenant, trust_entra, trust_lead):
    entra_tenant.add_account(trust_lead.email)

    response = sign_in_with_sso(client, entra_tenant, trust_entra, trust_lead.email)

    assert response["Location"] == reverse("assessments:dashboard")
    assert signed_in_user_id(client) == str(trust_lead.pk)
    extra_data = SocialAccount.objects.get(user=trust_lead).extra_data
    assert extra_data["id_token"]["tid"] == TENANT
    assert "userinfo" not in extra_data  # Entra ID's userinfo lacks tid and xms_edov: the ID token is what counts


def test_a_token_from_another_tenant_is_refused(client, entra_tenant, trust_entra, trust, trust_lead):
    entra_tenant.add_account(trust_lead.email, claims={"tid": OTHER_TENANT})

    response = sign_in_with_sso(client, entra_tenant, trust_entra, trust_lead.email)

    assert response.status_code == 403
    assert sso.WRONG_TENANT.format(organisation=trust) in page_text(response)
    assert signed_in_user_id(client) is None


def test_a_forged_entra_token_is_refused(client, entra_tenant, trust_entra, trust_lead):
    entra_tenant.add_account(trust_lead.email)

    with entra_tenant.tamper("signature"):
        response = sign_in_with_sso(client, entra_tenant, trust_entra, trust_lead.email)

    assert response.status_code == 401
    assert signed_in_user_id(client) is None
