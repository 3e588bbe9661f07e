"""Emails about an assessment's progress: who is told what, kept as Notification rows, sent after commit.

Each move of the workflow calls `notify` inside its transaction. The rows roll back with the move; the emails
are queued for the worker (assessments/tasks.py) only once the move is committed, so nobody hears of a move that
did not happen, and no request waits for a mail server. The worker records on each row whether its email went.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import Assessment, Delivery, Membership, Notification, OrganisationKind, Response, ReviewState, Role
from ..tasks import send_notification

SUBMITTED = "submitted"
TAKEN = "taken"
CHANGES_REQUESTED = "changes_requested"
ACCEPTED = "accepted"

# Who hears of each move, among the partner organisations' people (officers are handled apart).
PARTNER_ROLES = {
    TAKEN: (Role.LEAD,),
    CHANGES_REQUESTED: (Role.LEAD, Role.CONTRIBUTOR),
    ACCEPTED: (Role.LEAD, Role.MANAGER),
}
KINDS = (SUBMITTED, TAKEN, CHANGES_REQUESTED, ACCEPTED)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _partner_org_ids(assessment: Assessment) -> list[int]:
    partnership = assessment.partnership
    return [partnership.trust_id, *partnership.councils.values_list("pk", flat=True)]


def recipients(assessment: Assessment, kind: str) -> list:
    """The people to tell of this move, each once, in name order."""
    org_ids = _partner_org_ids(assessment)
    if kind == SUBMITTED:
        partners = Membership.objects.filter(organisation_id__in=org_ids).values("user_id")
        memberships = Membership.objects.filter(
            role=Role.OFFICER, organisation__kind=OrganisationKind.PROFESSIONAL_BODY
        ).exclude(user_id__in=partners)
        if assessment.reviewer_id:  # a resubmission goes back to the officer who returned it, and only to them
            memberships = memberships.filter(user_id=assessment.reviewer_id)
    else:
        memberships = Membership.objects.filter(organisation_id__in=org_ids, role__in=PARTNER_ROLES[kind])
    people = {m.user.pk: m.user for m in memberships.filter(user__is_active=True).select_related("user")}
    return sorted(people.values(), key=lambda u: (u.full_name, u.pk))


def _context(assessment: Assessment, kind: str, actor, note: str) -> dict:
    context = {
        "assessment": assessment,
        "partnership": assessment.partnership,
        "actor": actor,
        "note": note,
        "overview_url": absolute(reverse("assessments:overview", args=[assessment.pk])),
        "review_url": absolute(reverse("assessments:review", args=[assessment.pk])),
        "activity_url": absolute(reverse("assessments:activity", args=[assessment.pk])),
        "site_url": settings.SITE_URL,
    }
    if kind == CHANGES_REQUESTED:
        queries = (
            Response.objects.filter(assessment=assessment, review_state=ReviewState.QUERIED)
            .select_related("standard", "expected_rating")
            .order_by("standard__domain__order", "standard__source_order")
        )
        context["queries"] = [
            {
                "response": r,
                "reply_url": absolute(reverse("assessments:reply", args=[assessment.pk, r.standard.code])),
                "standard_url": absolute(reverse("assessments:standard", args=[assessment.pk, r.standard.code])),
            }
            for r in queries
        ]
    return context


_recording_only = ContextVar("recording_only", default=False)


@contextmanager
def recording_only():
    """Record notifications without emailing anyone (the demo's fictional people): rows are kept as sent, and
    nothing is queued, so a worker started later has nothing of theirs to send."""
    token = _recording_only.set(True)
    try:
        yield
    finally:
        _recording_only.reset(token)


def recording_only_now() -> bool:
    """Inside `recording_only()` (the demo): nothing may be queued for the worker, emails or renders."""
    return _recording_only.get()


def notify(assessment: Assessment, kind: str, actor, *, note: str = "") -> list[Notification]:
    """Tell the right people of a move: one Notification row each, its email queued once the move commits.

    Call inside the move's transaction."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    people = recipients(assessment, kind)
    if not people:
        return []
    context = _context(assessment, kind, actor, note)
    recorded_only = _recording_only.get()
    rows = []
    for person in people:
        personal = {**context, "recipient": person}
        subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", personal).split())
        body = render_to_string(f"emails/{kind}.txt", personal)
        row = Notification(
            assessment=assessment, kind=kind, recipient=person, email=person.email, subject=subject, body=body
        )
        if recorded_only:
            row.status, row.delivered_at = Delivery.SENT, row.created_at
        rows.append(row)
    Notification.objects.bulk_create(rows)
    if not recorded_only:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return rows


def notify_once(assessment: Assessment, kind: str, recipient, context: dict, *, once_key: str) -> Notification | None:
    """Record one email (templates/emails/<kind>.txt and <kind>_subject.txt) to one person, once for `once_key`,
    queued for the worker after commit as `notify` does; None when the key is already recorded (by an earlier
    run, or by another at the same moment: the unique constraint decides, not a read before the insert)."""
    personal = {**context, "recipient": recipient}
    subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", personal).split())
    body = render_to_string(f"emails/{kind}.txt", personal)
    row = Notification(
        assessment=assessment,
        kind=kind,
        recipient=recipient,
        email=recipient.email,
        subject=subject[:255],
        body=body,
        once_key=once_key,
    )
    recorded_only = _recording_only.get()
    if recorded_only:
        row.status, row.delivered_at = Delivery.SENT, row.created_at
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return None
    if not recorded_only:
        transaction.on_commit(lambda: _enqueue([row.pk]), robust=True)
    return row


def _enqueue(ids: list[int]) -> None:
    """After commit: one task per email. If the queue cannot take them, the rows stay queued and this is logged."""
    for pk in ids:
        send_notification.enqueue(pk)
