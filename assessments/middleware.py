"""Two rules checked on every request, from what the session was stamped with at sign-in (no query per request).

- IdleTimeoutMiddleware: a session that has sat idle longer than its limit (IDLE_TIMEOUT_*) is signed out, with
  a message saying so. Last activity is written at most once a minute, so most requests save nothing.
- MfaEnforcementMiddleware: someone who must have a second factor (assessments.access.mfa_required_for) and has
  none reaches only the pages that set one up, signing out and static files, until they have added one.
  MFA_ENFORCED=false switches this off (the test settings do; the MFA specs switch it back on).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .access import MFA_SETUP_NEEDED
from .services import security

WRITE_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            limit = session.get(security.IDLE_LIMIT)
            if limit is None:  # a session from before idle limits: stamp it now
                security.session_start(request, user)
            else:
                last = session.get(security.LAST_ACTIVITY, now)
                if now - last > limit:
                    logout(request)
                    messages.info(request, security.IDLE_SIGNED_OUT.format(minutes=limit // 60))
                    return redirect(f"{reverse('login')}?next={request.path}")
                if now - last >= WRITE_EVERY_SECONDS:
                    session[security.LAST_ACTIVITY] = now
        return self.get_response(request)


def _allowed_prefixes():
    return (
        "/" + settings.STATIC_URL.lstrip("/"),
        reverse("mfa_index"),  # /accounts/2fa/: every page that adds a factor or shows recovery codes
        reverse("account_reauthenticate"),
        reverse("logout"),
    )


class MfaEnforcementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_ENFORCED and request.session.get(security.MFA_SETUP):
            user = request.user
            if user.is_authenticated and not request.path.startswith(_allowed_prefixes()):
                if security.mfa_setup_needed(user):
                    messages.warning(request, MFA_SETUP_NEEDED, fail_silently=True)
                    return redirect("mfa_index")
                request.session[security.MFA_SETUP] = False
        return self.get_response(request)
