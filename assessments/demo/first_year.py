"""Northshire's first assessment, 2024/25 against the 2012 charter, accepted: the start of its trend.

For 2025/26 the partners took on BASW's fuller 2010 standards, so the partnership's trend crosses the two
versions. A year before 2025/26 each answer stood one step lower where a year's work has lifted it since (a
standard fully met in 2025/26 was largely met; one largely met was partly met). The 2025/26 plan was written
afresh rather than carried forward, so the Partnership Board closed this plan: the actions on standards fully met
a year later are done, the others dropped, each continued in the 2025/26 plan. All through assessments.services;
afterwards its events, notes and history are moved back to their days.
"""

from dataclasses import replace

from ..access import partner_membership
from ..models import Action, ActionStatus
from ..services import ProgressData, action_progress, assessment_accept, assessment_take
from .answers import Answer, theme_for
from .build import Builder, Cycle, backdate, review
from .progress import backdate_last, moment

PERIOD = "2024/25"
STARTED_DAYS_AGO, ACCEPTED_DAYS_AGO = 880, 700
CLOSED_DAYS_AGO = 560  # the Partnership Board closed the plan when the 2025/26 plan was written
A_YEAR_BEFORE = {"top": "good", "good": "some"}

# Due dates (days from today) and statuses as the plan was written, in turn.
FIRST_PLAN = Cycle(
    [(-600, ActionStatus.NOT_STARTED), (-640, ActionStatus.IN_PROGRESS), (-580, ActionStatus.NOT_STARTED)]
)

DONE_NOTE = "Done: the Partnership Board saw the evidence before the 2025/26 assessment, which rated it fully met."
CLOSED_NOTE = "Closed by the Partnership Board when it agreed the 2025/26 plan."
CLOSED_REASON = (
    "The partnership assessed 2025/26 against BASW's 2010 standards and wrote its plan afresh: this work goes on "
    "in that plan's action on the same standard, so it is not carried here too."
)
ACCEPTED_NOTE = (
    "Accepted: a good first self-assessment against the charter. For next year we suggest BASW's 2010 standards, "
    "whose fuller list will show where supervision and professional leadership stand."
)


def a_year_before(answer: Answer) -> Answer:
    return replace(answer, rating=A_YEAR_BEFORE.get(answer.rating, answer.rating))


def northshire_first_year(b: Builder, version, officer):
    """Rated together, submitted, taken, every standard agreed, accepted; then its plan closed."""
    a = b.start(PERIOD, version)
    b.fill(a, FIRST_PLAN, then=a_year_before)
    b.submit(a)
    assessment_take(assessment=a, actor=officer)
    review(a, officer, queries=[])
    assessment_accept(assessment=a, actor=officer, note=ACCEPTED_NOTE)
    backdate(a, first_day=STARTED_DAYS_AGO, last_day=ACCEPTED_DAYS_AGO)
    _close_plan(a, b)
    return a


def _close_plan(assessment, b: Builder):
    membership = partner_membership(b.lead, assessment.partnership)
    actions = Action.objects.filter(response__assessment=assessment).select_related("response__standard")
    for i, action in enumerate(actions.order_by("pk")):
        met_a_year_later = theme_for(action.response.standard).north.rating == "top"
        data = (
            ProgressData(status=ActionStatus.DONE, note=DONE_NOTE)
            if met_a_year_later
            else ProgressData(status=ActionStatus.DROPPED, note=CLOSED_NOTE, dropped_reason=CLOSED_REASON)
        )
        action_progress(action=action, actor=b.lead, membership=membership, data=data)
        backdate_last(action, moment(CLOSED_DAYS_AGO + (i % 5), 10 + i % 6), note=True)
