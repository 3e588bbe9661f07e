"""A year of Northshire's accepted 2025/26 plan: its actions as written, then their progress since acceptance.

The plan was written with the assessment (most actions not started); since BASW accepted it the partnership's
leads and contributors, and owners with an account, have recorded progress through assessments.services:
done, in progress, re-dated, overdue and dropped with a reason, each step with a dated note. Supervision, the
query BASW raised, is done and has an interim rating. Each story is matched by a phrase of its action
(answers.THEMES); the other actions take the generic stories in turn, so any version's scale and wording work.
Afterwards the notes, events and history are moved back to their days; that touches timestamps only.
"""

from datetime import timedelta

from django.utils import timezone

from ..access import partner_membership
from ..models import Action, ActionNote, ActionStatus, Event, EventKind, InterimRating
from ..services import ProgressData, action_progress, interim_rating_record
from .year_stories import GENERIC, GENERIC_INTERIM, STORIES, Story

DONE = ActionStatus.DONE
FALLBACK_AUTHOR = "trust_lead"  # writes the notes of an action whose owner has no account (a joint one)


class YearPlan:
    """The accepted plan as written: each action's due date, status and owner from its story."""

    def story(self, earlier: list[str], description: str) -> Story:
        """The story whose phrase the action has; else the generic stories in turn, after those `earlier`
        actions (what the plan's actions before this one say) took."""
        return _told(description) or GENERIC[sum(1 for text in earlier if _told(text) is None) % len(GENERIC)]

    def slot(self, earlier: list[str], description: str) -> tuple[int, str, str]:
        """(days from today it falls due, its status when written, the PEOPLE key of its owner or "")."""
        story = self.story(earlier, description)
        return story.due_in, story.planned, story.owner


def _told(description: str) -> Story | None:
    return next((story for story in STORIES if story.words in description), None)


ACCEPTED_YEAR = YearPlan()


def moment(days_ago: int, hour: int):
    now = timezone.now()
    return (now - timedelta(days=days_ago)).replace(hour=hour, minute=(days_ago * 7) % 60, second=0, microsecond=0)


def _author(step, action: Action, people: dict):
    if step.by:
        return people[step.by]
    return action.owner if action.owner_id else people[FALLBACK_AUTHOR]


def backdate_last(action: Action, at, *, note: bool):
    """Move what the last progress write made (its note, event and history record) to `at`."""
    if note:
        ActionNote.objects.filter(pk=action.notes.order_by("-pk").values("pk")[:1]).update(written_at=at)
    event = Event.objects.filter(assessment_id=action.response.assessment_id, kind=EventKind.ACTION_PROGRESS)
    Event.objects.filter(pk=event.order_by("-pk").values("pk")[:1]).update(at=at)
    action.history.filter(pk=action.history.order_by("-history_id").values("pk")[:1]).update(history_date=at)
    Action.objects.filter(pk=action.pk).update(updated_at=at)


def record_year(assessment, people: dict) -> None:
    """Record each action's progress since acceptance, step by step in the order they happened."""
    actions = list(
        Action.objects.filter(response__assessment=assessment)
        .select_related("response__standard", "owner")
        .order_by("pk")
    )
    said = [action.description for action in actions]
    plan = [(action, ACCEPTED_YEAR.story(said[:i], action.description)) for i, action in enumerate(actions)]
    steps = sorted(
        ((step, action) for action, story in plan for step in story.steps), key=lambda pair: -pair[0].days_ago
    )
    today = timezone.localdate()
    for hour, (step, action) in enumerate(steps):
        actor = _author(step, action, people)
        action.refresh_from_db()
        data = ProgressData(
            status=step.status,
            note=step.note,
            dropped_reason=step.dropped_reason,
            due_date=today + timedelta(days=step.due_in) if step.due_in is not None else None,
        )
        action_progress(
            action=action, actor=actor, membership=partner_membership(actor, assessment.partnership), data=data
        )
        backdate_last(action, moment(step.days_ago, 9 + hour % 8), note=True)
    _record_interim(assessment, plan, people)


def _record_interim(assessment, plan, people):
    """One interim rating, one level above the agreed one: on the story that has it, else the first generic
    story done (a stand-in version's wording matches no story)."""
    chosen = next(((a, s.interim) for a, s in plan if s.interim), None)
    if chosen is None:
        chosen = next(((a, GENERIC_INTERIM) for a, s in plan if s.steps and s.steps[-1].status == DONE), None)
    if chosen is None:
        return
    action, interim = chosen
    response = action.response
    response.refresh_from_db()
    levels = list(assessment.version.rating_levels.order_by("score"))
    above = [level for level in levels if response.rating_id and level.score > response.rating.score]
    actor = people[interim.by]
    recorded = interim_rating_record(
        response=response,
        actor=actor,
        membership=partner_membership(actor, assessment.partnership),
        rating=above[0] if above else levels[-1],
        note=interim.note,
    )
    at = moment(interim.days_ago, 16)
    InterimRating.objects.filter(pk=recorded.pk).update(recorded_at=at)
    recorded.history.filter(pk=recorded.history.order_by("-history_id").values("pk")[:1]).update(history_date=at)
    event = Event.objects.filter(assessment=assessment, kind=EventKind.INTERIM_RATING).order_by("-pk")
    Event.objects.filter(pk=event.values("pk")[:1]).update(at=at)
