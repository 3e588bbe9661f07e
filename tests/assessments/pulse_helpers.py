"""Spec helpers for the frontline pulse: statements on a test version, a pulse opened by a lead, answers given.

`give_statements(version)` puts a statement on every practice standard of the version (factories make no
statements); `open_pulse` opens one for the given teams; `answer_with_codes` has `n` social workers answer with
codes, each giving the same `choice` to every statement unless `choices` (per standard code) says otherwise.
"""

from datetime import timedelta

from django.utils import timezone

from assessments.models import Membership, PulseChoice, Response
from assessments.services import pulse as pulse_service
from standards.models import Standard, StandardKind, Statement
from tests import factories


def give_statements(version, *, codes=None) -> dict[str, Statement]:
    """A statement on each practice standard of `version` (or on `codes`), keyed by standard code."""
    standards = Standard.objects.filter(version=version, parent=None)
    if codes is not None:
        standards = standards.filter(code__in=codes)
    else:
        standards = standards.filter(kind=StandardKind.PRACTICE)
    made = {}
    for standard in standards:
        made[standard.code] = Statement.objects.create(
            standard=standard, text=f"I see {standard.title.lower()} in my team.", draws_on=standard.text[:80]
        )
    return made


def lead_membership(user, assessment):
    return Membership.objects.get(user=user, organisation__in=assessment.partnership.partner_organisations())


def open_pulse(assessment, lead, *, teams=None, days=14):
    if teams is None:
        teams = [factories.make_team(assessment.partnership, name="Riverside CMHT")]
    return pulse_service.pulse_open(
        actor=lead,
        membership=lead_membership(lead, assessment),
        assessment=assessment,
        teams=teams,
        closes_on=timezone.localdate() + timedelta(days=days),
    )


def issue_codes(pulse, lead, count) -> list[str]:
    return pulse_service.pulse_issue_codes(membership=lead_membership(lead, pulse.assessment), pulse=pulse, count=count)


def answer_with_codes(pulse, lead, n, *, choice=PulseChoice.AGREE, choices=None, team=None, comment=""):
    """`n` people answer, each with a fresh code. `choices`: {standard code: choice} over `choice`."""
    statements = list(Statement.objects.of_version(pulse.assessment.version))
    for code in issue_codes(pulse, lead, n):
        answers = {s.pk: (choices or {}).get(s.standard.code, choice) for s in statements}
        pulse_service.pulse_answer(token=code, answers=answers, team_id=team.pk if team else None, comment=comment)


def rate(assessment, code, level_code, user):
    """Give the agreed rating of one standard directly (the pulse reads only the rating)."""
    response = Response.objects.get(assessment=assessment, standard__code=code)
    response.rating = assessment.version.rating_levels.get(code=level_code)
    response.updated_by = user
    response.save(update_fields=["rating", "updated_by"])
    return response
