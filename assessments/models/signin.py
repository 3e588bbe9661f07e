"""How people of an organisation sign in: its identity provider (single sign-on), and a record of account changes.

An organisation may be linked to one identity provider: a Microsoft Entra ID tenant, or any OpenID Connect issuer.
Each linked provider becomes a django-allauth social app (assessments.adapters.SocialAccountAdapter.list_apps),
with the provider id `org-<pk>`, so its redirect URI is /accounts/oidc/org-<pk>/login/callback/.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .people import Organisation

ENTRA_LOGIN_URL = "https://login.microsoftonline.com"
SECRET_OR_ENV = "Give the client secret, or the name of the environment variable that holds it (not both)."
ENTRA_NEEDS_TENANT = "Give the Directory (tenant) ID of the organisation's Microsoft Entra ID tenant."
OIDC_NEEDS_ISSUER = "Give the issuer URL of the OpenID Connect provider (https://...)."


class ProviderKind(models.TextChoices):
    ENTRA = "entra", "Microsoft Entra ID (Microsoft 365)"
    OIDC = "oidc", "Another OpenID Connect provider"


class IdentityProvider(models.Model):
    """An organisation's own sign-in. Nobody gets a membership from it: it only signs in people already invited."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="identity_provider")
    kind = models.CharField(max_length=10, choices=ProviderKind.choices, default=ProviderKind.ENTRA)
    tenant_id = models.CharField(
        max_length=100, blank=True, help_text="Microsoft Entra ID only: the Directory (tenant) ID, a GUID."
    )
    issuer_url = models.URLField(
        blank=True, help_text="OpenID Connect only: the issuer, e.g. https://idp.example.org/realms/staff."
    )
    client_id = models.CharField(max_length=200, help_text="The Application (client) ID the provider gave.")
    client_secret = models.CharField(
        max_length=500, blank=True, help_text="The client secret, or leave empty and name an environment variable."
    )
    client_secret_env = models.CharField(
        max_length=100, blank=True, help_text="The environment variable holding the client secret, e.g. SSO_NHS_SECRET."
    )
    enabled = models.BooleanField(default=True, help_text="Offer this sign-in on the sign-in page.")
    sso_required = models.BooleanField(
        default=False, help_text="Members must sign in through this provider: password sign-in is off for them."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.organisation}"

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == ProviderKind.ENTRA and not self.tenant_id.strip():
            errors["tenant_id"] = ENTRA_NEEDS_TENANT
        if self.kind == ProviderKind.OIDC and not self.issuer_url.strip():
            errors["issuer_url"] = OIDC_NEEDS_ISSUER
        if bool(self.client_secret) == bool(self.client_secret_env):
            errors["client_secret"] = SECRET_OR_ENV
        if errors:
            raise ValidationError(errors)

    @property
    def provider_id(self) -> str:
        return f"org-{self.organisation_id}"

    @property
    def server_url(self) -> str:
        """The issuer whose /.well-known/openid-configuration allauth reads."""
        if self.kind == ProviderKind.ENTRA:
            return f"{getattr(settings, 'SSO_ENTRA_LOGIN_URL', ENTRA_LOGIN_URL)}/{self.tenant_id.strip()}/v2.0"
        return self.issuer_url.rstrip("/")

    @property
    def secret(self) -> str:
        if self.client_secret_env:
            return os.environ.get(self.client_secret_env, "")
        return self.client_secret

    @property
    def button_label(self) -> str:
        if self.kind == ProviderKind.ENTRA:
            return f"Sign in with {self.organisation}'s Microsoft account"
        return f"Sign in with {self.organisation}'s account"


class AccountEventKind(models.TextChoices):
    FACTORS_RESET = "factors_reset", "Second factors reset"


class AccountEvent(models.Model):
    """Something done to a person's account by someone else (a site administrator), kept for the record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_events")
    kind = models.CharField(max_length=20, choices=AccountEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.user} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
