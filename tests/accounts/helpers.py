"""What the account specs share: signing in through the real sign-in page, and the code an authenticator app shows."""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

PASSWORD = "correct horse battery staple"  # noqa: S105 (tests.factories.make_user's)


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now, computed as allauth checks it (30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def sign_in(client, user, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": user.email, "password": password, **extra})


def add_totp(client):
    """Set up an authenticator app on the TOTP page, as a person would: read the secret shown, type its code."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def recovery_codes_shown(html: str) -> list[str]:
    return re.findall(r"\b([0-9a-f]{8})\b", html)
