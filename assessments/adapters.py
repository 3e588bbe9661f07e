"""How django-allauth fits this service: no self sign-up, single sign-on only for people already known here.

- AccountAdapter: accounts come from invitations (assessments.services.people), never from a sign-up page.
- SocialAccountAdapter: each organisation's identity provider (assessments.models.IdentityProvider) is an
  OpenID Connect app; a person signing in through it is matched to an existing account by a verified email
  address, or to a pending invitation for that address, which is then accepted through the invitation service.
  Nobody gets a membership from single sign-on alone. Every refusal and failure is a page of ours.
- MFAAdapter: the name the authenticator app shows.
"""

import logging
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render

from .services import sso as sso_services

logger = logging.getLogger(__name__)

REAUTHENTICATION_TIMEOUT = account_settings.REAUTHENTICATION_TIMEOUT
INVALID_LOGIN = AuthenticationForm.error_messages["invalid_login"] % {"username": "email"}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, "email_password_mismatch": INVALID_LOGIN}

    def is_open_for_signup(self, request):
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Someone sent to set up a second factor straight after signing in is not asked for their password again;
        later changes to their factors still ask (allauth's rule), after ACCOUNT_REAUTHENTICATION_TIMEOUT."""
        request = context.request
        if app == "allauth.mfa" and request is not None and _signed_in_within(request, REAUTHENTICATION_TIMEOUT):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = [
            app
            for app in sso_services.social_apps()
            if (provider is None or provider in (app.provider, app.provider_id))
            and (client_id is None or app.client_id == client_id)
        ]
        return apps + super().list_apps(request, provider=provider, client_id=client_id)

    def is_open_for_signup(self, request, sociallogin):
        # pre_social_login has already matched everyone who may come in; nobody else is signed up.
        return False

    def pre_social_login(self, request, sociallogin):
        try:
            user = sso_services.match_sociallogin(sociallogin)
        except sso_services.SsoRefused as refusal:
            logger.info("Single sign-on refused: %s", refusal.code)
            raise ImmediateHttpResponse(_error_page(request, refusal.message, status=403)) from None
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        message = sso_services.failure_message(error=error, exception=exception)
        logger.warning("Single sign-on failed (%s): %r", error, exception)
        status = 200 if error == AuthError.CANCELLED else 401
        raise ImmediateHttpResponse(_error_page(request, message, status=status, provider=provider))


class MFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self):
        return "Partnership Audit"


def _signed_in_within(request, seconds: int) -> bool:
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    return bool(records) and time.time() - records[-1]["at"] <= seconds


def _error_page(request, message, *, status, provider=None):
    return render(
        request,
        "socialaccount/authentication_error.html",
        {"sso_message": message, "provider_name": getattr(provider, "name", "")},
        status=status,
    )
