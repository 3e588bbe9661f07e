"""Starting an assessment, and signing it off."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms

from partnership_audit.forms import Form
from standards.models import FrameworkVersion

from ..models import RATING_MODE_HELP, Assessment, RatingMode
from ..services.starting import (
    PERIOD_FORMAT,
    PERIOD_RANGE,
    PERIOD_SEQUENCE,
    drops_for,
    next_free_period,
    period_problem,
)

__all__ = ["PERIOD_FORMAT", "PERIOD_RANGE", "PERIOD_SEQUENCE", "AssessmentStartForm", "SignOffForm"]


class AssessmentStartForm(Form):
    """The period (the next free one offered), the version, and whether to carry the last accepted one forward.

    When carrying forward to another version would drop items that have open actions, one select per such
    item says which item of that version takes them (`drops` lists every dropped item for the page).
    """

    # No max_length: "2026/2027" should get PERIOD_FORMAT, not a generic "at most 7 characters".
    period = forms.CharField(label="Period", help_text="A financial year, e.g. 2026/27.")
    version = forms.ModelChoiceField(
        label="Standards to assess against", queryset=FrameworkVersion.objects.none(), empty_label=None
    )
    rating_mode = forms.ChoiceField(
        label="How will the partners rate?",
        widget=forms.RadioSelect,
        choices=[(mode.value, f"{mode.label}: {RATING_MODE_HELP[mode]}") for mode in RatingMode],
        initial=Assessment._meta.get_field("rating_mode").default,
        error_messages={"required": "Choose how the partners will rate: each partner first, or together."},
    )
    carry_forward = forms.BooleanField(
        required=False,
        label="Copy ratings, evidence and open actions from the last accepted assessment",
        help_text="Copied answers are marked as carried forward until someone checks and saves them. "
        "Open actions move to the new assessment.",
    )

    def __init__(self, *args, partnership, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        versions = list(FrameworkVersion.objects.published().select_related("framework"))
        self.fields["version"].queryset = FrameworkVersion.objects.published().select_related("framework")
        self.fields["period"].initial = next_free_period(partnership)
        self.drops = []  # (version, [Drop]) for each version that would drop items of the previous assessment
        self._move_fields = {}  # version pk -> {code: field name}
        layout = ["period", "version", "rating_mode"]
        if previous is None:
            del self.fields["carry_forward"]
        else:
            self.fields["carry_forward"].label += f" ({previous.period})"
            self.fields["carry_forward"].initial = True
            layout.append("carry_forward")
            for version in versions:
                drops = drops_for(previous, version)
                if not drops:
                    continue
                self.drops.append((version, drops))
                names = self._add_move_fields(version, drops)
                if names:
                    legend = f"If you start against {version}: where the open actions of dropped items go"
                    layout.append(Fieldset(legend, *names))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)
        self.helper.add_input(Submit("start", "Start the assessment"))

    def _add_move_fields(self, version, drops):
        names = {}
        for drop in drops:
            if not drop.open_actions:
                continue
            name = f"move_{version.pk}_{drop.standard.code}"
            count = f"{drop.open_actions} open action{'s' if drop.open_actions != 1 else ''}"
            self.fields[name] = forms.ModelChoiceField(
                label=f"Move the {count} of {drop.standard} to",
                queryset=version.standards.assessable().order_by("source_order"),
                initial=drop.target.pk if drop.target else None,
                empty_label=None,
                required=False,
            )
            names[drop.standard.code] = name
        self._move_fields[version.pk] = names
        return list(names.values())

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        problem = period_problem(period)
        if problem:
            raise forms.ValidationError(problem)
        return period

    def moves(self):
        """{dropped item's code: chosen item} for the chosen version (only when carrying forward)."""
        version = self.cleaned_data.get("version")
        if version is None or not self.cleaned_data.get("carry_forward"):
            return {}
        names = self._move_fields.get(version.pk, {})
        return {code: self.cleaned_data[name] for code, name in names.items() if self.cleaned_data.get(name)}


class SignOffForm(Form):
    confirm = forms.BooleanField(
        label="I confirm, as governance lead, that this assessment is a fair account of our partnership",
        error_messages={"required": "Tick the box to confirm your sign-off."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
