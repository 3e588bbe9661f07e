"""Writing a partnership's integration timeline: dated events its governance leads record, change and remove.

Who may is access.timeline_refusal, checked here again against the actor's own membership (so a command or a
script is refused as the page is). Each write keeps its history with the actor (simple-history) and counts a
revision on every assessment of the partnership, as a profile change does: its reports show the partnership.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from ..access import partner_membership, timeline_refusal
from ..models import Consulted, Partnership, TimelineEvent, TimelineKind
from .errors import WorkflowError
from .limits import REVIEW_TEXT_MAX_CHARS, text_too_long
from .partnership import NOT_A_CHOICE, count_revision

EARLIEST_EVENT_DATE = date(1990, 1, 1)  # before the NHS and Community Care Act's partnerships: a typing slip
DECIDED_BY_MAX_CHARS = 200  # TimelineEvent.decided_by
NOTE_MAX_CHARS = REVIEW_TEXT_MAX_CHARS
DECIDED_BY_LABEL = "Who decided it"
NOTE_LABEL = "The note"

EVENT_IN_FUTURE = "The date cannot be after today ({today:%-d %B %Y}): record an event once it has happened."
EVENT_TOO_EARLY = "The date cannot be before {earliest:%-d %B %Y}."
EVENT_DATE_REQUIRED = "Enter the date it happened, for example 31/03/2026."
DECIDED_BY_REQUIRED = "Say who decided it, for example the council's cabinet or the trust board."
EVENT_NOT_IN_PARTNERSHIP = "This event belongs to another partnership."


@dataclass(frozen=True)
class EventData:
    """What a lead records about one event."""

    kind: str
    happened_on: date
    decided_by: str
    staff_consulted: str = Consulted.NOT_KNOWN
    note: str = ""


EVENT_FIELDS = ("kind", "happened_on", "decided_by", "staff_consulted", "note")


def date_problem(happened_on: date, today: date | None = None) -> str | None:
    """Why this date cannot be an event's: after today, or before EARLIEST_EVENT_DATE; None when it can."""
    today = today or timezone.localdate()
    if happened_on > today:
        return EVENT_IN_FUTURE.format(today=today)
    if happened_on < EARLIEST_EVENT_DATE:
        return EVENT_TOO_EARLY.format(earliest=EARLIEST_EVENT_DATE)
    return None


def decided_by_problem(decided_by: str) -> str | None:
    if not decided_by.strip():
        return DECIDED_BY_REQUIRED
    return text_too_long(DECIDED_BY_LABEL, decided_by, DECIDED_BY_MAX_CHARS)


def note_problem(note: str) -> str | None:
    return text_too_long(NOTE_LABEL, note, NOTE_MAX_CHARS)


def _errors(data: EventData) -> dict[str, list[str]]:
    problems = {
        "kind": None if data.kind in TimelineKind.values else NOT_A_CHOICE,
        "happened_on": date_problem(data.happened_on) if data.happened_on else EVENT_DATE_REQUIRED,
        "decided_by": decided_by_problem(data.decided_by or ""),
        "staff_consulted": None if data.staff_consulted in Consulted.values else NOT_A_CHOICE,
        "note": note_problem(data.note or ""),
    }
    return {name: [message] for name, message in problems.items() if message}


def _check(partnership: Partnership, actor, data: EventData | None) -> EventData | None:
    """Refuse a person who may not record, then data that makes no sense (a message per field), changing nothing;
    return the data with its texts trimmed."""
    if refusal := timeline_refusal(partner_membership(actor, partnership)):
        raise WorkflowError(refusal)
    if data is None:
        return None
    if errors := _errors(data):
        raise WorkflowError(errors)
    return replace(data, decided_by=data.decided_by.strip(), note=(data.note or "").strip())


def _save(event: TimelineEvent, actor, data: EventData, reason: str) -> TimelineEvent:
    event.kind = data.kind
    event.happened_on = data.happened_on
    event.decided_by = data.decided_by
    event.staff_consulted = data.staff_consulted
    event.note = data.note
    event._history_user = actor
    event._change_reason = reason
    event.save()
    count_revision(event.partnership)
    return event


def _locked(event: TimelineEvent, partnership: Partnership) -> TimelineEvent:
    if event.partnership_id != partnership.pk:
        raise WorkflowError(EVENT_NOT_IN_PARTNERSHIP)
    return TimelineEvent.objects.select_for_update().select_related("partnership").get(pk=event.pk)


@transaction.atomic
def timeline_event_record(*, partnership: Partnership, actor, data: EventData) -> TimelineEvent:
    """Add an event to the partnership's timeline, recorded by `actor`, with history."""
    data = _check(partnership, actor, data)
    event = TimelineEvent(partnership=partnership, recorded_by=actor, recorded_at=timezone.now())
    return _save(event, actor, data, "event recorded")


@transaction.atomic
def timeline_event_change(*, event: TimelineEvent, partnership: Partnership, actor, data: EventData) -> TimelineEvent:
    """Change an event of this partnership; who first recorded it stays, and the history says who changed what."""
    data = _check(partnership, actor, data)
    current = _locked(event, partnership)
    if all(getattr(current, name) == getattr(data, name) for name in EVENT_FIELDS):
        return current
    return _save(current, actor, data, "event changed")


@transaction.atomic
def timeline_event_remove(*, event: TimelineEvent, partnership: Partnership, actor) -> None:
    """Remove an event of this partnership; its history keeps what it was and who removed it."""
    _check(partnership, actor, None)
    current = _locked(event, partnership)
    current._history_user = actor
    current._change_reason = "event removed"
    current.delete()
    count_revision(partnership)
