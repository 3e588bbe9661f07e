"""A partnership's profile, as its governance leads describe it: every choice explained in plain words."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.utils.html import format_html

from partnership_audit.forms import Form

from ..models import Arrangement, ContinuumStage, Employment, Partnership
from ..models.partnerships import LineManager, RecordingSystems
from ..services.partnership import PROFILE_FIELDS, ProfileData

LEADERSHIP_HINT = (
    "Each of these facts is optional: leave one as not said when you do not know it. The profile is kept for each "
    "financial year, so the partnership's record shows when a lead's post was created or lost."
)

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


# A leadership fact may be left not said: the empty choice, offered last.
NOT_SAID = "Not said"
YES_NO_CHOICES = [("yes", "Yes"), ("no", "No"), ("", NOT_SAID)]
YES_NO_VALUES = {"yes": True, "no": False, "": None}
YES_NO_KEYS = {value: key for key, value in YES_NO_VALUES.items()}
YES_NO_FIELDS = ("social_work_lead_reports_to_board", "amhp_service_with_council")


def not_said_or(choices):
    return [*choices, ("", NOT_SAID)]


def yes_no_field(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.RadioSelect,
        choices=YES_NO_CHOICES,
        coerce=YES_NO_VALUES.get,
        empty_value=None,
    )


def line_manager_field(label):
    return forms.ChoiceField(
        label=label, required=False, widget=forms.RadioSelect, choices=not_said_or(LineManager.choices)
    )


class ProfileForm(Form):
    field_names = {  # labels that are questions read badly in a message
        "social_work_lead_reports_to_board": "whether the social work lead reports to the trust board",
        "amhp_service_with_council": "whether the AMHP service stays with the council",
        "recording_systems": "where social workers record their work",
    }
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

    # The leadership facts (seeds 001 and 003), each optional.
    social_work_lead = forms.CharField(
        label="Principal social worker or senior social work lead",
        required=False,
        max_length=Partnership._meta.get_field("social_work_lead").max_length,
        help_text="Their name and title, for example 'Dr A. Khan, Principal Social Worker'. Leave empty if the "
        "partnership has none.",
    )
    social_work_lead_reports_to_board = yes_no_field(
        "Does the social work lead report to the trust board?",
        "BASW asks for social work's professional leadership to be on a par with medicine's and nursing's, with a "
        "voice at the top table.",
    )
    social_workers_managed_by = line_manager_field("Who line-manages the social workers")
    amhps_managed_by = line_manager_field("Who line-manages the AMHPs")
    amhp_service_with_council = yes_no_field("Does the AMHP service stay with the council?")
    recording_systems = forms.ChoiceField(
        label="Where social workers record their work",
        help_text="With two systems, the trust's and the council's, \"everything has to be duplicated\".",
        required=False,
        widget=forms.RadioSelect,
        choices=not_said_or(RecordingSystems.choices),
    )

    def __init__(self, *args, partnership, **kwargs):
        initial = {name: getattr(partnership, name) for name in PROFILE_FIELDS}
        for name in YES_NO_FIELDS:
            initial[name] = YES_NO_KEYS[initial[name]]
        super().__init__(*args, initial=initial, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "arrangement",
            "continuum_stage",
            "social_worker_employment",
            Fieldset("The agreement's dates", "agreement_start", "next_review_date"),
            Fieldset(
                "Social work leadership",
                HTML(f'<p class="form-text">{LEADERSHIP_HINT}</p>'),
                "social_work_lead",
                "social_work_lead_reports_to_board",
            ),
            Fieldset(
                "Line management and the AMHP service",
                "social_workers_managed_by",
                "amhps_managed_by",
                "amhp_service_with_council",
            ),
            "recording_systems",
        )
        self.helper.add_input(Submit("save", "Save the profile"))

    def profile_data(self) -> ProfileData:
        return ProfileData(**{name: self.cleaned_data[name] for name in PROFILE_FIELDS})
