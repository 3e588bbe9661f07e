"""The living action plan as its pages read it: every action of an assessment by standard, in task-list order,
with its notes, completion files and the standard's interim ratings, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from ..models import Action, ActionNote, CompletionFile, InterimRating, Response
from ..services.plan import all_actions_done
from .plan_progress import PlanProgress


@dataclass
class PlanStandard:
    """One standard of the plan: its answer, its actions (due date first) and its latest interim rating."""

    response: Response
    actions: list
    all_done: bool  # every action closed, one at least done: the standard may have an interim rating
    interim: InterimRating | None  # the latest, or None

    @property
    def standard(self):
        return self.response.standard


@dataclass
class LivingPlan:
    standards: list = field(default_factory=list)
    summary: PlanProgress = field(default_factory=PlanProgress)

    @property
    def actions(self):
        return [action for row in self.standards for action in row.actions]


def plan_actions():
    """Actions with what a plan page shows of each: their organisation, owner, where they moved, their notes
    (newest first, with who wrote them) and completion files."""
    return Action.objects.select_related(
        "responsible_organisation", "owner", "carried_to__response__assessment"
    ).prefetch_related(
        Prefetch("notes", queryset=ActionNote.objects.select_related("written_by")),
        Prefetch("completion_files", queryset=CompletionFile.objects.select_related("uploaded_by")),
    )


def interim_ratings():
    return Prefetch("interim_ratings", queryset=InterimRating.objects.select_related("rating", "recorded_by"))


def living_plan(assessment) -> LivingPlan:
    """Every standard of `assessment` that has actions, in task-list order: five queries whatever the plan's size
    (the answers; their actions; the actions' notes; their files; the interim ratings)."""
    responses = (
        Response.objects.filter(assessment=assessment)
        .filter(Exists(Action.objects.filter(response=OuterRef("pk"))))
        .select_related("standard__domain", "rating")
        .prefetch_related(Prefetch("actions", queryset=plan_actions()), interim_ratings())
        .order_by("standard__domain__order", "standard__source_order")
    )
    rows = []
    for response in responses:
        actions = list(response.actions.all())
        interims = list(response.interim_ratings.all())
        rows.append(
            PlanStandard(
                response=response,
                actions=actions,
                all_done=all_actions_done(actions),
                interim=interims[0] if interims else None,
            )
        )
    plan = LivingPlan(standards=rows)
    plan.summary = PlanProgress.counted(plan.actions)
    return plan
