"""Helpers for the partner view specs: give a partner's own view through partner_view_save, agree the joint
answer through response_save (with a rationale), and take an assessment whose partners rate first to any
status through the services alone."""

from assessments.models import PartnerView, Status
from assessments.services import ResponseData, ViewData, partner_view_save, response_save
from tests.assessments.service_helpers import EVIDENCE, drive_to, membership

COMMENT = "Supervision is monthly in most teams."


def level(assessment, code):
    return assessment.version.rating_levels.get(code=code)


def view_data(rating=None, *, not_applicable=False, reason="", comment=COMMENT):
    return ViewData(rating=rating, not_applicable=not_applicable, not_applicable_reason=reason, comment=comment)


def lock_version_of(response, user) -> int:
    """The lock_version the view page would send: that of the person's organisation's view, 0 before the first."""
    view = PartnerView.objects.filter(response=response, organisation=membership(user).organisation).first()
    return view.lock_version if view else 0


def give_view(response, actor, level_code="fully-met", *, data=None, **extra):
    """Save the actor's organisation's view of `response` from its current lock_version, as the page would."""
    if data is None:
        rating = level(response.assessment, level_code) if level_code else None
        data = view_data(rating, **extra)
    return partner_view_save(
        response=response,
        actor=actor,
        membership=membership(actor),
        lock_version=lock_version_of(response, actor),
        data=data,
    )


def give_all_views(assessment, leads, level_code="fully-met", *, skip=()):
    """Each lead gives their organisation's view of every standard (but the codes in `skip`)."""
    for response in assessment.responses.select_related("standard"):
        if response.standard.code in skip:
            continue
        for lead in leads:
            give_view(response, lead, level_code)


def agreed_data(rating, *, rationale="", evidence=EVIDENCE):
    return ResponseData(
        rating=rating,
        not_applicable=False,
        not_applicable_reason="",
        evidence=evidence,
        evidence_holder=None,
        evidence_held_jointly=False,
        agreed_rationale=rationale,
    )


def agree(response, actor, level_code="fully-met", *, rationale="", evidence=EVIDENCE):
    """Agree the joint answer from the response's current lock_version."""
    response.refresh_from_db()
    data = agreed_data(level(response.assessment, level_code), rationale=rationale, evidence=evidence)
    return response_save(response=response, actor=actor, lock_version=response.lock_version, data=data)


def drive_split_to(assessment, status, *, leads, officer):
    """Every partner gives its view (fully met) of every standard, then as service_helpers.drive_to."""
    if status != Status.DRAFT:
        give_all_views(assessment, leads)
    return drive_to(assessment, status, leads=leads, officer=officer)
