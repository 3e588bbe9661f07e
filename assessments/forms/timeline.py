"""An event of the partnership's integration timeline, as its governance leads record it.

The form collects and checks input with the services' own messages (services/timeline.py), which check again.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from partnership_audit.forms import Form

from ..models import RETREAT_KINDS, Consulted, TimelineKind
from ..services.timeline import (
    DECIDED_BY_LABEL,
    DECIDED_BY_REQUIRED,
    EVENT_DATE_REQUIRED,
    EVENT_FIELDS,
    EventData,
    date_problem,
    decided_by_problem,
    note_problem,
)

KIND_LABEL = "What happened"
DATE_LABEL = "When it happened"
CONSULTED_LABEL = "Were frontline staff consulted before the decision?"
NOTE_LABEL = "Note"
RETREAT_HINT = "a step away from integration"


def _kind_choices():
    """Each kind, with the steps away from integration (RETREAT_KINDS) said in words, as the national picture
    counts them."""
    choices = TimelineKind.choices
    return [(value, f"{label} ({RETREAT_HINT})" if value in RETREAT_KINDS else label) for value, label in choices]


class TimelineEventForm(Form):
    kind = forms.ChoiceField(label=KIND_LABEL, widget=forms.RadioSelect, choices=_kind_choices)
    happened_on = forms.DateField(
        label=DATE_LABEL,
        help_text="The date of the decision or of the change, if it took effect later; not after today.",
        # A date input only understands ISO dates: with the en-GB format a browser shows it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": EVENT_DATE_REQUIRED},
    )
    decided_by = forms.CharField(
        label=DECIDED_BY_LABEL,
        help_text="For example the council's cabinet, the trust board, or both partners at the partnership board.",
        error_messages={"required": DECIDED_BY_REQUIRED},
    )
    staff_consulted = forms.ChoiceField(
        label=CONSULTED_LABEL,
        widget=forms.RadioSelect,
        choices=Consulted.choices,
        initial=Consulted.NOT_KNOWN,
        help_text="Social workers have told BASW there was 'little or no consultation' on some decisions to withdraw "
        "them from integrated teams: say whether they were asked before this one.",
    )
    note = forms.CharField(
        label=NOTE_LABEL,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed, for whom, and where the decision is written down.",
    )

    def __init__(self, *args, event=None, **kwargs):
        if event is not None:
            kwargs.setdefault("initial", {name: getattr(event, name) for name in EVENT_FIELDS})
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(*EVENT_FIELDS)
        self.helper.add_input(Submit("save", "Save the event" if event is None else "Save the changes"))

    def clean_happened_on(self):
        happened_on = self.cleaned_data["happened_on"]
        if message := date_problem(happened_on):
            raise forms.ValidationError(message)
        return happened_on

    def clean_decided_by(self):
        decided_by = self.cleaned_data["decided_by"]
        if message := decided_by_problem(decided_by):
            raise forms.ValidationError(message)
        return decided_by

    def clean_note(self):
        note = self.cleaned_data["note"]
        if message := note_problem(note):
            raise forms.ValidationError(message)
        return note

    def to_data(self) -> EventData:
        return EventData(**{name: self.cleaned_data[name] for name in EVENT_FIELDS})
