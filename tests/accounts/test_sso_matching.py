"""Who an organisation's sign-in may let in: the adapter's rules, driven with a constructed allauth SocialLogin.

People: Tara Trustlead (`trust_lead`, a member of the trust, whose Entra ID tenant is linked); Nadia, invited to
the trust but without an account yet; Colin Councillead (`council_lead`), who is not a member of the trust.
The end-to-end specs against the loopback OpenID Connect provider are test_sso_end_to_end.py (and _entra_).
"""

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base import AuthError
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from assessments.adapters import SocialAccountAdapter
from assessments.models import IdentityProvider, Membership, ProviderKind, Role
from assessments.services import people, sso

TENANT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def idp(trust):
    return IdentityProvider.objects.create(
        organisation=trust, kind=ProviderKind.ENTRA, tenant_id=TENANT, client_id="pa", client_secret="s3cret"
    )


def _login(idp, **claims):
    adapter = SocialAccountAdapter()
    request = RequestFactory().get("/")
    provider = adapter.get_provider(request, idp.provider_id)
    account = SocialAccount(provider=idp.provider_id, uid="subject-1", extra_data={"id_token": claims})
    return SocialLogin(account=account, provider=provider)


def _claims(email, **more):
    return {"tid": TENANT, "email": email, "xms_edov": True, **more}


def test_each_linked_organisation_is_an_openid_connect_app_with_its_tenant(idp):
    (app,) = sso.social_apps()

    assert app.provider == "openid_connect"
    assert app.provider_id == f"org-{idp.organisation_id}"
    assert app.settings["server_url"] == f"https://login.microsoftonline.com/{TENANT}/v2.0"
    assert app.name == f"Sign in with {idp.organisation}'s Microsoft account"


def test_the_sign_in_page_offers_the_organisations_microsoft_account(client, idp):
    html = client.get("/accounts/login/").content.decode().replace("&#x27;", "'")

    assert f"Sign in with {idp.organisation}'s Microsoft account" in html
    assert f"/accounts/oidc/{idp.provider_id}/login/" in html


def test_a_member_with_a_verified_email_is_matched(idp, trust_lead):
    assert sso.match_sociallogin(_login(idp, **_claims(trust_lead.email.upper()))) == trust_lead


def test_an_unverified_email_is_refused(idp, trust_lead):
    with pytest.raises(sso.SsoRefused) as excinfo:
        sso.match_sociallogin(_login(idp, tid=TENANT, email=trust_lead.email))
    assert excinfo.value.code == "unverified_email"


def test_another_tenant_is_refused(idp, trust_lead):
    with pytest.raises(sso.SsoRefused) as excinfo:
        sso.match_sociallogin(_login(idp, **_claims(trust_lead.email, tid="99999999-0000-0000-0000-000000000000")))
    assert excinfo.value.code == "wrong_tenant"


def test_someone_with_an_account_elsewhere_but_not_at_this_organisation_is_refused(idp, council_lead):
    with pytest.raises(sso.SsoRefused) as excinfo:
        sso.match_sociallogin(_login(idp, **_claims(council_lead.email)))
    assert excinfo.value.code == "no_account"


def test_a_stranger_gets_no_account_and_no_membership(idp):
    with pytest.raises(sso.SsoRefused) as excinfo:
        sso.match_sociallogin(_login(idp, **_claims("stranger@trust.example")))
    assert excinfo.value.code == "no_account"
    assert not Membership.objects.filter(user__email="stranger@trust.example").exists()


def test_a_pending_invitation_is_accepted_giving_exactly_the_invited_membership(idp, trust_lead, trust):
    invitation, _ = people.invitation_create(
        inviter=trust_lead, organisation=trust, email="nadia@trust.example", full_name="Nadia New", role=Role.MANAGER
    )

    user = sso.match_sociallogin(_login(idp, **_claims("nadia@trust.example")))

    assert list(user.memberships.values_list("organisation", "role")) == [(trust.pk, Role.MANAGER)]
    assert not user.has_usable_password()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_a_generic_openid_connect_issuer_needs_email_verified(trust, trust_lead):
    idp = IdentityProvider.objects.create(
        organisation=trust, kind=ProviderKind.OIDC, issuer_url="http://127.0.0.1:9/", client_id="pa", client_secret="x"
    )
    with pytest.raises(sso.SsoRefused):
        sso.match_sociallogin(_login(idp, email=trust_lead.email))
    assert sso.match_sociallogin(_login(idp, email=trust_lead.email, email_verified=True)) == trust_lead


def test_a_refusal_is_our_page_not_a_500(idp):
    sociallogin = _login(idp, **_claims("stranger@trust.example"))
    request = RequestFactory().get("/")

    with pytest.raises(ImmediateHttpResponse) as excinfo:
        SocialAccountAdapter().pre_social_login(request, sociallogin)

    assert excinfo.value.response.status_code == 403
    assert "There is no account or invitation for stranger@trust.example" in excinfo.value.response.content.decode()


@pytest.mark.parametrize(
    ("error", "exception", "message"),
    [
        (AuthError.CANCELLED, None, sso.CANCELLED),
        (AuthError.DENIED, None, sso.DENIED),
        (AuthError.UNKNOWN, PermissionDenied("state"), sso.STATE_MISMATCH),
        (AuthError.UNKNOWN, ValueError("bad token"), sso.PROVIDER_ERROR),
    ],
)
def test_every_failure_from_the_provider_is_explained(db, error, exception, message):
    request = RequestFactory().get("/")
    with pytest.raises(ImmediateHttpResponse) as excinfo:
        SocialAccountAdapter().on_authentication_error(request, None, error=error, exception=exception)
    assert message in excinfo.value.response.content.decode().replace("&#x27;", "'")
