"""The demo's frontline pulses, run through the services as a lead would run them.

- Northshire's 2026/27 draft: a pulse of its four teams, opened three weeks ago with printed codes, answered by
  20 social workers and AMHPs, closed last week. Its results show, with perception gaps: on supervision the
  frontline agrees far more than the leads' "partially met" (many count the clinical supervision nurses give,
  the confusion the partners' rationale names); on social work at the Trust Board the frontline sees the
  Director of Social Care now attending, where the leads hold out for an executive who owns the portfolio; and
  on the forums, rated fully met, fewer than half agree they can get to one. The comments show to its leads,
  one of them naming a colleague, for a newcomer to withhold.
- Dartvale's 2026/27 assessment (sent to BASW): a pulse still open, with 3 answers: shown nowhere.

Answers are given per statement by standard code; a statement the fixtures do not have is skipped.
"""

from datetime import timedelta

from django.utils import timezone

from standards.models import Statement

from ..models import Membership, Pulse, PulseChoice, PulseReply
from ..services import pulse as pulse_service

A, S, N, D, X, K = (
    PulseChoice.AGREE,
    PulseChoice.STRONGLY_AGREE,
    PulseChoice.NEUTRAL,
    PulseChoice.DISAGREE,
    PulseChoice.STRONGLY_DISAGREE,
    PulseChoice.DONT_KNOW,
)

# For each standard code, the 20 answers in order; codes not listed get DEFAULT's answers.
NORTHSHIRE = {
    # Supervision: 17 of 20 agree (leads: partially met) -> the frontline sees it better than the leads.
    "C13": [S, S, A, A, A, A, A, A, A, S, A, A, A, A, A, S, A, D, X, N],
    # Social work at the Trust Board: 17 of 19 agree (leads: partially met).
    "C4": [A, A, S, A, A, A, A, A, K, A, A, S, A, A, A, N, A, D, A, A],
    # The forums: 7 of 20 agree (leads: fully met) -> the leads see it better than the frontline.
    "C15": [A, D, D, N, A, X, D, D, A, N, D, A, D, S, N, D, A, D, A, X],
    # Support services: fewer than 5 real answers (most do not know): not shown.
    "C11": [K, K, K, A, K, K, K, D, K, K, K, K, N, K, K, K, K, K, A, K],
}
DEFAULT = [A, N, A, D, A, A, N, S, D, A, N, A, A, D, N, A, S, N, D, A]
COMMENTS = {
    2: "Supervision from our senior practitioner is the best thing about this team.",
    6: "The social work forum is at county hall on a Tuesday afternoon: from Fellside it is half a day away.",
    11: "We still enter assessments twice, once in each system.",
    15: "Ask Priya in the Fellside Valley team how isolated it is to be the only social worker there.",
    19: "The Director of Social Care at the Board has made a difference this year.",
}
DARTVALE = [A, D, N]


def _membership(person, assessment):
    return Membership.objects.get(user=person, organisation__in=assessment.partnership.partner_organisations())


def _answers(statements, i: int) -> dict:
    return {s.pk: NORTHSHIRE.get(s.standard.code, DEFAULT)[i] for s in statements}


def _open(assessment, lead, *, closes_on, codes: int):
    """The pulse of every team of the partnership, opened by `lead`, with `codes` printed codes; or None when the
    version has no statements (a stand-in framework)."""
    statements = list(Statement.objects.of_version(assessment.version))
    if not statements:
        return None, None, [], []
    membership = _membership(lead, assessment)
    pulse = pulse_service.pulse_open(
        actor=lead,
        membership=membership,
        assessment=assessment,
        teams=list(assessment.partnership.teams.all()),
        closes_on=closes_on,
    )
    return (
        pulse,
        membership,
        statements,
        pulse_service.pulse_issue_codes(membership=membership, pulse=pulse, count=codes),
    )


def northshire_pulse(assessment, lead) -> Pulse | None:
    today = timezone.localdate()
    pulse, membership, statements, codes = _open(assessment, lead, closes_on=today, codes=24)
    if pulse is None:
        return None
    teams = list(pulse.teams.order_by("name"))
    for i in range(20):
        pulse_service.pulse_answer(
            token=codes[i],
            answers=_answers(statements, i),
            team_id=teams[i % len(teams)].pk,
            comment=COMMENTS.get(i, ""),
        )
    pulse_service.pulse_close(membership=membership, pulse=pulse)
    # As it happened: opened three weeks ago, answered over a fortnight, closed last week.
    Pulse.objects.filter(pk=pulse.pk).update(
        opened_on=today - timedelta(days=21), closes_on=today - timedelta(days=7), closed_on=today - timedelta(days=7)
    )
    for i, reply in enumerate(PulseReply.objects.filter(pulse=pulse)):
        PulseReply.objects.filter(pk=reply.pk).update(answered_on=today - timedelta(days=20 - (i * 13) // 20))
    return pulse


def dartvale_pulse(assessment, lead) -> Pulse | None:
    """Opened while the assessment was being written, before it was sent; still open, 3 answers."""
    pulse, _, statements, codes = _open(assessment, lead, closes_on=timezone.localdate() + timedelta(days=14), codes=15)
    if pulse is None:
        return None
    for i, choice in enumerate(DARTVALE):
        pulse_service.pulse_answer(token=codes[i], answers={s.pk: choice for s in statements})
    return pulse
