"""The living action plan's forms: an action's progress (with a file showing it was done) and an interim rating.

They collect input; the rules are the services' (services/plan.py), which check again. A completion file is
checked exactly as an evidence file is (forms/evidence.py), from its bytes.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils import timezone

from partnership_audit.forms import Form

from ..models import ActionStatus
from ..services.limits import length_validator
from ..services.plan import DROPPED_NEEDS_REASON, INTERIM_NEEDS_NOTE, ProgressData
from .answers import DUE_DATE_PAST
from .evidence import detect_evidence_type

STATUS_LABEL = "Status"
DROPPED_REASON_LABEL = "Why it is dropped"
NOTE_LABEL = "Progress note"
DUE_DATE_LABEL = "New due date"
COMPLETION_FILE_LABEL = "Evidence it was done"
INTERIM_RATING_LABEL = "Interim rating"
INTERIM_NOTE_LABEL = "What has changed since the assessment"
INTERIM_RATING_REQUIRED = "Choose the interim rating."


class ActionProgressForm(Form):
    status = forms.ChoiceField(label=STATUS_LABEL, choices=ActionStatus.choices, widget=forms.RadioSelect)
    dropped_reason = forms.CharField(
        label=DROPPED_REASON_LABEL,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you choose dropped: the partners' reason, for the review pack.",
        validators=[length_validator("dropped_reason")],
    )
    note = forms.CharField(
        label=NOTE_LABEL,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has been done and what comes next. It is kept with today's date and your name.",
        validators=[length_validator("note")],
    )
    due_date = forms.DateField(
        label=DUE_DATE_LABEL,
        required=False,
        # A date input only understands ISO dates: with the en-GB format a browser shows it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    completion_file = forms.FileField(
        label=COMPLETION_FILE_LABEL,
        required=False,
        help_text="Optional. PDF, Word, Excel, OpenDocument, PNG or JPEG; up to 10 MB.",
    )

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("initial", {"status": action.status, "dropped_reason": action.dropped_reason})
        super().__init__(*args, **kwargs)
        self.action = action
        self.content_type = None
        self.fields[
            "due_date"
        ].help_text = f"Only when the partners have agreed a new date. It is due {action.due_date:%-d %B %Y} now."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("status"), "dropped_reason", "note", "due_date", "completion_file")

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError(DUE_DATE_PAST)
        return due

    def clean_completion_file(self):
        uploaded = self.cleaned_data["completion_file"]
        if uploaded:
            self.content_type = detect_evidence_type(uploaded)
        return uploaded

    def clean_dropped_reason(self):
        reason = self.cleaned_data["dropped_reason"]
        if self.cleaned_data.get("status") == ActionStatus.DROPPED and not reason.strip():
            raise forms.ValidationError(DROPPED_NEEDS_REASON)
        return reason

    @property
    def upload(self):
        return self.cleaned_data.get("completion_file")

    def changes_progress(self) -> bool:
        """Whether the person asked for more than a file: a note, a new status, reason or due date. Only then is
        the progress recorded (the service says when nothing has changed); a file alone is just kept."""
        data = self.cleaned_data
        reason = data["dropped_reason"].strip() if data["status"] == ActionStatus.DROPPED else ""
        return bool(
            data["note"].strip()
            or data["due_date"]
            or data["status"] != self.action.status
            or reason != self.action.dropped_reason
        )

    def to_data(self) -> ProgressData:
        data = self.cleaned_data
        return ProgressData(
            status=data["status"],
            note=data["note"],
            dropped_reason=data["dropped_reason"],
            due_date=data["due_date"],
        )


class InterimRatingForm(Form):
    rating = forms.ChoiceField(
        label=INTERIM_RATING_LABEL, widget=forms.RadioSelect, error_messages={"required": INTERIM_RATING_REQUIRED}
    )
    note = forms.CharField(
        label=INTERIM_NOTE_LABEL,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the finished actions changed, and what shows it.",
        validators=[length_validator("note")],
        error_messages={"required": INTERIM_NEEDS_NOTE},
    )

    def __init__(self, *args, levels, **kwargs):
        """`levels`: the assessment's version's rating levels, lowest first (Scale.levels)."""
        super().__init__(*args, **kwargs)
        self.levels = {level.code: level for level in levels}
        self.fields["rating"].choices = [(level.code, f"{level.label}: {level.description}") for level in levels]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("rating"), "note")

    @property
    def level(self):
        return self.levels.get(self.cleaned_data.get("rating"))
