"""The life of an assessment: every status change goes through `_transition`, in one transaction, with an event."""

from django.db import transaction
from django.utils import timezone

from ..access import actor_reviewer_refusal, sign_off_refusal
from ..models import (
    TRANSITIONS,
    Act,
    Assessment,
    Event,
    EventKind,
    SignOff,
    Status,
    status_allows,
)
from ..selectors import not_agreed, submission_problems
from .errors import WorkflowError
from .locking import lock_for_change
from .notifications import ACCEPTED, CHANGES_REQUESTED, SUBMITTED, TAKEN, notify
from .records import scores_store, snapshot_take

MOVE_NOT_ALLOWED = "An assessment that is {status} cannot be {move_past}."
MOVE_PAST = {"submit": "submitted", "take": "taken for review", "return": "returned", "accept": "accepted"}
RETURN_NEEDS_NOTE = "Say what the partnership needs to change: a note is required to return an assessment."
ALREADY_SIGNED = "{organisation} has already signed off this assessment."
SIGNOFF_NOT_EDITABLE = "An assessment that is {status} cannot be signed off."
# Who may review, and its messages, is access.py's.
NOT_ALL_AGREED = "Agree every standard before accepting the assessment."
NOT_REVIEWED_YET = "Not reviewed yet: {codes}."
STILL_QUERIED = "Still queried (return the assessment for these, or agree them): {codes}."
TAKE_OVER_NOT_IN_REVIEW = "An assessment that is {status} has no review to take over."
ALREADY_YOUR_REVIEW = "You are already reviewing this assessment."
TOOK_OVER = "{new} took over the review from {old}."


def _transition(*, assessment: Assessment, move: str, actor, note: str = "", **fields) -> Assessment:
    """Move the assessment along the workflow table, or refuse with a message. Caller holds a transaction."""
    locked = lock_for_change(assessment.pk)
    current = Status(locked.status)
    target = TRANSITIONS.get((current, move))
    if target is None:
        raise WorkflowError(MOVE_NOT_ALLOWED.format(status=current.label.lower(), move_past=MOVE_PAST[move]))
    # Conditional update: if someone else moved it in between, nothing changes and we refuse.
    updated = Assessment.objects.filter(pk=locked.pk, status=current).update(status=target, **fields)
    if updated != 1:
        raise WorkflowError(MOVE_NOT_ALLOWED.format(status=current.label.lower(), move_past=MOVE_PAST[move]))
    Event.objects.create(
        assessment=locked, kind=EventKind.TRANSITION, actor=actor, from_status=current, to_status=target, note=note
    )
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def assessment_sign_off(*, assessment: Assessment, actor, membership) -> SignOff:
    """A governance lead signs off for their organisation."""
    locked = lock_for_change(assessment.pk)
    if not status_allows(locked.status, Act.SIGN_OFF):
        raise WorkflowError(SIGNOFF_NOT_EDITABLE.format(status=locked.get_status_display().lower()))
    refusal = sign_off_refusal(membership, locked.partnership)
    if refusal:
        raise WorkflowError(refusal)
    if SignOff.objects.filter(assessment=locked, organisation_id=membership.organisation_id).exists():
        raise WorkflowError(ALREADY_SIGNED.format(organisation=membership.organisation.name))
    signoff = SignOff.objects.create(
        assessment=locked,
        organisation_id=membership.organisation_id,
        user=actor,
        signed_name=actor.full_name,
        signed_role=actor.job_title or membership.get_role_display(),
        signed_at=timezone.now(),
    )
    Event.objects.create(
        assessment=locked,
        kind=EventKind.SIGNED_OFF,
        actor=actor,
        note=f"{signoff.signed_name} ({signoff.signed_role}) signed off for {membership.organisation.name}.",
    )
    return signoff


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor) -> Assessment:
    """Send the assessment to BASW: every standard answered, every gap with an action, every partner signed off."""
    lock_for_change(assessment.pk)
    problems = submission_problems(assessment)
    if problems:
        raise WorkflowError([message for _, _, message in problems])
    assessment = _transition(assessment=assessment, move="submit", actor=actor, submitted_at=timezone.now())
    snapshot_take(assessment)  # the profile and teams as they stand now go with it: BASW reviews those
    notify(assessment, SUBMITTED, actor)
    return assessment


@transaction.atomic
def assessment_take(*, assessment: Assessment, actor) -> Assessment:
    """A BASW officer takes a submitted assessment and becomes its reviewer."""
    refusal = actor_reviewer_refusal(actor, assessment, take=True)
    if refusal:
        raise WorkflowError(refusal)
    assessment = _transition(assessment=assessment, move="take", actor=actor, reviewer=actor)
    notify(assessment, TAKEN, actor)
    return assessment


@transaction.atomic
def assessment_take_over(*, assessment: Assessment, actor, note: str = "") -> Assessment:
    """Another BASW officer takes over a review in progress (a resubmission comes back to its officer); recorded."""
    locked = lock_for_change(assessment.pk)
    if not status_allows(locked.status, Act.TAKE_OVER):
        raise WorkflowError(TAKE_OVER_NOT_IN_REVIEW.format(status=locked.get_status_display().lower()))
    refusal = actor_reviewer_refusal(actor, locked, take=True)
    if refusal:
        raise WorkflowError(refusal)
    if locked.reviewer_id == actor.pk:
        raise WorkflowError(ALREADY_YOUR_REVIEW)
    previous = locked.reviewer
    updated = Assessment.objects.filter(pk=locked.pk, status=locked.status, reviewer_id=locked.reviewer_id).update(
        reviewer=actor
    )
    if updated != 1:
        raise WorkflowError(TAKE_OVER_NOT_IN_REVIEW.format(status=locked.get_status_display().lower()))
    reason = (note or "").strip()
    took_over = TOOK_OVER.format(new=actor.full_name, old=previous.full_name if previous else "nobody")
    Event.objects.create(
        assessment=locked,
        kind=EventKind.REVIEWER_CHANGED,
        actor=actor,
        note=f"{took_over} {reason}".strip(),
    )
    assessment.refresh_from_db()
    notify(assessment, TAKEN, actor)
    return assessment


def _require_reviewer(assessment: Assessment, actor, move: str):
    """The move must be open from the current status (the table), and the person the reviewer (access.py)."""
    current = Assessment.objects.select_related("reviewer", "partnership").get(pk=assessment.pk)
    status = Status(current.status)
    if (status, move) not in TRANSITIONS:
        raise WorkflowError(MOVE_NOT_ALLOWED.format(status=status.label.lower(), move_past=MOVE_PAST[move]))
    refusal = actor_reviewer_refusal(actor, current)
    if refusal:
        raise WorkflowError(refusal)


@transaction.atomic
def assessment_return(*, assessment: Assessment, actor, note: str) -> Assessment:
    """Send the assessment back to the partnership with a note; queried standards are listed for them."""
    if not (note or "").strip():
        raise WorkflowError(RETURN_NEEDS_NOTE)
    _require_reviewer(assessment, actor, "return")
    from .review import snapshot_for_return  # the review module builds on this one

    assessment = _transition(assessment=assessment, move="return", actor=actor, note=note.strip())
    snapshot_for_return(assessment=assessment, event=assessment.events.order_by("-pk").first())
    SignOff.objects.filter(assessment=assessment).delete()
    notify(assessment, CHANGES_REQUESTED, actor, note=note.strip())
    return assessment


@transaction.atomic
def assessment_accept(*, assessment: Assessment, actor, note: str = "") -> Assessment:
    """Accept the assessment: it is locked for everyone from now on."""
    _require_reviewer(assessment, actor, "accept")
    lock_for_change(assessment.pk)
    unreviewed, queried = not_agreed(assessment)
    if unreviewed or queried:
        messages = [NOT_ALL_AGREED]
        if unreviewed:
            messages.append(NOT_REVIEWED_YET.format(codes=", ".join(s.code for s in unreviewed)))
        if queried:
            messages.append(STILL_QUERIED.format(codes=", ".join(s.code for s in queried)))
        raise WorkflowError(messages)
    note = (note or "").strip()
    assessment = _transition(
        assessment=assessment,
        move="accept",
        actor=actor,
        note=note,
        accepted_at=timezone.now(),
        accepted_by=actor,
        review_summary=note,
    )
    scores_store(assessment)  # stored once: the trend and the national picture read them, never the answers
    notify(assessment, ACCEPTED, actor)
    return assessment
