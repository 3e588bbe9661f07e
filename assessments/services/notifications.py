"""Emails about an assessment's progress: who is told what, kept as Notification rows, sent after commit.

Each move of the workflow calls `notify` inside its transaction. The rows roll back with the move; the emails
go only once the move is committed, so nobody hears of a move that did not happen.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import Assessment, Membership, Notification, OrganisationKind, Response, ReviewState, Role

logger = logging.getLogger(__name__)

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


def notify(assessment: Assessment, kind: str, actor, *, note: str = "") -> list[Notification]:
    """Tell the right people of a move: one email and one Notification row each. Call inside the move's transaction."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    people = recipients(assessment, kind)
    if not people:
        return []
    context = _context(assessment, kind, actor, note)
    rows, emails = [], []
    for person in people:
        personal = {**context, "recipient": person}
        subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", personal).split())
        body = render_to_string(f"emails/{kind}.txt", personal)
        rows.append(
            Notification(
                assessment=assessment, kind=kind, recipient=person, email=person.email, subject=subject, body=body
            )
        )
        emails.append(EmailMessage(subject=subject, body=body, to=[person.email]))
    Notification.objects.bulk_create(rows)
    transaction.on_commit(lambda: _send(emails), robust=True)
    return rows


def _send(emails: list[EmailMessage]) -> None:
    """Send after commit. A mail server that fails must not undo or break the move: log it, for someone to resend."""
    try:
        get_connection().send_messages(emails)
    except Exception:  # noqa: BLE001 - any transport failure is logged, never raised to the person
        logger.exception("Could not send %d notification email(s)", len(emails))
