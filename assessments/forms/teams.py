"""A partnership's teams (CMHTs) and their make-up: headcount, funded and vacant posts, line management."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils.html import format_html
from django.utils.text import capfirst

from partnership_audit.forms import ModelForm

from ..models import HEADCOUNT_FIELDS, Team

TEAM_NAME_TAKEN = "There is already a team called {name} in this partnership."
POSTS_HINT = (
    "Optional: leave a profession empty when its posts are not known. The vacant posts are among the funded ones "
    "(the team's establishment), so there cannot be more of them."
)


def _profession(name: str) -> str:
    return Team._meta.get_field(name).verbose_name


class TeamForm(ModelForm):
    field_names = {
        "amhps": "the number of AMHPs",  # its label, "Of whom AMHPs", reads badly in a message
        **{f"{name}_establishment": f"the funded posts for {_profession(name)}" for name in HEADCOUNT_FIELDS},
        **{f"{name}_vacant": f"the vacant posts for {_profession(name)}" for name in HEADCOUNT_FIELDS},
    }

    class Meta:
        model = Team
        fields = [
            "name",
            "service",
            *HEADCOUNT_FIELDS[:1],
            "amhps",
            *HEADCOUNT_FIELDS[1:],
            *[f"{name}_{part}" for name in HEADCOUNT_FIELDS for part in ("establishment", "vacant")],
            "social_work_line_manager",
            "has_social_work_supervision",
            "supervision_frequency",
        ]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["supervision_frequency"].help_text = "How often, when there is such supervision."
        for name in HEADCOUNT_FIELDS:
            self.fields[f"{name}_establishment"].label = "Funded posts"
            self.fields[f"{name}_vacant"].label = "Vacant posts"
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
            Fieldset(
                "Funded and vacant posts",
                HTML(f'<p class="form-text" id="posts-hint">{POSTS_HINT}</p>'),
                Div(*[self._posts(name) for name in HEADCOUNT_FIELDS], css_class="row"),
                **{"aria-describedby": "posts-hint"},
            ),
            "social_work_line_manager",
            "has_social_work_supervision",
            "supervision_frequency",
        )
        self.helper.add_input(Submit("save", "Save team"))

    @staticmethod
    def _posts(name: str):
        """One profession's funded and vacant posts, in a fieldset of their own named for the profession."""
        return Div(
            Fieldset(
                format_html('<span class="fs-6 fw-semibold">{}</span>', capfirst(_profession(name))),
                Div(
                    Div(f"{name}_establishment", css_class="col-6"),
                    Div(f"{name}_vacant", css_class="col-6"),
                    css_class="row",
                ),
                css_class="border rounded px-3 pt-2 mb-3",
            ),
            css_class="col-md-6 col-xl-4",
        )

    def clean_name(self):
        # The partnership is not a form field, so ModelForm skips the (partnership, name) constraint: check it here.
        name = self.cleaned_data["name"].strip()
        taken = Team.objects.filter(partnership=self.instance.partnership, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(TEAM_NAME_TAKEN.format(name=name))
        return name
