"""A person's sign-in security: their second factors, how long a session may sit idle, signing out everywhere.

- `session_start` runs at every sign-in (Django's user_logged_in): it stamps the session with its idle limit
  (officers and site administrators get the shorter one) and with whether the person still has to set up a
  second factor, so the middlewares decide without a query on every request.
- `sign_out_everywhere` moves the person's session epoch on (User.get_session_auth_hash), which ends every
  session signed in before, and keeps the current one when there is one. It runs when a second factor is added
  or removed; a new password ends other sessions by itself (the hash covers the password).
- `factors_reset` is the administrator's reset: every factor removed, every session ended, an AccountEvent kept.
"""

import copy

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..access import is_officer, mfa_required_for
from ..models import AccountEvent, AccountEventKind, User

LAST_ACTIVITY = "pa_last_activity"
IDLE_LIMIT = "pa_idle_limit_seconds"
MFA_SETUP = "pa_mfa_setup_needed"
IDLE_SIGNED_OUT = "You were signed out after {minutes} minutes without activity. Sign in again to carry on."
FACTORS_RESET_NOTE = "Removed {count} second factor(s); every session signed out."


def idle_limit_for(user):
    privileged = user.is_staff or user.is_superuser or is_officer(user)
    return settings.IDLE_TIMEOUT_PRIVILEGED if privileged else settings.IDLE_TIMEOUT_DEFAULT


def has_factor(user) -> bool:
    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


def mfa_setup_needed(user) -> bool:
    return mfa_required_for(user) and not has_factor(user)


def session_start(request, user) -> None:
    user = copy.copy(user)  # is_officer keeps its answer on the object: keep it off the caller's
    session = request.session
    session[LAST_ACTIVITY] = int(timezone.now().timestamp())
    session[IDLE_LIMIT] = int(idle_limit_for(user).total_seconds())
    session[MFA_SETUP] = mfa_setup_needed(user)


def sign_out_everywhere(user, *, request=None) -> None:
    """End every session of this person, but the one of this request."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    if request is not None and getattr(request, "user", None) is not None and request.user.pk == user.pk:
        request.user.session_epoch = user.session_epoch
        update_session_auth_hash(request, request.user)


def factor_changed(request, user) -> None:
    sign_out_everywhere(user, request=request)
    if request is not None and hasattr(request, "session") and request.user.pk == user.pk:
        request.session[MFA_SETUP] = mfa_setup_needed(user)


@transaction.atomic
def factors_reset(*, user, actor) -> AccountEvent:
    count, _ = Authenticator.objects.filter(user=user).delete()
    sign_out_everywhere(user)
    return AccountEvent.objects.create(
        user=user, kind=AccountEventKind.FACTORS_RESET, actor=actor, note=FACTORS_RESET_NOTE.format(count=count)
    )
