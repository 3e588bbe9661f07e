"""A partner organisation's own view of a standard, given by its leads and contributors before the partners agree."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from partnership_audit.forms import Form

from ..services.limits import length_validator
from ..services.partner_views import VIEW_NEEDS_ANSWER
from .answers import NA_REASON_REQUIRED, NOT_APPLICABLE, not_applicable_reason_field, rating_choices


class PartnerViewForm(Form):
    """The person's organisation's rating (or not applicable, with a reason) and a short comment.

    Its ids start `view-` (auto_id), so it sits on the standard page beside the agreed answer's form, whose
    fields share some names, without two inputs of one id.
    """

    rating = forms.ChoiceField(widget=forms.RadioSelect, error_messages={"required": VIEW_NEEDS_ANSWER})
    not_applicable_reason = not_applicable_reason_field()
    comment = forms.CharField(
        label="Your comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two on why, as your organisation sees it. The other partners read it.",
        validators=[length_validator("comment")],
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, assessment, organisation, levels=None, **kwargs):
        """`levels`: the version's rating levels, lowest first, when the page has read them already (Scale.levels)."""
        kwargs.setdefault("auto_id", "view-%s")
        super().__init__(*args, **kwargs)
        self.levels, self.fields["rating"].choices = rating_choices(assessment.version, levels)
        label = f"How well does your partnership meet this standard, as {organisation.name} sees it?"
        self.fields["rating"].label = label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("rating", "not_applicable_reason", "comment", "lock_version")

    @classmethod
    def initial_for(cls, view):
        """The form's starting values from the organisation's saved view, or empty (lock_version 0) when none."""
        if view is None:
            return {"lock_version": 0}
        rating = NOT_APPLICABLE if view.not_applicable else (view.rating.code if view.rating_id else None)
        return {
            "rating": rating,
            "not_applicable_reason": view.not_applicable_reason,
            "comment": view.comment,
            "lock_version": view.lock_version,
        }

    def clean(self):
        data = super().clean()
        reason = (data.get("not_applicable_reason") or "").strip()
        if data.get("rating") == NOT_APPLICABLE and "not_applicable_reason" not in self.errors and not reason:
            self.add_error("not_applicable_reason", NA_REASON_REQUIRED)
        return data

    def to_data(self):
        from ..services import ViewData

        data = self.cleaned_data
        na = data["rating"] == NOT_APPLICABLE
        return ViewData(
            rating=None if na else self.levels[data["rating"]],
            not_applicable=na,
            not_applicable_reason=data.get("not_applicable_reason", ""),
            comment=data.get("comment", ""),
        )
