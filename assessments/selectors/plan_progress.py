"""How far an accepted assessment's action plan has got: how many of its actions are done, in progress, not
started, overdue and dropped, counted by the database in one query for one assessment or for many.

The rules are the model's, not written again here: open is ActionQuerySet.open (not done or dropped, and not
carried forward) and overdue is ActionQuerySet.overdue (open and due before today). An action carried forward
into a later assessment counts on that assessment's plan, so on this one it is only "carried forward".
"""

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from ..models import Action, ActionStatus, Assessment

_ACTIONS = "responses__actions"


@dataclass(frozen=True)
class PlanProgress:
    """One plan's actions by where they have got to; overdue ones are among those not started or in progress."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    dropped: int = 0

    @property
    def carried(self) -> int:
        """Moved to a later assessment's plan when it was started (counted there)."""
        return self.total - self.done - self.in_progress - self.not_started - self.dropped

    @property
    def open(self) -> int:
        return self.in_progress + self.not_started

    @classmethod
    def from_row(cls, row: dict, prefix: str = "") -> "PlanProgress":
        return cls(**{f.name: row[prefix + f.name] or 0 for f in fields(cls)})

    @classmethod
    def counted(cls, actions, today: date | None = None) -> "PlanProgress":
        """The same counts over actions already read (the plan page, the s75 review pack), by the model's rules:
        Action.is_open (not done or dropped, not carried forward) and Action.is_overdue_on."""
        today = today or timezone.localdate()
        actions = list(actions)
        still_open = [a for a in actions if a.is_open]
        return cls(
            total=len(actions),
            done=sum(1 for a in actions if a.status == ActionStatus.DONE),
            in_progress=sum(1 for a in still_open if a.status == ActionStatus.IN_PROGRESS),
            not_started=sum(1 for a in still_open if a.status == ActionStatus.NOT_STARTED),
            overdue=sum(1 for a in still_open if a.is_overdue_on(today)),
            dropped=sum(1 for a in actions if a.status == ActionStatus.DROPPED),
        )

    def __add__(self, other: "PlanProgress") -> "PlanProgress":
        return PlanProgress(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


PROGRESS_PREFIX = "plan_"


def _among(actions) -> Count:
    """How many of an assessment's actions are among `actions` (a queryset of the model's rule)."""
    return Count(_ACTIONS, filter=Q(**{f"{_ACTIONS}__in": actions.values("pk")}))


def progress_annotations(today: date | None = None) -> dict:
    """Annotations for an Assessment queryset counting its actions in the same query, each named PROGRESS_PREFIX
    and a PlanProgress field (PlanProgress.from_row reads them)."""
    today = today or timezone.localdate()
    still_open = Action.objects.open()
    counts = {
        "total": Count(_ACTIONS),
        "done": Count(_ACTIONS, filter=Q(**{f"{_ACTIONS}__status": ActionStatus.DONE})),
        "in_progress": _among(still_open.filter(status=ActionStatus.IN_PROGRESS)),
        "not_started": _among(still_open.filter(status=ActionStatus.NOT_STARTED)),
        "overdue": _among(Action.objects.overdue(today)),
        "dropped": Count(_ACTIONS, filter=Q(**{f"{_ACTIONS}__status": ActionStatus.DROPPED})),
    }
    return {PROGRESS_PREFIX + name: count for name, count in counts.items()}


def plan_progress(assessment: Assessment, today: date | None = None) -> PlanProgress:
    """One assessment's plan progress: one query."""
    row = Assessment.objects.filter(pk=assessment.pk).values("pk").annotate(**progress_annotations(today)).get()
    return PlanProgress.from_row(row, PROGRESS_PREFIX)
