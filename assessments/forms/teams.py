"""A partnership's teams (CMHTs) and their make-up."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms

from partnership_audit.forms import ModelForm

from ..models import HEADCOUNT_FIELDS, Team

TEAM_NAME_TAKEN = "There is already a team called {name} in this partnership."


class TeamForm(ModelForm):
    field_names = {"amhps": "the number of AMHPs"}  # its label, "Of whom AMHPs", reads badly in a message

    class Meta:
        model = Team
        fields = [
            "name",
            "service",
            *HEADCOUNT_FIELDS[:1],
            "amhps",
            *HEADCOUNT_FIELDS[1:],
            "social_work_line_manager",
            "has_social_work_supervision",
            "supervision_frequency",
        ]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["supervision_frequency"].help_text = "How often, when there is such supervision."
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "name",
            "service",
            Fieldset(
                "Headcount by profession",
                Div(
                    *[
                        Div(f, css_class="col-sm-6 col-lg-3")
                        for f in ["social_workers", "amhps", *HEADCOUNT_FIELDS[1:]]
                    ],
                    css_class="row",
                ),
            ),
            "social_work_line_manager",
            "has_social_work_supervision",
            "supervision_frequency",
        )
        self.helper.add_input(Submit("save", "Save team"))

    def clean_name(self):
        # The partnership is not a form field, so ModelForm skips the (partnership, name) constraint: check it here.
        name = self.cleaned_data["name"].strip()
        taken = Team.objects.filter(partnership=self.instance.partnership, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(TEAM_NAME_TAKEN.format(name=name))
        return name
