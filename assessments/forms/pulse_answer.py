"""The frontline's answer forms: a code as printed, and the pulse's statements, team and comment.

They only collect: whether a code may answer, and whether the answers are enough and in range, is the service's
(services.pulse.invitation_for, pulse_answer), whose messages the views put on these forms.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from partnership_audit.forms import Form

from ..models import PULSE_COMMENT_MAX_CHARS, PULSE_FREE_TEXT_QUESTION, PulseChoice

CODE_LABEL = "Your code"
CODE_HELP = (
    "The code on the slip you were given, for example K7QF-2MXP-9CAB. Capitals, spaces and dashes do not matter."
)
CODE_REQUIRED = "Enter the code on the slip you were given."
TEAM_LABEL = "Your team"
TEAM_HELP = "Optional. A team's own figures are shown only once {minimum} or more of its members have answered."
TEAM_NOT_SAID = "I'd rather not say"
NOT_SAID = "not-said"
COMMENT_WARNING = "Do not name anyone, including yourself"
COMMENT_HELP = (
    "Optional, up to {limit} characters. <strong>{warning}</strong>, or say anything that would identify someone."
)
SUBMIT = "Send my answers"


def _helper(action: str, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.form_action = action
    # No CSRF token: these pages use no session or cookie (views.pulse_answer says why), so none is set.
    helper.disable_csrf = True
    helper.add_input(Submit("send", submit, css_class="btn-lg pulse-submit"))
    return helper


class CodeForm(Form):
    code = forms.CharField(
        label=CODE_LABEL,
        help_text=CODE_HELP,
        max_length=64,
        error_messages={"required": CODE_REQUIRED},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "pulse-code-input",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(reverse("pulse:start"), "Continue")


class PulseAnswerForm(Form):
    """One radio group per statement (all optional: the service asks for at least one), the team, the comment.

    `token` is the code, carried in a hidden field when the person typed it (so it is only ever in a POST body);
    an emailed link's token stays in its URL and the form has no such field.
    """

    def __init__(self, *args, pulse, statements, action: str, token: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement_fields = {}
        for statement in statements:
            name = f"statement_{statement.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=statement.text,
                choices=PulseChoice.choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.statement_fields[name] = statement
        teams = list(pulse.teams.order_by("name"))
        # "I'd rather not say" has a value of its own, so that no option is chosen for the person.
        self.fields["team"] = forms.ChoiceField(
            label=TEAM_LABEL,
            help_text=TEAM_HELP.format(minimum=settings.PULSE_MIN_TEAM_ANSWERS),
            choices=[*((str(team.pk), team.name) for team in teams), (NOT_SAID, TEAM_NOT_SAID)],
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["comment"] = forms.CharField(
            label=PULSE_FREE_TEXT_QUESTION,
            help_text=format_html(COMMENT_HELP, limit=f"{PULSE_COMMENT_MAX_CHARS:,}", warning=COMMENT_WARNING),
            required=False,
            widget=forms.Textarea(attrs={"rows": 6}),
        )
        layout = [Div(name, css_class="pulse-statement") for name in self.statement_fields]
        layout += [Div("team", css_class="pulse-statement"), "comment"]
        if token is not None:
            self.fields["token"] = forms.CharField(widget=forms.HiddenInput, initial=token)
            layout.append("token")
        self.helper = _helper(action, SUBMIT)
        self.helper.form_class = "pulse-form"
        self.helper.layout = Layout(*layout)

    @property
    def first_statement(self) -> str | None:
        return next(iter(self.statement_fields), None)

    def answer_data(self) -> dict:
        """The keyword arguments of services.pulse.pulse_answer, bar the token."""
        data = self.cleaned_data
        answers = {
            statement.pk: data[name] for name, statement in self.statement_fields.items() if data.get(name) is not None
        }
        team = data.get("team")
        team_id = None if team in ("", None, NOT_SAID) else int(team)
        return {"answers": answers, "team_id": team_id, "comment": data.get("comment", "")}
