"""The sign-in and callback views of allauth's openid_connect provider, with an adapter that checks the ID token."""

import hmac

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal import jwtkit, statekit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import get_request_param
from django.core.exceptions import PermissionDenied
from django.http import Http404

# Public-key algorithms only: never `none`, nor an HMAC keyed with something the issuer publishes.
SIGNING_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class CheckedOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    # The nonce sent in this sign-in's authorization request; CheckedCallbackView sets it from allauth's state.
    expected_nonce: str | None = None

    @property
    def openid_config(self):
        """allauth's read of the discovery document, refused unless it is the configured issuer's own (OpenID
        Connect Discovery 4.3): the ID token's `iss` is checked against the document, so the two must agree."""
        config = super().openid_config
        configured = self.get_provider().app.settings["server_url"].split("/.well-known/")[0].rstrip("/")
        if str(config.get("issuer", "")).rstrip("/") != configured:
            raise OAuth2Error(f"The discovery document at {configured} names another issuer: {config.get('issuer')!r}.")
        return config

    def complete_login(self, request, app, token, **kwargs):
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("The token endpoint returned no ID token.")
        sociallogin = super().complete_login(request, app, token, **kwargs)
        data = sociallogin.account.extra_data
        userinfo = data.get("userinfo")
        if userinfo is not None and userinfo.get("sub") != data["id_token"].get("sub"):
            raise OAuth2Error("The userinfo response is about someone other than the ID token's subject.")
        return sociallogin

    def _decode_id_token(self, app, id_token):
        """The ID token's claims once its signature, issuer, audience, expiry and nonce are all right."""
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise OAuth2Error("Invalid id_token") from exc
        if header.get("alg") not in SIGNING_ALGORITHMS or not header.get("kid"):
            raise OAuth2Error(f"Refused an ID token signed with {header.get('alg')!r}, key id {header.get('kid')!r}.")
        try:
            claims = jwtkit.verify_and_decode(
                credential=id_token,
                keys_url=self.openid_config["jwks_uri"],
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                lookup_kid=jwtkit.lookup_kid_jwk,
                verify_signature=True,  # allauth passes False in the code flow
            )
        except (KeyError, TypeError, ValueError) as exc:  # a malformed key set or discovery document
            raise OAuth2Error("Could not check the ID token against the issuer's keys.") from exc
        nonce = claims.get("nonce")
        if not self.expected_nonce or not isinstance(nonce, str):
            raise OAuth2Error("The ID token carries no nonce, or this sign-in sent none.")
        if not hmac.compare_digest(nonce.encode(), self.expected_nonce.encode()):
            raise OAuth2Error("The ID token's nonce is not the one this sign-in sent.")
        return claims


class CheckedCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        """This sign-in's state, as allauth finds it; its nonce goes to the adapter. A callback whose state this
        browser did not stash (started elsewhere, expired, or replayed) is refused as a state mismatch."""
        state_id = get_request_param(request, "state")
        state = statekit.unstash_state(request, provider_id=provider.sub_id, state_id=state_id) if state_id else None
        if state is None:
            response = self._redirect_strict_samesite(request, provider) or render_authentication_error(
                request,
                provider,
                exception=PermissionDenied("No sign-in was started in this browser with that state."),
                extra_context={"state_id": state_id, "callback_view": self},
            )
            return None, response
        self.adapter.expected_nonce = state.get("nonce")
        return state, None


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(CheckedOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request, provider_id):
    try:
        return CheckedCallbackView.adapter_view(CheckedOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
