"""Forms for a partnership's profile (its teams) and for inviting colleagues."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms

from .models import HEADCOUNT_FIELDS, Role, Team

TEAM_NAME_TAKEN = "There is already a team called {name} in this partnership."


class TeamForm(forms.ModelForm):
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


class InvitationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(
        choices=[(r.value, r.label) for r in (Role.LEAD, Role.CONTRIBUTOR, Role.MANAGER)], widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("invite", "Send invitation"))


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(label="Choose a password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Type the password again", widget=forms.PasswordInput, strip=False)
    job_title = forms.CharField(label="Job title", max_length=150, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.add_input(Submit("accept", "Join"))

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords do not match.")
        elif p1:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
