"""The standards admin: where a draft version's content is written, and published content is only shown.

Assessments pin a version for life, so a published or retired version is frozen: every field of it, and
of its standards, statements, domains, rating levels and bands, is read-only here, and nothing of it is added or
deleted. Changes go into a new draft version. Standards are never deleted in the admin: retire them.
"""

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect

from partnership_audit.forms import ModelForm

from .forms import StandardAdminForm
from .models import (
    Band,
    Domain,
    EthicsPrinciple,
    Framework,
    FrameworkVersion,
    RatingLevel,
    Standard,
    Statement,
    VersionStatus,
)

FROZEN_MESSAGE = (
    "{version} is {status}: its content is frozen because assessments rely on it. Put changes into a new draft version."
)
NOT_QUOTED = "Quote the standard's own words exactly: this is not part of its text."
SUB_ITEM = "Sub-items are rated with their item: give the statement to {parent} instead."


def all_fields(model):
    """Every field a form could edit, for a read-only view of a frozen object."""
    return [f.name for f in model._meta.get_fields() if f.concrete and not f.auto_created]


class FrozenVersionMixin:
    """Read-only, and nothing added or deleted, when the object belongs to a published or retired version.

    `frozen_version(obj)` gives the version `obj` belongs to (for inlines, `obj` is the parent version).
    """

    def frozen_version(self, obj):
        raise NotImplementedError

    def is_frozen(self, obj):
        version = self.frozen_version(obj) if obj is not None else None
        return version is not None and version.is_frozen

    def get_readonly_fields(self, request, obj=None):
        if self.is_frozen(obj):
            return all_fields(self.model)
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        if self.is_frozen(obj):
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        if self.is_frozen(obj):
            return False
        return super().has_delete_permission(request, obj)


class FrozenChangeViewMixin(FrozenVersionMixin):
    """On a frozen object's change page: say why it is read-only, offer no save buttons, and never save."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if self.is_frozen(obj):
            version = self.frozen_version(obj)
            message = FROZEN_MESSAGE.format(version=version.label, status=version.get_status_display().lower())
            if request.method == "POST":
                # Every field is read-only already; a hand-made POST is not even looked at.
                self.message_user(request, f"Nothing was saved. {message}", messages.WARNING)
                return HttpResponseRedirect(request.path)
            self.message_user(request, message, messages.INFO)
            extra_context = {
                **(extra_context or {}),
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
                "show_save_as_new": False,
                "show_delete": False,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        # Bulk delete would skip the per-object check, so it is not offered.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class VersionChildInline(FrozenVersionMixin, admin.TabularInline):
    extra = 0

    def frozen_version(self, obj):
        return obj  # an inline's obj is the parent version


class RatingLevelInline(VersionChildInline):
    model = RatingLevel
    fields = ("score", "code", "label", "colour", "description")


class BandInline(VersionChildInline):
    model = Band
    fields = ("code", "label", "min_percent", "max_percent", "colour", "description")


class DomainInline(VersionChildInline):
    model = Domain
    fields = ("order", "code", "title", "description", "source")


class FrameworkVersionInline(admin.TabularInline):
    """A framework's versions, shown; each is edited on its own page."""

    model = FrameworkVersion
    extra = 0
    fields = ("label", "slug", "status", "publication_date")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "slug")
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [FrameworkVersionInline]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrozenChangeViewMixin, admin.ModelAdmin):
    list_display = ("label", "framework", "status", "publication_date", "publisher")
    list_filter = ("status", "framework")
    search_fields = ("label", "title", "slug")
    list_select_related = ("framework",)
    inlines = [RatingLevelInline, BandInline, DomainInline]

    def frozen_version(self, obj):
        return obj


@admin.register(Standard)
class StandardAdmin(FrozenChangeViewMixin, admin.ModelAdmin):
    form = StandardAdminForm
    list_display = ("code", "title", "version", "domain", "kind", "retired")
    list_filter = ("version", "kind", "domain", "retired")
    search_fields = ("code", "title", "text")
    list_select_related = ("version__framework", "domain")
    ordering = ("version", "source_order")
    autocomplete_fields = ("parent", "restates")
    filter_horizontal = ("ethics_principles",)
    fieldsets = (
        (None, {"fields": ("version", "domain", "code", "kind", "source_order", "title", "parent")}),
        ("The words", {"fields": ("text", "source_reference", "notes")}),
        ("Guidance and evidence", {"fields": ("guidance", "evidence_examples", "ethics_principles")}),
        ("Lineage and status", {"fields": ("restates", "is_new", "retired")}),
    )

    def frozen_version(self, obj):
        return obj.version

    def has_delete_permission(self, request, obj=None):
        return False  # answers refer to standards: retire one instead


class StatementAdminForm(ModelForm):
    """A draft version's statement: only a draft's standards are offered, and draws_on must quote the standard."""

    class Meta:
        model = Statement
        fields = ("standard", "text", "draws_on", "wording", "retired")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "standard" in self.fields:
            drafts = Standard.objects.filter(version__status=VersionStatus.DRAFT).select_related("parent")
            self.fields["standard"].queryset = drafts

    def clean(self):
        cleaned = super().clean()
        standard, draws_on = cleaned.get("standard"), cleaned.get("draws_on")
        if standard is not None and standard.parent_id is not None:
            self.add_error("standard", SUB_ITEM.format(parent=standard.parent.code))
        if standard is not None and draws_on and draws_on not in standard.text:
            self.add_error("draws_on", NOT_QUOTED)
        return cleaned


@admin.register(Statement)
class StatementAdmin(FrozenChangeViewMixin, admin.ModelAdmin):
    """The frontline statements: loaded from fixtures beside each version, frozen with a published version."""

    form = StatementAdminForm
    list_display = ("standard_code", "version", "text", "retired")
    list_filter = ("standard__version", "retired")
    search_fields = ("standard__code", "text", "draws_on")
    list_select_related = ("standard__version__framework",)
    ordering = ("standard__version", "standard__source_order")
    autocomplete_fields = ("standard",)

    @admin.display(description="Standard", ordering="standard__source_order")
    def standard_code(self, obj):
        return obj.standard.code

    @admin.display(description="Version", ordering="standard__version")
    def version(self, obj):
        return obj.standard.version.label

    def frozen_version(self, obj):
        return obj.standard.version

    def has_delete_permission(self, request, obj=None):
        return False  # answers refer to statements: retire one instead


@admin.register(EthicsPrinciple)
class EthicsPrincipleAdmin(admin.ModelAdmin):
    list_display = ("order", "title", "code", "source_reference")
    list_display_links = ("title",)
    search_fields = ("title", "code")

    def has_delete_permission(self, request, obj=None):
        # Published standards rest on these principles; deleting one would change frozen content.
        if obj is not None and obj.standards.exclude(version__status=VersionStatus.DRAFT).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
