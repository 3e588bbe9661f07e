"""Single sign-on: an organisation's identity provider as a django-allauth app, and who it may sign in.

The rules (SocialAccountAdapter.pre_social_login calls `match_sociallogin`):
- the answer must come from an enabled provider linked to an organisation, and for Microsoft Entra ID from that
  organisation's tenant (the ID token's `tid` claim);
- the provider must say the email address is verified: OpenID Connect's `email_verified`, or for Entra ID that
  claim or `xms_edov` ("email domain owner verified", an optional claim the app registration adds);
- the address must be that of an active account with a membership of the provider's organisation, or of a pending
  invitation to it (accepted then, through the invitation service: exactly the invited membership);
- anyone else is refused, with the reason, on a page of ours. A provider vouches only for its own organisation.
"""

from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.models import SocialApp
from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import IdentityProvider, Membership, ProviderKind, User
from . import people
from .errors import WorkflowError

UNKNOWN_PROVIDER = (
    "This organisation's sign-in is not set up on Partnership Audit (or has been switched off). "
    "Sign in with your email address and password, or ask your governance lead."
)
WRONG_TENANT = (
    "You signed in with a Microsoft account from another organisation's directory. Sign out of Microsoft, "
    "then sign in again with your work account at {organisation}."
)
NO_EMAIL = "Your organisation's sign-in did not tell us your email address, so we cannot find your account."
UNVERIFIED_EMAIL = (
    "Your organisation's sign-in did not confirm that {email} is yours, so we cannot use it to find your account. "
    "Ask your IT team to include a verified email address, or sign in with your email address and password."
)
NO_ACCOUNT = (
    "There is no account or invitation for {email} at {organisation}. Accounts are created by invitation from "
    "your organisation's governance lead: ask them to invite you, then sign in again."
)
INACTIVE_ACCOUNT = "The account for {email} has been switched off. Ask your governance lead or BASW officer."
CANCELLED = "You cancelled signing in with your organisation's account. Nothing has changed; sign in when ready."
DENIED = "Your organisation's sign-in refused the request. Try again, or ask your IT team whether you may use it."
STATE_MISMATCH = (
    "This sign-in could not be finished: it was started in another window or took too long. Start again from the "
    "sign-in page."
)
PROVIDER_ERROR = (
    "Your organisation's sign-in could not be reached, or gave an answer we could not check. Try again in a few "
    "minutes; if it keeps happening, sign in with your email address and password or ask your IT team."
)


class SsoRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def social_apps() -> list[SocialApp]:
    """Every enabled identity provider as an (unsaved) allauth OpenID Connect app, id `org-<organisation pk>`."""
    apps = []
    for idp in IdentityProvider.objects.filter(enabled=True).select_related("organisation"):
        app = SocialApp(
            provider="openid_connect",
            provider_id=idp.provider_id,
            name=idp.button_label,
            client_id=idp.client_id,
            secret=idp.secret,
        )
        app.settings = {
            "server_url": idp.server_url,
            "oauth_pkce_enabled": True,
            # Entra ID's userinfo leaves out the claims checked here (tid, xms_edov): read the ID token.
            "fetch_userinfo": idp.kind != ProviderKind.ENTRA,
        }
        apps.append(app)
    return apps


def identity_provider_for(sociallogin) -> IdentityProvider | None:
    app = getattr(sociallogin.provider, "app", None)
    provider_id = getattr(app, "provider_id", "") or ""
    if not provider_id.startswith("org-") or not provider_id[4:].isdigit():
        return None
    return (
        IdentityProvider.objects.select_related("organisation")
        .filter(organisation_id=int(provider_id[4:]), enabled=True)
        .first()
    )


def _claims(sociallogin) -> tuple[dict, dict]:
    """The claims to read (userinfo when fetched, else the ID token) and the ID token's own."""
    data = sociallogin.account.extra_data or {}
    id_token = data.get("id_token") or {}
    return (data.get("userinfo") or id_token or data), id_token


def verified_email(idp: IdentityProvider, claims: dict, id_token: dict) -> tuple[str, bool]:
    email = (claims.get("email") or id_token.get("email") or "").strip().lower()
    verified = parse_bool_safely(claims.get("email_verified", id_token.get("email_verified")))
    if idp.kind == ProviderKind.ENTRA:
        verified = verified or parse_bool_safely(id_token.get("xms_edov", claims.get("xms_edov")))
    return email, bool(verified)


@transaction.atomic
def match_sociallogin(sociallogin) -> User:
    """The account this sign-in is for, or SsoRefused with the reason. Accepts a pending invitation it matches."""
    idp = identity_provider_for(sociallogin)
    if idp is None:
        raise SsoRefused("unknown_provider", UNKNOWN_PROVIDER)
    organisation = idp.organisation
    claims, id_token = _claims(sociallogin)
    if idp.kind == ProviderKind.ENTRA:
        tid = str(id_token.get("tid") or claims.get("tid") or "").strip().lower()
        if tid != idp.tenant_id.strip().lower():
            raise SsoRefused("wrong_tenant", WRONG_TENANT.format(organisation=organisation))
    if sociallogin.is_existing:
        user = sociallogin.user
        if not user.is_active:
            raise SsoRefused("inactive", INACTIVE_ACCOUNT.format(email=user.email))
        return user
    email, verified = verified_email(idp, claims, id_token)
    if not email:
        raise SsoRefused("no_email", NO_EMAIL)
    if not verified:
        raise SsoRefused("unverified_email", UNVERIFIED_EMAIL.format(email=email))
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        raise SsoRefused("inactive", INACTIVE_ACCOUNT.format(email=email))
    invitation = people.pending_invitation_for(email, organisation=organisation)
    if invitation is not None:
        try:
            return people.invitation_accept_signed_in_elsewhere(invitation=invitation, user=user)
        except WorkflowError as exc:
            raise SsoRefused("invitation", exc.messages[0]) from None
    if user is not None and Membership.objects.filter(user=user, organisation=organisation).exists():
        return user
    raise SsoRefused("no_account", NO_ACCOUNT.format(email=email, organisation=organisation))


def failure_message(*, error=None, exception=None) -> str:
    from allauth.socialaccount.providers.base import AuthError

    if error == AuthError.CANCELLED:
        return CANCELLED
    if error == AuthError.DENIED:
        return DENIED
    if isinstance(exception, PermissionDenied):
        return STATE_MISMATCH
    return PROVIDER_ERROR
