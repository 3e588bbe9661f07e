"""What every form of the project shares: error messages that name their field, and no browser bubbles.

An error summary lists each message apart from its field, so "This field is required." says nothing there.
`NamedErrors` replaces Django's generic messages, at validation time, with ones built from the field's label
("Enter the number of nurses", "Choose the responsible organisation"); a message a form sets itself is kept.
It also marks every crispy FormHelper `novalidate`, so people see the server's summary, not the browser's.
The project's `Form` and `ModelForm` are Django's with it; the sign-in and password forms get it too.
"""

from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth import forms as auth_forms
from django.db import transaction
from django.forms.utils import pretty_name
from django.template.loader import render_to_string

from assessments.auth import normalise_username

# The messages, by kind of field and error code. {the} is the field's name in a sentence ("the due date"),
# {The} the same at the start of one; %(...)s placeholders are filled in by Django.
REQUIRED_TEXT = "Enter {the}."
REQUIRED_NUMBER = "Enter {the_number}."
REQUIRED_CHOICE = "Choose {the}."
REQUIRED_FILE = "Choose a file for {the}."
REQUIRED_TICK = "Tick the box to confirm: {label}."
NOT_A_WHOLE_NUMBER = "Enter {the} as a whole number."
NOT_A_NUMBER = "Enter {the} as a number."
NOT_A_DATE = "Enter {the} as a real date, for example 31/03/2027."
NOT_AN_EMAIL = "Enter {the} in the right format, like name@example.org."
NOT_A_CHOICE = "Choose one of the options offered for {the}."
TOO_LONG = "{The} must be %(limit_value)d characters or fewer (it has %(show_value)d)."
TOO_SHORT = "{The} must be at least %(limit_value)d characters (it has %(show_value)d)."
TOO_SMALL = "{The} must be %(limit_value)s or more."
TOO_BIG = "{The} must be %(limit_value)s or less."

# A label that is already a phrase ("What will be done", "Choose a password") is not given "the".
_NO_ARTICLE = {"a", "an", "the", "your", "our", "its", "their", "this", "what", "which", "how", "why", "who", "when"}
_IMPERATIVE = {"choose", "type", "enter", "tick", "give", "say", "add", "write", "upload"}


def _phrase(label: str) -> str:
    """The label as words inside a sentence: lower-case first letter unless the first word is an acronym."""
    label = label.strip().rstrip("?:.")
    first = label.split(" ", 1)[0]
    if sum(ch.isupper() for ch in first) >= 2:
        return label
    return label[:1].lower() + label[1:]


def messages_for(field: forms.Field, label: str, name: str | None = None) -> dict[str, str]:
    """The named messages for one field; `name` overrides the words derived from its label."""
    phrase = name or _phrase(label)
    first_word = phrase.split(" ", 1)[0].lower()
    the = phrase if (name or first_word in _NO_ARTICLE) else f"the {phrase}"
    if first_word in _IMPERATIVE:  # "Choose a password" is its own message
        the = phrase
    the_number = the if (name or phrase.startswith("number of")) else f"the number of {phrase}"
    words = {"the": the, "The": the[:1].upper() + the[1:], "the_number": the_number, "label": label.rstrip(".")}

    if isinstance(field, forms.BooleanField):
        required = REQUIRED_TICK
    elif isinstance(field, forms.FileField):
        required = REQUIRED_FILE
    elif isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        required = REQUIRED_CHOICE
    elif isinstance(field, forms.IntegerField):
        required = REQUIRED_NUMBER
    else:
        required = REQUIRED_TEXT
    if first_word in _IMPERATIVE:
        required = "{The}."
    messages = {"required": required, "invalid_choice": NOT_A_CHOICE}
    if isinstance(field, forms.IntegerField):
        messages.update(invalid=NOT_A_WHOLE_NUMBER, min_value=TOO_SMALL, max_value=TOO_BIG)
    elif isinstance(field, (forms.DecimalField, forms.FloatField)):
        messages.update(invalid=NOT_A_NUMBER, min_value=TOO_SMALL, max_value=TOO_BIG)
    elif isinstance(field, (forms.DateField, forms.DateTimeField)):
        messages.update(invalid=NOT_A_DATE)
    elif isinstance(field, forms.EmailField):
        messages.update(invalid=NOT_AN_EMAIL)
    if isinstance(field, forms.CharField):
        messages.update(max_length=TOO_LONG, min_length=TOO_SHORT)
    # Labels go into %-formatted messages: a % in one must stay a %.
    safe = {key: value.replace("%", "%%") for key, value in words.items()}
    return {code: template.format(**safe) for code, template in messages.items()}


def _django_defaults(field: forms.Field) -> dict[str, str]:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


class NamedErrors:
    """Mix into a form before Django's Form/ModelForm. `field_names` may name a field for its messages."""

    field_names: dict[str, str] = {}

    def full_clean(self):
        # Here rather than in __init__: forms replace fields and labels after Django's __init__ has run.
        for name, field in self.fields.items():
            defaults = _django_defaults(field)
            label = str(field.label or pretty_name(name))
            for code, message in messages_for(field, label, self.field_names.get(name)).items():
                if field.error_messages.get(code, defaults.get(code)) == defaults.get(code):
                    field.error_messages[code] = message
        super().full_clean()

    @property
    def helper(self):
        try:
            return self.__dict__["_crispy_helper"]
        except KeyError:
            raise AttributeError("helper") from None

    @helper.setter
    def helper(self, helper):
        helper.attrs = {"novalidate": "", **(helper.attrs or {})}
        self.__dict__["_crispy_helper"] = helper


class Form(NamedErrors, forms.Form):
    pass


class ModelForm(NamedErrors, forms.ModelForm):
    pass


class SignInForm(NamedErrors, LoginForm):
    """allauth's sign-in form, read as before: the field is `username` (labelled Email address), the address is
    normalised by `assessments.auth.normalise_username` for the password check and django-axes alike, and a
    member of an organisation that requires single sign-on is sent to it rather than signed in by password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.pop("login")
        field.label = "Email address"
        field.widget.attrs.pop("placeholder", None)
        self.fields = {"username": field, **self.fields}

    def user_credentials(self) -> dict:
        # Our backends, and axes's count, take the address as `username`, exactly as Django's own form gave it.
        credentials = {"username": normalise_username(self.cleaned_data.get("username"))}
        if self.cleaned_data.get("password"):
            credentials["password"] = self.cleaned_data["password"]
        return credentials

    def clean(self):
        if "username" in self.cleaned_data:
            self.cleaned_data["login"] = self.cleaned_data["username"]
        cleaned = super().clean()
        if self.user is not None:
            from assessments.access import sso_required_refusal

            refusal = sso_required_refusal(self.user)
            if refusal:
                self.user = None
                raise forms.ValidationError(refusal, code="sso_required")
        return cleaned


class PasswordResetForm(NamedErrors, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"

    def get_users(self, email):
        """Nobody who must sign in through their organisation is sent a password link (the page says why)."""
        from assessments.access import sso_required_refusal

        return (user for user in super().get_users(email) if not sso_required_refusal(user))

    def clean_email(self):
        from assessments.access import sso_required_refusal
        from assessments.models import User

        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=normalise_username(email), is_active=True).first()
        refusal = sso_required_refusal(user) if user else None
        if refusal:
            raise forms.ValidationError(refusal, code="sso_required")
        return email

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Render the email here, but let the worker send it (retried if the mail server fails), after commit."""
        from assessments.tasks import send_email

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        transaction.on_commit(
            lambda: send_email.enqueue(subject=subject, body=body, to=to_email, from_email=from_email)
        )


class SetPasswordForm(NamedErrors, auth_forms.SetPasswordForm):
    field_names = {"new_password1": "a new password", "new_password2": "the new password again"}
