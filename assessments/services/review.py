"""BASW's review of an answer, the partnership's reply, and the snapshot taken at each return."""

from django.db import transaction
from django.utils import timezone

from ..models import Assessment, Response, ReturnSnapshot, Status
from .errors import WorkflowError
from .limits import texts_too_long
from .locking import lock_for_change

QUERY_NEEDS_COMMENT = "Say what you are querying: a comment is required when you query a rating."
REVIEW_NOT_IN_REVIEW = "You can only review an assessment that is in review and that you have taken."
EXPECTED_NOT_IN_SCALE = "Choose an expected rating from this version's scale."
REPLY_NOT_RETURNED = "You can reply to a query only while changes are requested."
REPLY_NEEDS_TEXT = "Write a reply to the officer's query."
REPLY_ONLY_TO_QUERY = "There is no query on this standard to reply to."


@transaction.atomic
def response_review(*, response: Response, actor, state: str, comment: str, expected_rating=None) -> Response:
    assessment = lock_for_change(response.assessment_id)
    if assessment.status != Status.IN_REVIEW or assessment.reviewer_id != actor.pk:
        raise WorkflowError(REVIEW_NOT_IN_REVIEW)
    if state not in {"agreed", "queried"}:
        raise WorkflowError({"review_state": "Choose whether you agree with the rating or query it."})
    if state == "queried" and not comment.strip():
        raise WorkflowError({"review_comment": QUERY_NEEDS_COMMENT})
    if errors := texts_too_long(review_comment=comment):
        raise WorkflowError(errors)
    if expected_rating is not None and expected_rating.version_id != assessment.version_id:
        raise WorkflowError({"expected_rating": EXPECTED_NOT_IN_SCALE})
    fields = {
        "review_state": state,
        "review_comment": comment.strip(),
        "expected_rating": expected_rating,
        "reviewed_by": actor,
        "reviewed_at": timezone.now(),
    }
    return _save_own_fields(response, actor=actor, reason=f"review: {state}", fields=fields)


@transaction.atomic
def response_reply(*, response: Response, actor, reply: str) -> Response:
    assessment = lock_for_change(response.assessment_id)
    if assessment.status != Status.CHANGES_REQUESTED:
        raise WorkflowError(REPLY_NOT_RETURNED)
    if Response.objects.get(pk=response.pk).review_state != "queried":
        raise WorkflowError(REPLY_ONLY_TO_QUERY)
    if not reply.strip():
        raise WorkflowError({"reply": REPLY_NEEDS_TEXT})
    if errors := texts_too_long(reply=reply):
        raise WorkflowError(errors)
    fields = {"reply": reply.strip(), "replied_by": actor, "replied_at": timezone.now()}
    return _save_own_fields(response, actor=actor, reason="reply to query", fields=fields)


def _save_own_fields(response: Response, *, actor, reason: str, fields: dict) -> Response:
    """Save only the review's or the reply's own fields, onto the answer as it stands now.

    The caller's copy may be stale (someone saved a new answer since it was loaded): saving it whole would put
    back the older rating and evidence, and its history record would show them. So the fields are set on a copy
    read now, under the assessment's lock (which every answer save also takes), and saved with update_fields;
    the caller's copy gets them too.
    """
    current = Response.objects.get(pk=response.pk)
    for name, value in fields.items():
        setattr(current, name, value)
        setattr(response, name, value)
    current._change_reason = reason
    current._history_user = actor
    current.save(update_fields=[*fields, "updated_at"])
    return current


def snapshot_for_return(*, assessment: Assessment, event) -> None:
    """Keep each answer as it stood at the return, so the next review can see what changed."""
    responses = assessment.responses.prefetch_related("actions")
    ReturnSnapshot.objects.bulk_create(
        [
            ReturnSnapshot(
                response=r,
                event=event,
                rating_id=r.rating_id,
                not_applicable=r.not_applicable,
                evidence=r.evidence,
                actions=[{"id": a.pk, "description": a.description, "status": a.status} for a in r.actions.all()],
            )
            for r in responses
        ]
    )
