from django.apps import AppConfig


class OidcConfig(AppConfig):
    name = "assessments.oidc"
    label = "assessments_oidc"
    verbose_name = "Organisations' sign-in (OpenID Connect)"
