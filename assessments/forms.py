"""Forms for the partnership's pages. Layout lives in crispy FormHelpers, not in templates."""

import re

import filetype
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from standards.models import FrameworkVersion

from .models import ActionStatus, Priority

JOINT = "joint"
NOT_APPLICABLE = "not_applicable"

RATING_REQUIRED = "Choose a rating, or choose not applicable and say why."
NA_REASON_REQUIRED = "Say why this standard does not apply to your partnership."
FILE_TOO_BIG = "The file is {size}: files must be {limit} or smaller."
FILE_TYPE_REFUSED = (
    "The file's content is not an accepted type. Upload a PDF, Word, Excel, OpenDocument, PNG or JPEG file."
)
FILE_EMPTY = "The file is empty."
FILE_MISSING = "Choose a file to upload."
PERIOD_FORMAT = "Give the period as a financial year, e.g. 2026/27."
PERIOD_SEQUENCE = "The second year must follow the first, e.g. 2026/27."
DUE_DATE_PAST = "The due date must be today or later."

# What each accepted file's content may be (detected from its bytes by `filetype`), and the extensions it may have.
ACCEPTED_TYPES = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "application/msword": {".doc"},  # OLE2 compound file (also .xls)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.ms-excel": {".xls"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "application/vnd.oasis.opendocument.presentation": {".odp"},
}
OLE2_EXTENSIONS = {".doc", ".xls"}


def _partner_choices(partnership, *, blank: str | None):
    choices = [(str(org.pk), org.name) for org in partnership.partner_organisations()]
    choices.append((JOINT, "Jointly (the partners together)"))
    if blank is not None:
        choices.insert(0, ("", blank))
    return choices


def _resolve_partner(value, partnership):
    if value in ("", JOINT, None):
        return None
    for org in partnership.partner_organisations():
        if str(org.pk) == value:
            return org
    raise forms.ValidationError("Choose one of the partners.")


class ResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label="How well does your partnership meet this standard?",
        widget=forms.RadioSelect,
        error_messages={"required": RATING_REQUIRED},
    )
    not_applicable_reason = forms.CharField(
        label="If not applicable, why not?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed when you choose not applicable.",
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What shows this is how things are: documents, minutes, audits, figures, what staff say.",
    )
    evidence_holder = forms.ChoiceField(label="Which partner holds this evidence?", required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        version = assessment.version
        self.levels = {level.code: level for level in version.rating_levels.all()}
        choices = [(level.code, f"{level.label}: {level.description}") for level in self.levels.values()]
        choices.append((NOT_APPLICABLE, f"{version.not_applicable_label}: the standard does not apply to us"))
        self.fields["answer"].choices = choices
        self.fields["evidence_holder"].choices = _partner_choices(assessment.partnership, blank="Not said")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("answer", "not_applicable_reason", "evidence", "evidence_holder", "lock_version")

    @classmethod
    def initial_for(cls, response):
        if response.not_applicable:
            answer = NOT_APPLICABLE
        else:
            answer = response.rating.code if response.rating_id else None
        holder = str(response.evidence_holder_id) if response.evidence_holder_id else ""
        if response.evidence_held_jointly:
            holder = JOINT
        return {
            "answer": answer,
            "not_applicable_reason": response.not_applicable_reason,
            "evidence": response.evidence,
            "evidence_holder": holder,
            "lock_version": response.lock_version,
        }

    def clean(self):
        data = super().clean()
        if data.get("answer") == NOT_APPLICABLE and not (data.get("not_applicable_reason") or "").strip():
            self.add_error("not_applicable_reason", NA_REASON_REQUIRED)
        try:
            data["holder_org"] = _resolve_partner(data.get("evidence_holder"), self.assessment.partnership)
        except forms.ValidationError as exc:
            self.add_error("evidence_holder", exc)
        return data

    def to_data(self):
        from .services import ResponseData

        data = self.cleaned_data
        na = data["answer"] == NOT_APPLICABLE
        return ResponseData(
            rating=None if na else self.levels[data["answer"]],
            not_applicable=na,
            not_applicable_reason=data.get("not_applicable_reason", ""),
            evidence=data.get("evidence", ""),
            evidence_holder=data.get("holder_org"),
            evidence_held_jointly=data.get("evidence_holder") == JOINT,
        )


class ActionForm(forms.Form):
    description = forms.CharField(label="What will be done", widget=forms.Textarea(attrs={"rows": 3}))
    owner_name = forms.CharField(label="Owner's name", max_length=150)
    owner_role = forms.CharField(
        label="Owner's role", max_length=150, help_text="e.g. Head of Mental Health Social Work"
    )
    responsible = forms.ChoiceField(label="Responsible organisation")
    due_date = forms.DateField(
        label="Due date",
        # A date input only understands ISO dates: with the en-GB format a browser shows it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example, 31/03/2027.",
    )
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.MEDIUM, widget=forms.RadioSelect)
    status = forms.ChoiceField(choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED, widget=forms.RadioSelect)

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        partnership = assessment.partnership
        self.fields["responsible"].choices = _partner_choices(partnership, blank=None)
        if partnership.next_review_date:
            self.fields["due_date"].help_text = (
                f"The partnership agreement's next annual review is "
                f"{partnership.next_review_date:%-d %B %Y}: a natural date to have this done by."
            )
            self.fields["due_date"].initial = partnership.next_review_date
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "description",
            Div(Div("owner_name", css_class="col-md-6"), Div("owner_role", css_class="col-md-6"), css_class="row"),
            "responsible",
            "due_date",
            Fieldset("", Field("priority"), Field("status")),
        )

    @classmethod
    def initial_for(cls, action):
        return {
            "description": action.description,
            "owner_name": action.owner_name,
            "owner_role": action.owner_role,
            "responsible": str(action.responsible_organisation_id) if action.responsible_organisation_id else JOINT,
            "due_date": action.due_date,
            "priority": action.priority,
            "status": action.status,
        }

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate() and self.data.get("status") != ActionStatus.DONE and not self.initial:
            raise forms.ValidationError(DUE_DATE_PAST)
        return due

    def to_data(self):
        from .services import ActionData

        data = self.cleaned_data
        return ActionData(
            description=data["description"].strip(),
            owner_name=data["owner_name"].strip(),
            owner_role=data["owner_role"].strip(),
            responsible_organisation=_resolve_partner(data["responsible"], self.assessment.partnership),
            due_date=data["due_date"],
            priority=data["priority"],
            status=data["status"],
        )


def detect_evidence_type(uploaded) -> str:
    """The content type of an upload from its bytes, or raise ValidationError. The name is only a cross-check."""
    if uploaded.size == 0:
        raise forms.ValidationError(FILE_EMPTY)
    limit = settings.EVIDENCE_MAX_BYTES
    if uploaded.size > limit:
        raise forms.ValidationError(
            FILE_TOO_BIG.format(size=filesizeformat(uploaded.size), limit=filesizeformat(limit))
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    suffix = ("." + uploaded.name.rsplit(".", 1)[-1].lower()) if "." in uploaded.name else ""
    if kind is None:
        raise forms.ValidationError(FILE_TYPE_REFUSED)
    mime = kind.mime
    if mime in ("application/zip",) and suffix in {".docx", ".xlsx", ".odt", ".ods", ".odp"}:
        mime = _office_zip_type(uploaded) or mime
    allowed = ACCEPTED_TYPES.get(mime)
    if mime == "application/x-ole-storage" or (mime == "application/msword" and suffix in OLE2_EXTENSIONS):
        if suffix in OLE2_EXTENSIONS:
            return "application/msword" if suffix == ".doc" else "application/vnd.ms-excel"
        raise forms.ValidationError(FILE_TYPE_REFUSED)
    if not allowed or suffix not in allowed:
        raise forms.ValidationError(FILE_TYPE_REFUSED)
    return mime


def _office_zip_type(uploaded) -> str | None:
    """Tell Office Open XML and OpenDocument files apart from other zip files by what they contain."""
    import zipfile

    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return archive.read("mimetype").decode("ascii", "replace").strip()
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        uploaded.seek(0)
    return None


class EvidenceFileForm(forms.Form):
    file = forms.FileField(
        label="Add an evidence file",
        required=False,
        help_text="PDF, Word, Excel, OpenDocument, PNG or JPEG; up to 10 MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded:
            raise forms.ValidationError(FILE_MISSING)
        self.content_type = detect_evidence_type(uploaded)
        return uploaded


def period_choices(today=None):
    today = today or timezone.localdate()
    start = today.year if today.month >= 4 else today.year - 1
    return [(f"{y}/{(y + 1) % 100:02d}", f"{y}/{(y + 1) % 100:02d}") for y in (start - 1, start, start + 1)]


class AssessmentStartForm(forms.Form):
    # No max_length: "2026/2027" should get PERIOD_FORMAT, not a generic "at most 7 characters".
    period = forms.CharField(label="Period", help_text="A financial year, e.g. 2026/27.")
    version = forms.ModelChoiceField(
        label="Standards to assess against", queryset=FrameworkVersion.objects.none(), empty_label=None
    )
    carry_forward = forms.BooleanField(
        required=False,
        label="Copy ratings, evidence and open actions from the last accepted assessment",
        help_text="Copied answers are marked as carried forward until someone checks and saves them.",
    )

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = FrameworkVersion.objects.published().select_related("framework")
        self.fields["period"].initial = period_choices()[1][0]
        if previous is None:
            del self.fields["carry_forward"]
        else:
            self.fields["carry_forward"].label += f" ({previous.period})"
            self.fields["carry_forward"].initial = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("start", "Start the assessment"))

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        match = re.fullmatch(r"(\d{4})/(\d{2})", period)
        if not match:
            raise forms.ValidationError(PERIOD_FORMAT)
        if (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise forms.ValidationError(PERIOD_SEQUENCE)
        return period


class SignOffForm(forms.Form):
    confirm = forms.BooleanField(
        label="I confirm, as governance lead, that this assessment is a fair account of our partnership",
        error_messages={"required": "Tick the box to confirm your sign-off."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
