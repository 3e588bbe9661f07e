"""The life of an assessment: every status change goes through `_transition`, in one transaction, with an event."""

from django.db import transaction
from django.utils import timezone

from ..models import (
    TRANSITIONS,
    Assessment,
    Event,
    EventKind,
    Role,
    SignOff,
    Status,
)
from ..selectors import submission_problems
from .errors import WorkflowError
from .locking import lock_for_change
from .notifications import ACCEPTED, CHANGES_REQUESTED, SUBMITTED, TAKEN, notify

MOVE_NOT_ALLOWED = "An assessment that is {status} cannot be {move_past}."
MOVE_PAST = {"submit": "submitted", "take": "taken for review", "return": "returned", "accept": "accepted"}
RETURN_NEEDS_NOTE = "Say what the partnership needs to change: a note is required to return an assessment."
NOT_YOUR_REVIEW = "Only the officer reviewing this assessment ({reviewer}) can do this."
ALREADY_SIGNED = "{organisation} has already signed off this assessment."
SIGNOFF_NOT_EDITABLE = "An assessment that is {status} cannot be signed off."
LEAD_NOT_PARTNER = "Only a governance lead of the trust or a partner council can sign off."
NOT_AN_OFFICER_TAKE = "Only a BASW officer can take an assessment for review."
OFFICER_IS_PARTNER = "You belong to this partnership, so you cannot review its assessment."

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
    if not locked.is_editable:
        raise WorkflowError(SIGNOFF_NOT_EDITABLE.format(status=locked.get_status_display().lower()))
    partner_ids = {o.pk for o in locked.partnership.partner_organisations()}
    if membership is None or membership.role != Role.LEAD or membership.organisation_id not in partner_ids:
        raise WorkflowError(LEAD_NOT_PARTNER)
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
    notify(assessment, SUBMITTED, actor)
    return assessment


@transaction.atomic
def assessment_take(*, assessment: Assessment, actor) -> Assessment:
    """A BASW officer takes a submitted assessment and becomes its reviewer."""
    from ..access import is_officer, partner_membership

    if not is_officer(actor):
        raise WorkflowError(NOT_AN_OFFICER_TAKE)
    if partner_membership(actor, assessment.partnership) is not None:
        raise WorkflowError(OFFICER_IS_PARTNER)
    assessment = _transition(assessment=assessment, move="take", actor=actor, reviewer=actor)
    notify(assessment, TAKEN, actor)
    return assessment


def _require_reviewer(assessment: Assessment, actor, move: str):
    """The move must be open from the current status, and only the officer holding the review may make it."""
    current = Status(Assessment.objects.get(pk=assessment.pk).status)
    if (current, move) not in TRANSITIONS:
        raise WorkflowError(MOVE_NOT_ALLOWED.format(status=current.label.lower(), move_past=MOVE_PAST[move]))
    if assessment.reviewer_id != actor.pk:
        reviewer = assessment.reviewer.full_name if assessment.reviewer_id else "nobody"
        raise WorkflowError(NOT_YOUR_REVIEW.format(reviewer=reviewer))


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
    notify(assessment, ACCEPTED, actor)
    return assessment
