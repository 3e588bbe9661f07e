"""Helpers for the service tests: answer through response_save, sign off through assessment_sign_off, and
drive an assessment to any status through the services alone."""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Membership, RatingMode, Role, Status
from assessments.services import (
    ActionData,
    ResponseData,
    assessment_accept,
    assessment_return,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    assessment_take,
    response_save,
)
from assessments.services.review import review_agree_remaining

EVIDENCE = "Minutes of the partnership board."


def start_together(**kwargs):
    """assessment_start for an assessment the partners rate together (the joint rating most specs exercise)."""
    return assessment_start(rating_mode=RatingMode.TOGETHER, **kwargs)


def membership(user):
    return Membership.objects.exclude(role=Role.OFFICER).get(user=user)


def response_data(level=None, evidence=EVIDENCE, *, not_applicable=False, reason="", holder=None, jointly=False):
    return ResponseData(
        rating=level,
        not_applicable=not_applicable,
        not_applicable_reason=reason,
        evidence=evidence,
        evidence_holder=holder,
        evidence_held_jointly=jointly,
    )


def answer(response, actor, level_code="fully-met", evidence=EVIDENCE, **extra):
    """Save an answer from the response's current lock_version, as the page would after loading it."""
    response.refresh_from_db()
    level = response.assessment.version.rating_levels.get(code=level_code) if level_code else None
    data = response_data(level, evidence, **extra)
    return response_save(response=response, actor=actor, lock_version=response.lock_version, data=data)


def action_data(**overrides):
    values = {
        "description": "Agree a supervision policy.",
        "owner_name": "Tara Trustlead",
        "owner_role": "Director",
        "responsible_organisation": None,
        "due_date": timezone.localdate() + timedelta(days=60),
        "priority": "high",
        "status": "not_started",
    }
    values.update(overrides)
    return ActionData(**values)


def complete(assessment, actor):
    """Answer every standard not yet answered (fully met, so no action is needed)."""
    for response in assessment.responses.all():
        if not response.is_answered:
            answer(response, actor)


def sign_all(assessment, leads):
    for lead in leads:
        assessment_sign_off(assessment=assessment, actor=lead, membership=membership(lead))


def drive_to(assessment, status, *, leads, officer):
    """Take a draft to `status` through the services: answer the rest, sign off, submit, take, return/accept."""
    if status == Status.DRAFT:
        return assessment
    complete(assessment, leads[0])
    sign_all(assessment, leads)
    assessment = assessment_submit(assessment=assessment, actor=leads[0])
    if status == Status.SUBMITTED:
        return assessment
    assessment = assessment_take(assessment=assessment, actor=officer)
    if status == Status.IN_REVIEW:
        return assessment
    if status == Status.CHANGES_REQUESTED:
        return assessment_return(assessment=assessment, actor=officer, note="Please evidence supervision.")
    review_agree_remaining(assessment=assessment, actor=officer)
    return assessment_accept(assessment=assessment, actor=officer, note="A fair account.")
