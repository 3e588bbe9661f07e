"""The provider allauth registers under `openid_connect` (see assessments/oidc/__init__.py): a nonce per sign-in."""

import secrets

import requests
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from .views import CheckedOpenIDConnectAdapter


class CheckedOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = CheckedOpenIDConnectAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """Send the person to the issuer with a fresh nonce, kept in this sign-in's state (`state["nonce"]`)."""
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params["nonce"] = nonce  # after any auth_params from the request: ours wins
        try:
            return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)
        except (OAuth2Error, requests.RequestException, ValueError, KeyError) as exc:
            # The issuer's discovery document could not be read, or is another issuer's: allauth lets the first
            # through as an error 500.
            return render_authentication_error(request, self, exception=exc)


provider_classes = [CheckedOpenIDConnectProvider]
