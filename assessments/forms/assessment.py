"""Starting an assessment, and signing it off."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from standards.models import FrameworkVersion

PERIOD_FORMAT = "Give the period as a financial year, e.g. 2026/27."
PERIOD_SEQUENCE = "The second year must follow the first, e.g. 2026/27."


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
