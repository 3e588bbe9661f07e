"""The living action plan: once BASW accepts an assessment, its actions move through the year.

The accepted ratings and evidence stay locked (services/answers.py refuses them); here the partnership records
each action's progress (status, a dated note, a new due date, why it was dropped), evidence that it was done,
and an interim rating of a standard whose actions are all done. Who may is access.progress_refusal and
access.interim_refusal; when is the status table's Act.PROGRESS. Each write takes the assessment through
lock_for_change (so the action plan and the s75 review pack are rendered afresh), keeps history and an event.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from standards.models import RatingLevel

from ..access import ACTION_MOVED as ACTION_MOVED  # re-exported: the refusal is access.plan_refusal's
from ..access import PLAN_NOT_LIVE as PLAN_NOT_LIVE
from ..access import interim_refusal, plan_refusal, progress_refusal
from ..models import (
    CLOSED_STATUSES,
    Action,
    ActionNote,
    ActionStatus,
    CompletionFile,
    Event,
    EventKind,
    InterimRating,
    Response,
)
from .errors import WorkflowError
from .limits import due_date_out_of_range, texts_too_long
from .locking import lock_for_change
from .uploads import store_upload, upload_fields

STATUS_UNKNOWN = "Choose the action's status."
DROPPED_NEEDS_REASON = "Say why the action is dropped."
NOTHING_TO_RECORD = "Nothing has changed: write a note, or change the status or the due date."
INTERIM_NEEDS_DONE = (
    "Record an interim rating once every action on {code} is done (or dropped, with at least one done)."
)
INTERIM_NOT_IN_SCALE = "Choose a rating from this version's scale."
INTERIM_NEEDS_NOTE = "Say what has changed since the assessment: the interim rating needs a note."
PROGRESS_EVENT = "{name} recorded progress on {code}: '{action}' is {status}."
INTERIM_EVENT = "{name} recorded an interim rating of {code}: {rating}."
FILE_ADDED_EVENT = "{name} added '{file}' as evidence that {code}'s action '{action}' is done."
FILE_DELETED_EVENT = "{name} removed '{file}' from the evidence of {code}'s action '{action}'."


@dataclass
class ProgressData:
    status: str
    note: str = ""
    dropped_reason: str = ""
    due_date: date | None = None  # a new due date the partners agreed; None keeps the current one


def _own_membership(actor, membership, partnership):
    """The membership the caller passed, when it is the actor's own at the trust or a partner council; else None.

    The services trust no membership they are handed: one of another partnership, or a colleague's, counts as none.
    """
    if membership is None or membership.user_id != actor.pk:
        return None
    if membership.organisation_id not in {o.pk for o in partnership.partner_organisations()}:
        return None
    return membership


def _lock_live(assessment, actor, membership, action=None):
    """Take the assessment for a change of its plan, or refuse: not accepted, not this person, or moved on.

    Returns the locked assessment, the membership that counts (see _own_membership) and the action as it is now,
    read under the lock: the caller's copy may have been read before the action moved or changed hands.
    """
    locked = lock_for_change(assessment.pk)
    if refusal := plan_refusal(locked):
        raise WorkflowError(refusal)
    membership = _own_membership(actor, membership, locked.partnership)
    if action is not None:
        action = Action.objects.select_related("response__standard", "carried_to__response__assessment").get(
            pk=action.pk, response__assessment=locked
        )
        if refusal := progress_refusal(actor, membership, action) or plan_refusal(locked, action):
            raise WorkflowError(refusal)
    return locked, membership, action


def _check_progress(action: Action, data: ProgressData):
    errors = {}
    if data.status not in ActionStatus.values:
        errors["status"] = STATUS_UNKNOWN
    if data.status == ActionStatus.DROPPED and not data.dropped_reason.strip():
        errors["dropped_reason"] = DROPPED_NEEDS_REASON
    if data.due_date is not None and (message := due_date_out_of_range(data.due_date)):
        errors["due_date"] = message
    errors.update(texts_too_long(note=data.note, dropped_reason=data.dropped_reason))
    if errors:
        raise WorkflowError(errors)
    reason = data.dropped_reason.strip() if data.status == ActionStatus.DROPPED else ""
    new_due = data.due_date or action.due_date
    if not data.note.strip() and (data.status, reason, new_due) == (
        action.status,
        action.dropped_reason,
        action.due_date,
    ):
        raise WorkflowError(NOTHING_TO_RECORD)
    return reason, new_due


@transaction.atomic
def action_progress(*, action: Action, actor, membership, data: ProgressData) -> Action:
    """Record progress on an action of an accepted assessment's plan: its status, a note, a new due date."""
    assessment, _, action = _lock_live(action.response.assessment, actor, membership, action)
    reason, new_due = _check_progress(action, data)
    action.status, action.dropped_reason, action.due_date = data.status, reason, new_due
    action.carried_forward = False
    action._history_user = actor
    action._change_reason = "progress recorded"
    action.save()
    if data.note.strip():
        ActionNote.objects.create(action=action, text=data.note.strip(), status=action.status, written_by=actor)
    _plan_event(assessment, actor, PROGRESS_EVENT, action, status=action.get_status_display().lower())
    return action


def _plan_event(assessment, actor, template: str, action: Action, **values) -> Event:
    """The event of a change to an action of the plan (its progress, its completion files)."""
    note = template.format(
        name=actor.full_name, code=action.response.standard.code, action=action.description[:60], **values
    )
    return Event.objects.create(assessment=assessment, kind=EventKind.ACTION_PROGRESS, actor=actor, note=note)


@transaction.atomic
def completion_file_add(*, action: Action, actor, membership, uploaded, content_type: str) -> CompletionFile:
    """Keep evidence that an action was done (an upload the form has checked, as the answers' evidence)."""
    assessment, _, action = _lock_live(action.response.assessment, actor, membership, action)
    evidence = store_upload(CompletionFile(action=action, **upload_fields(uploaded, content_type, actor)), uploaded)
    _plan_event(assessment, actor, FILE_ADDED_EVENT, action, file=evidence.original_name)
    return evidence


@transaction.atomic
def completion_file_delete(*, evidence: CompletionFile, actor, membership) -> None:
    assessment, _, action = _lock_live(evidence.action.response.assessment, actor, membership, evidence.action)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _plan_event(assessment, actor, FILE_DELETED_EVENT, action, file=evidence.original_name)


def all_actions_done(actions) -> bool:
    """Every action on a standard closed, at least one of them done: the standard may have an interim rating."""
    actions = list(actions)
    return any(a.status == ActionStatus.DONE for a in actions) and all(a.status in CLOSED_STATUSES for a in actions)


@transaction.atomic
def interim_rating_record(*, response: Response, actor, membership, rating: RatingLevel, note: str) -> InterimRating:
    """A lead re-rates a standard of an accepted assessment once its actions are done (dated, with a note)."""
    assessment, membership, _ = _lock_live(response.assessment, actor, membership)
    if refusal := interim_refusal(membership, assessment.partnership):
        raise WorkflowError(refusal)
    errors = {}
    if rating is None or rating.version_id != assessment.version_id:
        errors["rating"] = INTERIM_NOT_IN_SCALE
    if not note.strip():
        errors["note"] = INTERIM_NEEDS_NOTE
    errors.update(texts_too_long(note=note))
    if errors:
        raise WorkflowError(errors)
    code = response.standard.code
    if not all_actions_done(Action.objects.filter(response=response)):
        raise WorkflowError(INTERIM_NEEDS_DONE.format(code=code))
    interim = InterimRating(response=response, rating=rating, note=note.strip(), recorded_by=actor)
    interim._history_user = actor
    interim.save()
    Event.objects.create(
        assessment=assessment,
        kind=EventKind.INTERIM_RATING,
        actor=actor,
        note=INTERIM_EVENT.format(name=actor.full_name, code=code, rating=rating.label.lower()),
    )
    return interim
