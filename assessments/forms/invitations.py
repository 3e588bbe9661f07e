"""Inviting colleagues, and accepting an invitation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from partnership_audit.forms import Form

from ..models import Role


class InvitationForm(Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(
        choices=[(r.value, r.label) for r in (Role.LEAD, Role.CONTRIBUTOR, Role.MANAGER)], widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("invite", "Send invitation"))


class AcceptInvitationForm(Form):
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
