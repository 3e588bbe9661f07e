"""Where sign-in events meet the security services: each handler only calls one service (services.security)."""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import security


@receiver(user_logged_in, dispatch_uid="assessments.session_start")
def _session_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        security.session_start(request, user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="assessments.factor_added")
@receiver(mfa_signals.authenticator_removed, dispatch_uid="assessments.factor_removed")
def _factor_changed(sender, request, user, **kwargs):
    security.factor_changed(request, user)
