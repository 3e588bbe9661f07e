"""The admin for how people sign in: organisations' identity providers, and resetting a person's second factors.

Imported by assessments.admin. An identity provider's changes are kept by simple-history, as the partnerships'
are; a reset of someone's factors goes through assessments.services.security, which ends their sessions and
keeps an AccountEvent naming the administrator who did it.
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .models import AccountEvent, IdentityProvider
from .services import security

FACTORS_RESET_DONE = "Second factors reset for {names}: they set one up again at their next sign-in."


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "kind", "enabled", "sso_required", "callback_path")
    list_filter = ("kind", "enabled", "sso_required")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("callback_path",)
    fieldsets = (
        (None, {"fields": ("organisation", "kind", "enabled", "sso_required")}),
        ("Where it is", {"fields": ("tenant_id", "issuer_url")}),
        ("Our app at the provider", {"fields": ("client_id", "client_secret", "client_secret_env", "callback_path")}),
    )

    @admin.display(description="Redirect URI (add SITE_URL before it)")
    def callback_path(self, obj):
        return f"/accounts/oidc/{obj.provider_id}/login/callback/" if obj and obj.organisation_id else "—"


class AccountEventInline(admin.TabularInline):
    model = AccountEvent
    fk_name = "user"
    extra = 0
    fields = ("at", "kind", "actor", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description="Reset second factors (they set one up again at their next sign-in)")
def reset_factors(modeladmin, request, queryset):
    people = list(queryset)
    for user in people:
        security.factors_reset(user=user, actor=request.user)
    names = ", ".join(str(user) for user in people)
    modeladmin.message_user(request, FACTORS_RESET_DONE.format(names=names), messages.SUCCESS)


@admin.display(description="Second factor", boolean=True)
def has_second_factor(user):
    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
