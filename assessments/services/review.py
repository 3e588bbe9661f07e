"""BASW's review of an answer, the partnership's reply, and the snapshot taken at each return."""

from django.db import transaction
from django.utils import timezone

from ..access import actor_reviewer_refusal, editor_refusal, partner_membership
from ..models import (
    Act,
    Assessment,
    QueryResolution,
    Response,
    ReturnSnapshot,
    ReviewQuery,
    ReviewState,
    status_allows,
)
from .errors import WorkflowError
from .limits import texts_too_long
from .locking import lock_for_change

QUERY_NEEDS_COMMENT = "Say what you are querying: a comment is required when you query a rating."
REVIEW_CLOSED = "This assessment is {status}: its review cannot change now."
STATE_REQUIRED = "Choose whether you agree with the rating or query it."
EXPECTED_NOT_IN_SCALE = "Choose an expected rating from this version's scale."
REPLY_NOT_RETURNED = "You can reply to a query only while changes are requested."
REPLY_NEEDS_TEXT = "Write a reply to the officer's query."
REPLY_ONLY_TO_QUERY = "There is no query on this standard to reply to."


def review_status_refusal(assessment: Assessment) -> str | None:
    """Why the status lets no review be recorded now (STATUS_ALLOWS); None when it does."""
    if status_allows(assessment.status, Act.REVIEW):
        return None
    return REVIEW_CLOSED.format(status=assessment.get_status_display().lower())


def reply_refusal(assessment: Assessment, response: Response) -> str | None:
    """Why the partnership cannot reply on this standard now (status, then an open query); None when it can."""
    if not status_allows(assessment.status, Act.REPLY):
        return REPLY_NOT_RETURNED
    if response.review_state != ReviewState.QUERIED:
        return REPLY_ONLY_TO_QUERY
    return None


def _require_review_open(assessment: Assessment, actor) -> None:
    refusal = review_status_refusal(assessment) or actor_reviewer_refusal(actor, assessment)
    if refusal:
        raise WorkflowError(refusal)


def _record_query(response: Response, *, actor, state: str, comment: str, expected_rating, now) -> bool:
    """Keep the query history: a query opens (or, unanswered, is reworded); agreeing or re-querying closes it.

    Returns True when a new query opened: the answer's reply then belongs to the closed one (kept there).
    """
    current = response.queries.filter(resolution=QueryResolution.OPEN).order_by("-asked_at", "-pk").first()
    if state == ReviewState.QUERIED:
        if current is not None and not current.reply:
            current.comment, current.expected_rating, current.asked_by = comment, expected_rating, actor
            current.save(update_fields=["comment", "expected_rating", "asked_by"])
            return False
        if current is not None:
            _resolve(current, QueryResolution.QUERIED_AGAIN, actor, now)
        ReviewQuery.objects.create(
            response=response, comment=comment, expected_rating=expected_rating, asked_by=actor, asked_at=now
        )
        return True
    if current is not None:
        _resolve(current, QueryResolution.AGREED, actor, now)
    return False


def _resolve(query: ReviewQuery, resolution: str, actor, now) -> None:
    query.resolution, query.resolved_by, query.resolved_at = resolution, actor, now
    query.save(update_fields=["resolution", "resolved_by", "resolved_at"])


@transaction.atomic
def response_review(*, response: Response, actor, state: str, comment: str, expected_rating=None) -> Response:
    assessment = lock_for_change(response.assessment_id)
    _require_review_open(assessment, actor)
    if state not in ReviewState.values:
        raise WorkflowError({"review_state": STATE_REQUIRED})
    if state == ReviewState.QUERIED and not comment.strip():
        raise WorkflowError({"review_comment": QUERY_NEEDS_COMMENT})
    if errors := texts_too_long(review_comment=comment):
        raise WorkflowError(errors)
    if expected_rating is not None and expected_rating.version_id != assessment.version_id:
        raise WorkflowError({"expected_rating": EXPECTED_NOT_IN_SCALE})
    now = timezone.now()
    fields = {
        "review_state": state,
        "review_comment": comment.strip(),
        "expected_rating": expected_rating,
        "reviewed_by": actor,
        "reviewed_at": now,
    }
    if _record_query(
        response, actor=actor, state=state, comment=comment.strip(), expected_rating=expected_rating, now=now
    ):
        fields.update(reply="", replied_by=None, replied_at=None)  # a new question waits for a new reply
    return _save_own_fields(response, actor=actor, reason=f"review: {state}", fields=fields)


@transaction.atomic
def review_agree_remaining(*, assessment: Assessment, actor) -> list[Response]:
    """The reviewer agrees every standard not reviewed yet, at once; each answer's history records it."""
    locked = lock_for_change(assessment.pk)
    _require_review_open(locked, actor)
    now = timezone.now()
    agreed = []
    for response in locked.responses.filter(review_state="").select_related("standard"):
        fields = {"review_state": ReviewState.AGREED, "reviewed_by": actor, "reviewed_at": now}
        agreed.append(_save_own_fields(response, actor=actor, reason="review: agreed (all remaining)", fields=fields))
    return agreed


@transaction.atomic
def response_reply(*, response: Response, actor, reply: str) -> Response:
    assessment = lock_for_change(response.assessment_id)
    refusal = editor_refusal(partner_membership(actor, assessment.partnership)) or reply_refusal(
        assessment, Response.objects.get(pk=response.pk)
    )
    if refusal:
        raise WorkflowError(refusal)
    if not reply.strip():
        raise WorkflowError({"reply": REPLY_NEEDS_TEXT})
    if errors := texts_too_long(reply=reply):
        raise WorkflowError(errors)
    now = timezone.now()
    fields = {"reply": reply.strip(), "replied_by": actor, "replied_at": now}
    open_queries = response.queries.filter(resolution=QueryResolution.OPEN)
    open_queries.update(reply=reply.strip(), replied_by=actor, replied_at=now)
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
