"""The admin site: where site administrators set up organisations, people and partnerships.

Assessments and their answers are only shown here. Their life (status, sign-offs, answers) is changed by
the services behind the assessment pages, which check the rules and write an event for every move, so
the admin never offers a way round them.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from simple_history.admin import SimpleHistoryAdmin

from .admin_signin import AccountEventInline, has_second_factor, reset_factors
from .models import (
    ActionNote,
    Assessment,
    CompletionFile,
    Event,
    InterimRating,
    Invitation,
    Membership,
    Organisation,
    Partnership,
    PartnerView,
    Response,
    Team,
    User,
)
from .services import partnership as partnership_services

EMAIL_TAKEN = "Someone already signs in with this email address."


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "organisation", "role", "created_at")
    readonly_fields = ("created_at",)


class OrganisationMembershipInline(MembershipInline):
    autocomplete_fields = ("user",)
    fields = ("user", "role", "created_at")


class UserMembershipInline(MembershipInline):
    autocomplete_fields = ("organisation",)
    fields = ("organisation", "role", "created_at")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "region", "mfa_required")
    list_filter = ("kind", "region", "mfa_required")
    search_fields = ("name", "code")
    ordering = ("name",)
    inlines = [OrganisationMembershipInline]


class UserCreationForm(BaseUserCreationForm):
    """A new person: email address, full name and a password typed twice."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("About them", {"fields": ("full_name", "job_title")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "full_name", "job_title", "is_staff", "is_active", has_second_factor)
    actions = [reset_factors]
    list_filter = ("is_staff", "is_superuser", "is_active", "memberships__role")
    search_fields = ("email", "full_name", "job_title")
    ordering = ("email",)
    inlines = [UserMembershipInline, AccountEventInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []


class TeamInline(admin.StackedInline):
    model = Team
    extra = 0
    fieldsets = (
        (None, {"fields": ("name", "service")}),
        (
            "Who is in the team",
            {
                "fields": (
                    ("social_workers", "amhps"),
                    ("nurses", "occupational_therapists", "psychologists"),
                    ("psychiatrists", "support_workers", "others"),
                )
            },
        ),
        (
            "Support for social workers",
            {"fields": ("social_work_line_manager", "has_social_work_supervision", "supervision_frequency")},
        ),
    )


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    """Saves go through the partnership services, which keep the history and count a revision on every
    assessment of the partnership (so no cached report outlives the change)."""

    list_display = ("name", "trust", "arrangement", "continuum_stage", "region", "next_review_date")
    list_filter = ("arrangement", "continuum_stage", "social_worker_employment", "trust__region")
    search_fields = ("name", "trust__name", "councils__name")
    filter_horizontal = ("councils",)
    list_select_related = ("trust",)
    inlines = [TeamInline]

    history_list_display = ("arrangement", "continuum_stage", "next_review_date")

    @admin.display(description="Region", ordering="trust__region")
    def region(self, obj):
        return obj.trust.get_region_display()

    def save_model(self, request, obj, form, change):
        reason = "changed in the admin" if change else "added in the admin"
        partnership_services.partnership_save(partnership=obj, actor=request.user, reason=reason)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Team:
            return super().save_formset(request, form, formset, change)
        teams = formset.save(commit=False)
        for team in formset.deleted_objects:
            partnership_services.team_delete(team=team, actor=request.user)
        for team in teams:
            partnership_services.team_save(team=team, actor=request.user, partnership=form.instance)
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "councils" in form.changed_data:  # the councils are not in the partnership's history
            partnership_services.partnership_changed(partnership=form.instance)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("email", "full_name", "organisation", "role", "invited_by", "created_at", "expires_at", "used")
    list_filter = ("role", "organisation")
    search_fields = ("email", "full_name", "organisation__name")
    exclude = ("token_hash",)
    list_select_related = ("organisation", "invited_by")

    @admin.display(boolean=True, description="Accepted")
    def used(self, obj):
        return obj.accepted_at is not None


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Event
    extra = 0
    fields = ("at", "kind", "actor", "from_status", "to_status", "note")
    readonly_fields = fields
    ordering = ("at", "pk")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every field read-only: a status only changes through the workflow services."""

    list_display = ("partnership", "period", "version", "status", "submitted_at", "reviewer", "accepted_at")
    list_filter = ("status", "period", "version", "partnership__trust__region")
    search_fields = ("partnership__name", "period")
    list_select_related = ("partnership", "version__framework", "reviewer")
    readonly_fields = ("status",)
    inlines = [EventInline]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Answers and their full history; they are changed on the assessment pages, which clear sign-offs."""

    list_display = ("assessment", "standard", "rating", "not_applicable", "review_state", "updated_at")
    list_filter = ("review_state", "not_applicable", "assessment__status")
    search_fields = ("assessment__partnership__name", "standard__code", "evidence")
    list_select_related = ("assessment__partnership", "standard", "rating")
    history_list_display = ("rating", "not_applicable", "review_state")


@admin.register(PartnerView)
class PartnerViewAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Each partner's own view of a standard and its full history, for staff to read; the views are given on the
    assessment pages (services.partner_view_save), which check who gives which partner's view and clear
    sign-offs."""

    list_display = ("response", "organisation", "rating", "not_applicable", "updated_by", "updated_at")
    list_filter = ("not_applicable", "response__assessment__status")
    search_fields = ("response__assessment__partnership__name", "response__standard__code", "organisation__name")
    list_select_related = (
        "response__assessment__partnership",
        "response__standard",
        "organisation",
        "rating",
        "updated_by",
    )
    history_list_display = ("rating", "not_applicable")


# The living action plan: written on the plan's pages (services/plan.py), which check who may and keep an event.


@admin.register(ActionNote)
class ActionNoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Dated notes of progress on an accepted plan's actions, for staff to read."""

    list_display = ("action", "status", "written_by", "written_at")
    list_filter = ("status",)
    search_fields = ("text", "action__description", "action__response__assessment__partnership__name")
    list_select_related = ("action", "written_by")


@admin.register(CompletionFile)
class CompletionFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Evidence that an action was done, for staff to read; added and removed on the plan's pages."""

    list_display = ("original_name", "action", "content_type", "size", "uploaded_by", "uploaded_at")
    search_fields = ("original_name", "action__description", "action__response__assessment__partnership__name")
    list_select_related = ("action", "uploaded_by")


@admin.register(InterimRating)
class InterimRatingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """A standard re-rated once its actions are done, and its history; recorded by a lead on the plan's pages."""

    list_display = ("response", "rating", "recorded_by", "recorded_at")
    search_fields = ("response__assessment__partnership__name", "response__standard__code", "note")
    list_select_related = ("response__assessment__partnership", "response__standard", "rating", "recorded_by")
    history_list_display = ("rating",)
