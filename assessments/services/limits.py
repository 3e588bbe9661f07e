"""How much text and how far ahead: the bounds every form and service applies to what people type.

Spreadsheets cut a cell at 32,767 characters, so every text a report prints is bounded well under that. The
forms show these messages against the field; the services check again, so nothing that bypasses a form
(a command, a script, a future API) stores more.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

EVIDENCE_MAX_CHARS = 10_000
NOT_APPLICABLE_REASON_MAX_CHARS = 2_000
ACTION_DESCRIPTION_MAX_CHARS = 2_000
PARTNER_COMMENT_MAX_CHARS = 2_000  # a partner's comment on its own view; also the agreed rating's rationale
REVIEW_TEXT_MAX_CHARS = 5_000  # an officer's comment, a reply, a return note, the review summary

EARLIEST_DUE_DATE = date(2000, 1, 1)
DUE_DATE_YEARS_AHEAD = 10

TEXT_TOO_LONG = "{field} must be {limit:,} characters or fewer; this is {length:,}. Shorten it, or attach a file."
DUE_DATE_OUT_OF_RANGE = "The due date must be between {earliest:%-d %B %Y} and {latest:%-d %B %Y}."


def text_too_long(field: str, value: str | None, limit: int) -> str | None:
    """The message for `value` if it is over `limit` characters, naming the field; None when it fits."""
    length = len(value or "")
    return TEXT_TOO_LONG.format(field=field, limit=limit, length=length) if length > limit else None


def latest_due_date(today: date | None = None) -> date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + DUE_DATE_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + DUE_DATE_YEARS_AHEAD, day=28)


def due_date_out_of_range(due: date) -> str | None:
    latest = latest_due_date()
    if EARLIEST_DUE_DATE <= due <= latest:
        return None
    return DUE_DATE_OUT_OF_RANGE.format(earliest=EARLIEST_DUE_DATE, latest=latest)


# Each bounded text, by the name forms and services give it: the label its message names, and its limit.
TEXT_BOUNDS = {
    "evidence": ("Evidence", EVIDENCE_MAX_CHARS),
    "not_applicable_reason": ("The reason it does not apply", NOT_APPLICABLE_REASON_MAX_CHARS),
    "description": ("What will be done", ACTION_DESCRIPTION_MAX_CHARS),
    "comment": ("Your comment", PARTNER_COMMENT_MAX_CHARS),
    "agreed_rationale": ("Why you agreed this", PARTNER_COMMENT_MAX_CHARS),
    "review_comment": ("Comment", REVIEW_TEXT_MAX_CHARS),
    "reply": ("Your reply", REVIEW_TEXT_MAX_CHARS),
    "note": ("The note", REVIEW_TEXT_MAX_CHARS),
    "dropped_reason": ("Why it was dropped", NOT_APPLICABLE_REASON_MAX_CHARS),
    "summary": ("The review summary", REVIEW_TEXT_MAX_CHARS),
}


def too_long(name: str, value: str | None) -> str | None:
    """The message for the bounded text `name` (a key of TEXT_BOUNDS) when `value` is over its limit."""
    field, limit = TEXT_BOUNDS[name]
    return text_too_long(field, value, limit)


def texts_too_long(**values) -> dict[str, str]:
    """{name: message} for each bounded text over its limit; empty when all fit."""
    return {name: message for name, value in values.items() if (message := too_long(name, value))}


def length_validator(name: str):
    """A form field validator for the bounded text `name`, giving the same message as the services."""

    def validate(value):
        if message := too_long(name, value):
            raise ValidationError(message, code="too_long")

    return validate
