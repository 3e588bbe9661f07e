"""Forms for BASW's review and the partnership's replies. Rules live in the services; these only collect input."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from partnership_audit.forms import Form
from standards.models import RatingLevel

from ..models import ReviewState
from ..scoring import Divergence
from ..services.limits import length_validator

STATE_REQUIRED = "Choose whether you agree with the partnership's rating or query it."
QUERY_NEEDS_COMMENT = "Say what you are querying: a comment is required when you query a rating."
RETURN_NOTE_REQUIRED = "Say what the partnership needs to change: a note is required to return an assessment."
REPLY_REQUIRED = "Write a reply to the officer's query."
CONFIRM_AGREE_REMAINING = "Tick to confirm that you agree with every standard you have not reviewed yet."
REVIEW_CHOICES = [
    (ReviewState.AGREED, "Agreed: the evidence supports the rating"),
    (ReviewState.QUERIED, "Queried: ask the partnership"),
]
# Where the partners' own views differed, the officer may query that: the same query, with a suggested comment.
QUERY_DIVERGENCE = "queried_divergence"
QUERY_DIVERGENCE_CHOICE = "Queried: ask how the partners came to agree, where their own views {how}"
QUERY_DIVERGENCE_HELP = (
    "Required when you query the rating: the partnership sees it against this standard. If you query how the "
    "partners came to agree and leave this empty, the suggested comment is sent."
)
DIVERGENCE_QUERY = (
    "The partners' own views of {code} {how}: {views}. You agreed {agreed}. Please tell us how you reconciled "
    "these views, and what evidence settled the agreed rating."
)
HOW_FAR_APART = {Divergence.DIVERGENT: "diverged", Divergence.DIFFERS: "differed"}


def divergence_query(response, views) -> str | None:
    """The comment suggested for querying a standard whose partners' views diverged or differed, else None.

    `views`: the answer's StandardViews (selectors.partner_views), open to all once sent to BASW.
    """
    how = HOW_FAR_APART.get(views.divergence) if views is not None else None
    if how is None:
        return None
    shown = [
        f"{cell.organisation.name} {_rating_words(cell.view)}" for cell in views.cells(None) if cell.view is not None
    ]
    return DIVERGENCE_QUERY.format(
        code=response.standard.code, how=how, views="; ".join(shown), agreed=_rating_words(response)
    )


def _rating_words(answer) -> str:
    """A view or answer's rating as words: "not applicable", a rating's label, or "no rating"."""
    if answer.not_applicable:
        return "not applicable"
    return answer.rating.label.lower() if answer.rating_id else "no rating"


def _helper(*fields, submit=None):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    if submit:
        helper.add_input(Submit(*submit))
    return helper


class ReviewStandardForm(Form):
    """The officer's view of one answer: agreed or queried, why, and the rating they would expect."""

    review_state = forms.ChoiceField(
        label="Do you agree with the partnership's rating?",
        choices=REVIEW_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": STATE_REQUIRED},
    )
    review_comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when you query the rating: the partnership sees it against this standard.",
        validators=[length_validator("review_comment")],
    )
    expected_rating = forms.ModelChoiceField(
        label="The rating you would expect (optional)",
        queryset=RatingLevel.objects.none(),
        required=False,
        empty_label="No view",
    )

    def __init__(self, *args, assessment, divergence=None, suggested_query=None, **kwargs):
        """`divergence` and `suggested_query` (divergence_query) offer querying where the partners' views differed."""
        super().__init__(*args, **kwargs)
        self.fields["expected_rating"].queryset = RatingLevel.objects.filter(version_id=assessment.version_id)
        self.suggested_query = suggested_query
        if suggested_query:
            choice = QUERY_DIVERGENCE_CHOICE.format(how=HOW_FAR_APART[divergence])
            self.fields["review_state"].choices = [*REVIEW_CHOICES, (QUERY_DIVERGENCE, choice)]
            self.fields["review_comment"].help_text = QUERY_DIVERGENCE_HELP
        self.helper = _helper("review_state", "review_comment", "expected_rating")

    @classmethod
    def initial_for(cls, response):
        return {
            "review_state": response.review_state or None,
            "review_comment": response.review_comment,
            "expected_rating": response.expected_rating_id,
        }

    def clean(self):
        data = super().clean()
        if data.get("review_state") == QUERY_DIVERGENCE:  # the existing query, with the suggestion if no comment
            data["review_state"] = ReviewState.QUERIED
            if "review_comment" not in self.errors and not (data.get("review_comment") or "").strip():
                data["review_comment"] = self.suggested_query
        comment = data.get("review_comment")
        if (
            data.get("review_state") == ReviewState.QUERIED
            and "review_comment" not in self.errors
            and not (comment or "").strip()
        ):
            self.add_error("review_comment", QUERY_NEEDS_COMMENT)
        return data


class ReturnForm(Form):
    note = forms.CharField(
        label="What the partnership needs to change",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Sent to the partnership's leads and contributors with each queried standard.",
        validators=[length_validator("note")],
        error_messages={"required": RETURN_NOTE_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("note", submit=("return", "Return for changes"))

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(RETURN_NOTE_REQUIRED)
        return note


class AcceptForm(Form):
    summary = forms.CharField(
        label="Review summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What BASW found overall. The partnership sees it with the accepted assessment.",
        validators=[length_validator("summary")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("summary", submit=("accept", "Accept the assessment"))


class ReplyForm(Form):
    reply = forms.CharField(
        label="Your reply to BASW's query",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Explain, or say what you have changed. Change the rating, evidence or actions on the standard page.",
        validators=[length_validator("reply")],
        error_messages={"required": REPLY_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("reply", submit=("save", "Save reply"))

    def clean_reply(self):
        reply = self.cleaned_data["reply"].strip()
        if not reply:
            raise forms.ValidationError(REPLY_REQUIRED)
        return reply


class AgreeRemainingForm(Form):
    """On the accept page: agree, at once, every standard not reviewed yet. A tick confirms it."""

    confirm = forms.BooleanField(
        label="I have read these answers and agree with each partnership rating",
        error_messages={"required": CONFIRM_AGREE_REMAINING},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("confirm", submit=("agree", "Agree all remaining standards"))


class TakeOverForm(Form):
    """Another officer takes over a review in progress; the reason goes into the assessment's history."""

    note = forms.CharField(
        label="Why you are taking over (optional)",
        required=False,
        max_length=500,
        help_text="Recorded in the assessment's history with your name.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("note", submit=("take_over", "Take over this review"))
