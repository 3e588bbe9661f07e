"""A partnership's profile, as its governance leads describe it: every choice explained in plain words."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.html import format_html

from partnership_audit.forms import Form

from ..models import Arrangement, ContinuumStage, Employment
from ..services.partnership import PROFILE_FIELDS, ProfileData

# What each choice means, for someone who has not read the legislation or the seed paper.
ARRANGEMENT_HELP = {
    Arrangement.S75_POOLED: "A section 75 agreement under the NHS Act 2006, and the trust and councils put money "
    "into one shared budget.",
    Arrangement.S75_DELEGATED: "A section 75 agreement under which a council delegates some of its social care "
    "duties to the trust (or the other way round), without a pooled budget.",
    Arrangement.SECONDMENT: "Council social workers work in the trust's teams on secondment, but there is no "
    "section 75 agreement.",
    Arrangement.COLLABORATION: "The organisations share buildings or work together, with no formal agreement "
    "about functions or money.",
    Arrangement.ENDED: "The partnership has ended, or social workers have gone back to council management.",
}
CONTINUUM_HELP = {  # seed 000 §5.1: the continuum of integration
    ContinuumStage.COLLABORATIVE: "The organisations work together by agreement, each keeping its own staff, "
    "budgets and management.",
    ContinuumStage.FORMAL: "A written partnership agreement sets out shared aims and joint management, but budgets "
    "stay separate.",
    ContinuumStage.POOLED: "A formal partnership with pooled budgets: the partners share money and commission or "
    "provide services jointly.",
    ContinuumStage.INTEGRATED: "Health and social care are run by one organisation, for example a Care Trust.",
}
EMPLOYMENT_HELP = {
    Employment.SECONDED: "Social workers stay council employees, on council terms and conditions, and work in "
    "the trust's teams.",
    Employment.TRANSFERRED: "Social workers have moved to the trust's employment (for example under TUPE).",
    Employment.COUNCIL: "Social workers are employed and managed by the council, outside the trust's teams.",
}


def explained(choices, help_by_value):
    return [(value, format_html("<strong>{}</strong><br>{}", label, help_by_value[value])) for value, label in choices]


class ProfileForm(Form):
    arrangement = forms.ChoiceField(
        label="How the partnership is arranged",
        widget=forms.RadioSelect,
        choices=explained(Arrangement.choices, ARRANGEMENT_HELP),
    )
    continuum_stage = forms.ChoiceField(
        label="Stage on the continuum of integration",
        help_text="The four stages of BASW's 2010 paper (§5.1), from working together to one organisation.",
        widget=forms.RadioSelect,
        choices=explained(ContinuumStage.choices, CONTINUUM_HELP),
    )
    social_worker_employment = forms.ChoiceField(
        label="Who employs the social workers",
        widget=forms.RadioSelect,
        choices=explained(Employment.choices, EMPLOYMENT_HELP),
    )
    agreement_start = forms.DateField(
        label="When the agreement started",
        required=False,
        help_text="Leave empty if there is no written agreement.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    next_review_date = forms.DateField(
        label="The agreement's next annual review",
        required=False,
        help_text="Offered as a due date for actions. It cannot be before the agreement started.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, partnership, **kwargs):
        initial = {name: getattr(partnership, name) for name in PROFILE_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "arrangement",
            "continuum_stage",
            "social_worker_employment",
            Fieldset("The agreement's dates", "agreement_start", "next_review_date"),
        )
        self.helper.add_input(Submit("save", "Save the profile"))

    def profile_data(self) -> ProfileData:
        return ProfileData(**{name: self.cleaned_data[name] for name in PROFILE_FIELDS})
