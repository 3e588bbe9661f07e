"""Forms for the standards browser and the standards admin."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms

from partnership_audit.forms import Form, ModelForm

from .models import Domain, FrameworkVersion, Standard, VersionStatus

SEARCH_MIN_LENGTH = 3
QUERY_TOO_SHORT = f"Type at least {SEARCH_MIN_LENGTH} letters or numbers to search for."
DOMAIN_OTHER_VERSION = "Choose a domain of the same version as the standard."
PARENT_OTHER_VERSION = "A sub-item's parent must be in the same version."
PARENT_IS_SUB_ITEM = "A sub-item's parent must be a top-level item, not another sub-item."
RESTATES_WRONG_VERSION = "A standard can only restate an item of the version this one is based on ({version})."
RESTATES_AND_NEW = "A standard that restates an earlier item is not new in this version."


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.framework.short_name})"


class SearchForm(Form):
    """Search the public versions' standards by a word or phrase, optionally within one version."""

    q = forms.CharField(
        label="Search the standards", max_length=200, required=False, strip=True, widget=forms.SearchInput
    )
    version = VersionChoiceField(
        queryset=FrameworkVersion.objects.public()
        .select_related("framework")
        .order_by("framework", "publication_date"),
        required=False,
        empty_label="All versions",
        label="Version",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"role": "search"}
        self.helper.layout = Layout(
            Div(
                Div("q", css_class="col-md-6"),
                Div("version", css_class="col-md-4"),
                Div(
                    HTML('<button type="submit" class="btn btn-primary">Search</button>'),
                    css_class="col-md-2 mb-3 search-button-col",
                ),
                css_class="row g-2 align-items-start",
            )
        )

    def clean_q(self):
        q = " ".join(self.cleaned_data["q"].split())
        if len(q) < SEARCH_MIN_LENGTH:
            raise forms.ValidationError(QUERY_TOO_SHORT)
        return q


class DomainChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.version.label}: {obj.title}"


class StandardAdminForm(ModelForm):
    """A draft version's standard. Only draft versions are offered; the related items must fit the version."""

    class Meta:
        model = Standard
        fields = [
            "version",
            "domain",
            "parent",
            "code",
            "kind",
            "source_order",
            "title",
            "text",
            "source_reference",
            "guidance",
            "evidence_examples",
            "notes",
            "restates",
            "is_new",
            "ethics_principles",
            "retired",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            drafts = FrameworkVersion.objects.filter(status=VersionStatus.DRAFT)
            self.fields["version"].queryset = drafts.select_related("framework")
        if "domain" in self.fields:
            self.fields["domain"] = DomainChoiceField(
                queryset=Domain.objects.filter(version__status=VersionStatus.DRAFT).select_related("version"),
                help_text=self.fields["domain"].help_text,
            )

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if version is None:
            return cleaned
        domain, parent, restates = cleaned.get("domain"), cleaned.get("parent"), cleaned.get("restates")
        if domain is not None and domain.version_id != version.pk:
            self.add_error("domain", DOMAIN_OTHER_VERSION)
        if parent is not None:
            if parent.version_id != version.pk:
                self.add_error("parent", PARENT_OTHER_VERSION)
            elif parent.parent_id is not None:
                self.add_error("parent", PARENT_IS_SUB_ITEM)
        if restates is not None:
            if restates.version_id != version.based_on_id:
                label = version.based_on.label if version.based_on else "none"
                self.add_error("restates", RESTATES_WRONG_VERSION.format(version=label))
            elif cleaned.get("is_new"):
                self.add_error("is_new", RESTATES_AND_NEW)
        return cleaned
