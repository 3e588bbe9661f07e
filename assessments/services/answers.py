"""Writing the partnership's answers: responses, actions and evidence files (starting one: services/starting.py).

Every edit goes through `_record_edit`, which refuses edits to a locked assessment and clears any
sign-offs (with an event saying who changed what), so a sign-off always covers what was signed.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F

from standards.models import RatingLevel

from ..access import agreement_refusal
from ..models import (
    Action,
    Assessment,
    Event,
    EventKind,
    EvidenceFile,
    Organisation,
    Response,
    SignOff,
)
from ..selectors.people import partner_memberships
from .errors import StaleEdit, WorkflowError
from .limits import due_date_out_of_range, texts_too_long
from .locking import lock_for_change
from .uploads import store_upload, upload_fields

NOT_EDITABLE = "This assessment is {status}: it cannot be changed now."
RATING_NOT_IN_SCALE = "Choose a rating from this version's scale."
NA_NEEDS_REASON = "Say why this standard does not apply to your partnership."
NA_AND_RATING = "Either rate the standard or mark it not applicable, not both."
HOLDER_NOT_PARTNER = "The evidence holder must be one of the partner organisations."
RESPONSIBLE_NOT_PARTNER = "The responsible organisation must be the trust or a partner council."
OWNER_NOT_PARTNER = "The owner must be one of the people of the trust or a partner council, or a named person."


def _lock_editable(assessment: Assessment) -> Assessment:
    locked = lock_for_change(assessment.pk)
    if not locked.is_editable:
        raise WorkflowError(NOT_EDITABLE.format(status=locked.get_status_display().lower()))
    return locked


def _record_edit(*, assessment: Assessment, actor, what: str) -> bool:
    """Clear the sign-offs an edit invalidates. Returns True when there were any."""
    deleted, _ = SignOff.objects.filter(assessment=assessment).delete()
    if deleted:
        Event.objects.create(
            assessment=assessment,
            kind=EventKind.SIGNOFFS_CLEARED,
            actor=actor,
            note=f"{actor.full_name} changed {what}, so the sign-offs were cleared and are needed again.",
        )
    return bool(deleted)


@dataclass
class ResponseData:
    rating: RatingLevel | None
    not_applicable: bool
    not_applicable_reason: str
    evidence: str
    evidence_holder: Organisation | None
    evidence_held_jointly: bool
    agreed_rationale: str = ""  # why the partners agreed this rating (asked where they rate first)


def _all_views_given(assessment: Assessment, response: Response) -> bool:
    partner_ids = {o.pk for o in assessment.partnership.partner_organisations()}
    given = set(
        response.partner_views.filter(organisation_id__in=partner_ids)
        .exclude(rating__isnull=True, not_applicable=False)
        .values_list("organisation_id", flat=True)
    )
    return given == partner_ids


def _check_response_data(assessment: Assessment, data: ResponseData):
    errors = {}
    if data.not_applicable and data.rating is not None:
        errors["rating"] = NA_AND_RATING
    if data.not_applicable and not data.not_applicable_reason.strip():
        errors["not_applicable_reason"] = NA_NEEDS_REASON
    if data.rating is not None and data.rating.version_id != assessment.version_id:
        errors["rating"] = RATING_NOT_IN_SCALE
    if data.evidence_holder is not None:
        partner_ids = {o.pk for o in assessment.partnership.partner_organisations()}
        if data.evidence_holder.pk not in partner_ids:
            errors["evidence_holder"] = HOLDER_NOT_PARTNER
    errors.update(
        texts_too_long(
            evidence=data.evidence,
            not_applicable_reason=data.not_applicable_reason,
            agreed_rationale=data.agreed_rationale,
        )
    )
    if errors:
        raise WorkflowError(errors)


@transaction.atomic
def response_save(*, response: Response, actor, lock_version: int, data: ResponseData) -> Response:
    """Save an answer unless someone else saved it since `lock_version` was read (then raise StaleEdit).

    The version check is a conditional UPDATE, so it holds on SQLite and PostgreSQL alike; the answer is
    then saved through the model so the audit history records it.
    """
    assessment = _lock_editable(response.assessment)
    all_given = assessment.partners_rate_first and _all_views_given(assessment, response)
    if refusal := agreement_refusal(assessment, all_given=all_given):
        raise WorkflowError(refusal)
    _check_response_data(assessment, data)
    claimed = Response.objects.filter(pk=response.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1
    )
    if claimed != 1:
        raise StaleEdit(Response.objects.select_related("rating", "updated_by").get(pk=response.pk))
    fresh = Response.objects.get(pk=response.pk)
    # What is kept: a reason only with not applicable, held jointly only without a holder, a trimmed rationale.
    # An answer saved again as it was changes nothing, even when the form sent a reason it will not keep.
    values = {
        "rating_id": data.rating.pk if data.rating else None,
        "not_applicable": data.not_applicable,
        "not_applicable_reason": data.not_applicable_reason.strip() if data.not_applicable else "",
        "evidence": data.evidence,
        "evidence_holder_id": data.evidence_holder.pk if data.evidence_holder else None,
        "evidence_held_jointly": data.evidence_held_jointly and data.evidence_holder is None,
        "agreed_rationale": data.agreed_rationale.strip(),
    }
    changed = any(getattr(fresh, field) != value for field, value in values.items())
    for field, value in values.items():
        setattr(fresh, field, value)
    fresh.rating = data.rating
    fresh.evidence_holder = data.evidence_holder
    was_carried = fresh.carried_forward
    fresh.carried_forward = False
    fresh.updated_by = actor
    fresh._history_user = actor  # recorded even outside a web request (commands, tests)
    fresh._change_reason = "confirmed carried-forward answer" if was_carried and not changed else "answer saved"
    fresh.save()
    if changed or was_carried:
        _record_edit(assessment=assessment, actor=actor, what=f"the answer to {fresh.standard.code}")
    return fresh


@dataclass
class ActionData:
    description: str
    owner_name: str
    owner_role: str
    responsible_organisation: Organisation | None
    due_date: date
    priority: str
    status: str
    # The owner with an account: an active person of the trust or a partner council (selectors.people); None for
    # a named person without one. owner_name and owner_role are kept for both (the form fills them from the person).
    owner: object = None


def _check_action_data(assessment: Assessment, data: ActionData):
    errors = texts_too_long(description=data.description)
    if data.owner is not None and not partner_memberships(assessment.partnership).filter(user=data.owner).exists():
        errors["owner"] = OWNER_NOT_PARTNER
    if message := due_date_out_of_range(data.due_date):
        errors["due_date"] = message
    if data.responsible_organisation is not None:
        partner_ids = {o.pk for o in assessment.partnership.partner_organisations()}
        if data.responsible_organisation.pk not in partner_ids:
            errors["responsible_organisation"] = RESPONSIBLE_NOT_PARTNER
    if errors:
        raise WorkflowError(errors)


@transaction.atomic
def action_create(*, response: Response, actor, data: ActionData) -> Action:
    assessment = _lock_editable(response.assessment)
    _check_action_data(assessment, data)
    action = Action(response=response, **data.__dict__)
    action._history_user = actor
    action._change_reason = "action added"
    action.save()
    _record_edit(assessment=assessment, actor=actor, what=f"the actions for {response.standard.code}")
    return action


@transaction.atomic
def action_update(*, action: Action, actor, data: ActionData) -> Action:
    assessment = _lock_editable(action.response.assessment)
    _check_action_data(assessment, data)
    for field, value in data.__dict__.items():
        setattr(action, field, value)
    action.carried_forward = False
    action._history_user = actor
    action._change_reason = "action changed"
    action.save()
    _record_edit(assessment=assessment, actor=actor, what=f"the actions for {action.response.standard.code}")
    return action


@transaction.atomic
def action_delete(*, action: Action, actor) -> None:
    assessment = _lock_editable(action.response.assessment)
    code = action.response.standard.code
    action._change_reason = "action removed"
    action._history_user = actor
    action.delete()
    _record_edit(assessment=assessment, actor=actor, what=f"the actions for {code}")


@transaction.atomic
def evidence_add(*, response: Response, actor, uploaded, content_type: str) -> EvidenceFile:
    """Store an already-validated upload through Django's storage API."""
    assessment = _lock_editable(response.assessment)
    evidence = store_upload(EvidenceFile(response=response, **upload_fields(uploaded, content_type, actor)), uploaded)
    _record_edit(assessment=assessment, actor=actor, what=f"the evidence files for {response.standard.code}")
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: EvidenceFile, actor) -> None:
    assessment = _lock_editable(evidence.response.assessment)
    code = evidence.response.standard.code
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _record_edit(assessment=assessment, actor=actor, what=f"the evidence files for {code}")
