"""The answer to one standard, and the actions for it. Layout lives in crispy FormHelpers, not in templates."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils import timezone

from partnership_audit.forms import Form

from ..models import ActionStatus, Priority, User
from ..selectors.people import partner_people, person_label, role_of
from ..services.answers import OWNER_NOT_PARTNER
from ..services.limits import due_date_out_of_range, length_validator

JOINT = "joint"
NOT_APPLICABLE = "not_applicable"

RATING_REQUIRED = "Choose a rating, or choose not applicable and say why."
RATIONALE_LABEL = "Why you agreed this rating"
RATIONALE_HELP = (
    "Needed where the partners' own views are divergent: what you weighed, and why you settled on this rating."
)
NA_REASON_REQUIRED = "Say why this standard does not apply to your partnership."
DUE_DATE_PAST = "The due date must be today or later."

OWNER_LEGEND = "Who owns this action"
OWNER_LABEL = "Owner"
OWNER_HELP = (
    "One of the people of the trust or a partner council: they can then record the action's progress, and are "
    "reminded of it. Or someone without an account."
)
NAMED_OWNER = "Someone without an account (give their name and role below)"
OWNER_NAME_HELP = "Only for someone without an account."
OWNER_ROLE_HELP = "Only for someone without an account, e.g. Head of Mental Health Social Work."
OWNER_NAME_REQUIRED = "Give the owner's name, or choose one of the partners' people as the owner."
OWNER_ROLE_REQUIRED = "Give the owner's role, or choose one of the partners' people as the owner."
OWNER_GONE = (
    "{name} is no longer one of the partners' people with an account: choose someone, or keep them as a person "
    "without an account (their name and role are below)."
)


def _partner_choices(partnership, *, blank: str | None):
    choices = [(str(org.pk), org.name) for org in partnership.partner_organisations()]
    choices.append((JOINT, "Jointly (the partners together)"))
    if blank is not None:
        choices.insert(0, ("", blank))
    return choices


def _resolve_partner(value, partnership):
    if value in ("", JOINT, None):
        return None
    for org in partnership.partner_organisations():
        if str(org.pk) == value:
            return org
    raise forms.ValidationError("Choose one of the partners.")


def _owner_choices(memberships):
    """The named person first, then the partners' people grouped by organisation, in the order given."""
    groups: dict[str, list] = {}
    for membership in memberships:
        groups.setdefault(membership.organisation.name, []).append((str(membership.user_id), person_label(membership)))
    return [("", NAMED_OWNER), *groups.items()]


def not_applicable_reason_field():
    """The reason a standard does not apply, asked beside a rating (the answer and a partner's own view)."""
    return forms.CharField(
        label="If not applicable, why not?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed when you choose not applicable.",
        validators=[length_validator("not_applicable_reason")],
    )


def rating_choices(version, levels=None):
    """(levels by code, the radio choices): the version's rating levels, each with what it means, then not
    applicable. `levels`: the version's levels when the page has read them already (Scale.levels)."""
    levels = {level.code: level for level in (version.rating_levels.all() if levels is None else levels)}
    choices = [(level.code, f"{level.label}: {level.description}") for level in levels.values()]
    choices.append((NOT_APPLICABLE, f"{version.not_applicable_label}: the standard does not apply to us"))
    return levels, choices


class ResponseForm(Form):
    answer = forms.ChoiceField(
        label="How well does your partnership meet this standard?",
        widget=forms.RadioSelect,
        error_messages={"required": RATING_REQUIRED},
    )
    not_applicable_reason = not_applicable_reason_field()
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What shows this is how things are: documents, minutes, audits, figures, what staff say.",
        validators=[length_validator("evidence")],
    )
    evidence_holder = forms.ChoiceField(label="Which partner holds this evidence?", required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assessment, levels=None, **kwargs):
        """`levels`: the version's rating levels, lowest first, when the page has read them already (Scale.levels)."""
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.levels, self.fields["answer"].choices = rating_choices(assessment.version, levels)
        self.fields["evidence_holder"].choices = _partner_choices(assessment.partnership, blank="Not said")
        fields = ["answer", "not_applicable_reason", "evidence", "evidence_holder", "lock_version"]
        if assessment.partners_rate_first:  # the partners agree this answer after giving their own views
            self.fields["agreed_rationale"] = forms.CharField(
                label=RATIONALE_LABEL,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=RATIONALE_HELP,
                validators=[length_validator("agreed_rationale")],
            )
            fields.insert(2, "agreed_rationale")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*fields)

    @classmethod
    def initial_for(cls, response):
        if response.not_applicable:
            answer = NOT_APPLICABLE
        else:
            answer = response.rating.code if response.rating_id else None
        holder = str(response.evidence_holder_id) if response.evidence_holder_id else ""
        if response.evidence_held_jointly:
            holder = JOINT
        return {
            "answer": answer,
            "not_applicable_reason": response.not_applicable_reason,
            "evidence": response.evidence,
            "evidence_holder": holder,
            "lock_version": response.lock_version,
            "agreed_rationale": response.agreed_rationale,
        }

    def clean(self):
        data = super().clean()
        reason = data.get("not_applicable_reason")
        if (
            data.get("answer") == NOT_APPLICABLE
            and "not_applicable_reason" not in self.errors
            and not (reason or "").strip()
        ):
            self.add_error("not_applicable_reason", NA_REASON_REQUIRED)
        try:
            data["holder_org"] = _resolve_partner(data.get("evidence_holder"), self.assessment.partnership)
        except forms.ValidationError as exc:
            self.add_error("evidence_holder", exc)
        return data

    def to_data(self):
        from ..services import ResponseData

        data = self.cleaned_data
        na = data["answer"] == NOT_APPLICABLE
        return ResponseData(
            rating=None if na else self.levels[data["answer"]],
            not_applicable=na,
            not_applicable_reason=data.get("not_applicable_reason", ""),
            evidence=data.get("evidence", ""),
            evidence_holder=data.get("holder_org"),
            evidence_held_jointly=data.get("evidence_holder") == JOINT,
            agreed_rationale=data.get("agreed_rationale", ""),
        )


class PersonField(forms.ChoiceField):
    """A choice of person whose choices are a list offered, not the rule: any value passes to the form's clean,
    which turns it into the person, and the service says whether that person may own the action."""

    def valid_value(self, value):
        return True


class ActionForm(Form):
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[length_validator("description")],
    )
    owner = PersonField(label=OWNER_LABEL, required=False, help_text=OWNER_HELP)
    owner_name = forms.CharField(label="Owner's name", max_length=150, required=False, help_text=OWNER_NAME_HELP)
    owner_role = forms.CharField(label="Owner's role", max_length=150, required=False, help_text=OWNER_ROLE_HELP)
    responsible = forms.ChoiceField(label="Responsible organisation")
    due_date = forms.DateField(
        label="Due date",
        # A date input only understands ISO dates: with the en-GB format a browser shows it empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example, 31/03/2027.",
    )
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.MEDIUM, widget=forms.RadioSelect)
    # Dropping an action (with a reason) is progress on an accepted plan (forms/plan.py), not a draft's choice.
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in ActionStatus if s != ActionStatus.DROPPED],
        initial=ActionStatus.NOT_STARTED,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        partnership = assessment.partnership
        self.fields["responsible"].choices = _partner_choices(partnership, blank=None)
        self.people = {str(m.user_id): m for m in partner_people(partnership)}
        self.fields["owner"].choices = _owner_choices(self.people.values())
        current = self.initial.get("owner")
        if current and current not in self.people:  # the owner left, or their account was closed
            self.fields["owner"].help_text = OWNER_GONE.format(name=self.initial.get("owner_name") or "The owner")
            self.initial = {**self.initial, "owner": ""}
        if partnership.next_review_date:
            self.fields["due_date"].help_text = (
                f"The partnership agreement's next annual review is "
                f"{partnership.next_review_date:%-d %B %Y}: a natural date to have this done by."
            )
            self.fields["due_date"].initial = partnership.next_review_date
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "description",
            Fieldset(
                OWNER_LEGEND,
                "owner",
                Div(Div("owner_name", css_class="col-md-6"), Div("owner_role", css_class="col-md-6"), css_class="row"),
            ),
            "responsible",
            "due_date",
            Fieldset("", Field("priority"), Field("status")),
        )

    @classmethod
    def initial_for(cls, action):
        return {
            "description": action.description,
            "owner": str(action.owner_id) if action.owner_id else "",
            "owner_name": action.owner_name,
            "owner_role": action.owner_role,
            "responsible": str(action.responsible_organisation_id) if action.responsible_organisation_id else JOINT,
            "due_date": action.due_date,
            "priority": action.priority,
            "status": action.status,
        }

    def clean_due_date(self):
        # A date set now, on a new action or an edited one, must be today or later unless the action is done.
        # An overdue action keeps its stored date when only its progress is updated: it stays overdue, and is
        # listed so, until someone gives it a new date or marks it done.
        due = self.cleaned_data["due_date"]
        if message := due_date_out_of_range(due):
            raise forms.ValidationError(message)
        unchanged = due == self.initial.get("due_date")
        if due < timezone.localdate() and self.data.get("status") != ActionStatus.DONE and not unchanged:
            raise forms.ValidationError(DUE_DATE_PAST)
        return due

    def clean(self):
        data = super().clean()
        value = data.get("owner") or ""
        if not value:  # someone without an account: their name and role are asked for
            for field, message in (("owner_name", OWNER_NAME_REQUIRED), ("owner_role", OWNER_ROLE_REQUIRED)):
                if field not in self.errors and not data.get(field, "").strip():
                    self.add_error(field, message)
            data["owner_person"] = None
            return data
        if value in self.people:
            membership = self.people[value]
            data["owner_person"] = membership.user
            data["owner_name"], data["owner_role"] = membership.user.full_name, role_of(membership)
            self.errors.pop("owner_name", None)  # the person's own name and role are kept, not what was typed
            self.errors.pop("owner_role", None)
            return data
        # Not one of the people listed: whoever it is, the service decides (and refuses one of another partnership).
        person = User.objects.filter(pk=int(value)).first() if value.isascii() and value.isdigit() else None
        if person is None:
            self.add_error("owner", OWNER_NOT_PARTNER)
        else:
            data["owner_person"] = person
            data["owner_name"], data["owner_role"] = person.full_name, person.job_title
        return data

    def to_data(self):
        from ..services import ActionData

        data = self.cleaned_data
        return ActionData(
            description=data["description"].strip(),
            owner=data.get("owner_person"),
            owner_name=data["owner_name"].strip(),
            owner_role=data["owner_role"].strip(),
            responsible_organisation=_resolve_partner(data["responsible"], self.assessment.partnership),
            due_date=data["due_date"],
            priority=data["priority"],
            status=data["status"],
        )
