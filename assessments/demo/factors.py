"""A second factor for the demo's officers and site administrator, so `make run` works with MFA enforced.

Each gets an authenticator (TOTP) with a secret made on the first run and kept afterwards; `manage.py
demo_totp_code <email>` prints the code an authenticator app would show now. Demo only: a real person scans
the QR code on their Security page instead.
"""

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from ..models import OrganisationKind, Role, User
from .world import ADMIN_EMAIL, DOMAIN


def demo_factor_people() -> list[User]:
    officers = User.objects.filter(
        email__endswith=f"@{DOMAIN}",
        memberships__role=Role.OFFICER,
        memberships__organisation__kind=OrganisationKind.PROFESSIONAL_BODY,
    )
    return list(User.objects.filter(email=ADMIN_EMAIL)) + list(officers.order_by("email"))


def ensure_demo_factors() -> list[tuple[User, bool]]:
    """Give each demo officer and the administrator an authenticator app, once. Returns (person, created)."""
    done = []
    for user in demo_factor_people():
        exists = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if not exists:
            TOTP.activate(user, generate_totp_secret())
        done.append((user, not exists))
    return done


def current_code(user: User, *, at: float | None = None) -> str | None:
    import time

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    secret = get_adapter().decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


__all__ = ["current_code", "demo_factor_people", "ensure_demo_factors"]
