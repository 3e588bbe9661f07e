"""Who must sign in how: a second factor, their organisation's single sign-on.

One rule each, read by the sign-in form, the password reset, the MFA middleware and the admin alike.
"""

from ..models import IdentityProvider, Membership

SSO_REQUIRED = (
    "{organisation} asks its members to sign in with their organisation's account. "
    "Use “{button}” on the sign-in page instead of a password."
)
MFA_SETUP_NEEDED = (
    "Your account needs a second factor before you can carry on. Set up an authenticator app (or a passkey) "
    "below: it takes a minute, and you will be asked for a code from it each time you sign in."
)


def mfa_required_for(user) -> bool:
    """Whether this person must have a second factor: BASW officers, site administrators, and the members of
    any organisation that asks for one."""
    from . import is_officer

    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or is_officer(user):
        return True
    return Membership.objects.filter(user=user, organisation__mfa_required=True).exists()


def required_identity_provider(user) -> IdentityProvider | None:
    """The identity provider this person must sign in through, if one of their organisations requires it."""
    if user is None or not getattr(user, "pk", None):
        return None
    return (
        IdentityProvider.objects.select_related("organisation")
        .filter(sso_required=True, enabled=True, organisation__memberships__user=user)
        .order_by("organisation__name")
        .first()
    )


def sso_required_refusal(user) -> str | None:
    """Why this person may not sign in with a password (or reset it), or None when they may."""
    provider = required_identity_provider(user)
    if provider is None:
        return None
    return SSO_REQUIRED.format(organisation=provider.organisation, button=provider.button_label)
