"""Helpers for the stored scores' and the trend's specs: an assessment rated as a case says, then accepted by the
officer through the services (tests/assessments/service_helpers.py drive_to), every gap with its action."""

from assessments.models import RatingMode, Response, Status
from assessments.services import action_create, assessment_start

from .service_helpers import action_data, answer, drive_to

NOT_APPLICABLE = None  # in a case: the standard is not applicable


def start(partnership, version, actor, period="2026/27"):
    return assessment_start(
        partnership=partnership, period=period, version=version, actor=actor, rating_mode=RatingMode.TOGETHER
    )


def rate(assessment, actor, ratings: dict):
    """ratings: standard code -> rating level code, or NOT_APPLICABLE. A rating below the top gets an action."""
    top = assessment.version.rating_levels.order_by("-score").first().code
    for code, level in ratings.items():
        response = Response.objects.get(assessment=assessment, standard__code=code)
        if level is NOT_APPLICABLE:
            answer(response, actor, None, not_applicable=True, reason="Not in our area.")
            continue
        answer(response, actor, level)
        if level != top:
            action_create(response=response, actor=actor, data=action_data())


def accepted(assessment, ratings: dict, *, leads, officer):
    """Rate as `ratings` says, the rest at the top of the scale, and drive the assessment to accepted."""
    rate(assessment, leads[0], ratings)
    return drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
