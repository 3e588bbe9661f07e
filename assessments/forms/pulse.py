"""The leads' forms for running a frontline pulse: opening it, inviting by email, issuing printed codes.

They collect input; the rules (which teams, which dates, how many at once) are the services' (services/pulse.py),
whose WorkflowError lands on these fields through views.errors.add_service_errors.
"""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils import timezone

from partnership_audit.forms import Form

from ..services.pulse import (
    CODE_COUNT,
    MAX_INVITATIONS_AT_ONCE,
    NO_ADDRESSES,
    PULSE_LONGEST_DAYS,
    parse_addresses,
)

TEAMS_LABEL = "Teams the pulse covers"
CLOSES_ON_LABEL = "Closing date"
ADDRESSES_LABEL = "Email addresses"
COUNT_LABEL = "How many codes"
SUGGESTED_DAYS = 21


class PulseOpenForm(Form):
    teams = forms.ModelMultipleChoiceField(
        label=TEAMS_LABEL,
        queryset=None,
        required=False,  # the service says "choose at least one", beside any problem with the date
        widget=forms.CheckboxSelectMultiple,
        help_text="Each person answering may say which of these teams they work in, or not say.",
    )
    closes_on = forms.DateField(
        label=CLOSES_ON_LABEL,
        help_text=f"The last day it takes answers: today or a day within {PULSE_LONGEST_DAYS} days of today.",
        # A date input only understands ISO dates: with the en-GB format a browser shows it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, partnership, **kwargs):
        kwargs.setdefault("initial", {"closes_on": timezone.localdate() + timedelta(days=SUGGESTED_DAYS)})
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = partnership.teams.order_by("name")
        self.helper = FormHelper()
        self.helper.layout = Layout("teams", "closes_on")
        self.helper.add_input(Submit("open", "Open the pulse"))


class PulseInviteForm(Form):
    addresses = forms.CharField(
        label=ADDRESSES_LABEL,
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
        help_text=f"One on each line, at most {MAX_INVITATIONS_AT_ONCE} at once. Each gets its own link, which "
        "works once. The addresses are deleted as soon as the emails are sent.",
        error_messages={"required": NO_ADDRESSES},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("addresses")
        self.helper.add_input(Submit("send", "Send the invitations"))

    def clean_addresses(self) -> list[str]:
        return parse_addresses(self.cleaned_data["addresses"])


class PulseCodesForm(Form):
    count = forms.IntegerField(
        label=COUNT_LABEL,
        min_value=1,
        max_value=MAX_INVITATIONS_AT_ONCE,
        help_text=f"From 1 to {MAX_INVITATIONS_AT_ONCE}: one for each person who will answer. Each code works once.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = CODE_COUNT.format(limit=MAX_INVITATIONS_AT_ONCE)
        for code in ("required", "invalid", "min_value", "max_value"):
            self.fields["count"].error_messages[code] = message
        self.helper = FormHelper()
        self.helper.layout = Layout("count")
        self.helper.add_input(Submit("issue", "Make the codes"))
