"""Every rule that turns ratings into judgements and figures, in one place.

Nothing here names a rating code or a band threshold: they come from the framework version's data (its
rating levels and bands), so a new version's scale and bands just work.

- A standard's *gap*: rated below the top of the scale. Every gap needs an action before submission.
- *Fully met without evidence*: rated at the top of the scale with no evidence text and no file.
- A *percentage* (of a standard, a domain or overall): the sum of the ratings' scores as a share of the
  top score over the rated, applicable standards.
- The *band*: the version's band whose range holds the overall percentage.
- *Below the met line*: rated below the lowest level that counts as meeting the standard (the national
  picture's "most often not met").
- A standard's *state* on the task list, which is also how progress is counted everywhere.
- The *submission problems*: what stops a submission, in the order people should fix them (a BASW query
  without a reply is one: the partnership answers every query before it resubmits).
"""

from decimal import Decimal
from functools import cached_property

from django.db import models


class TaskState(models.TextChoices):
    """A standard's state on the task list. Progress ("5 of 17 completed") counts COMPLETED everywhere."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CARRIED = "carried", "Check carried forward"


# What stops a submission. Each problem is (kind, anchor, message); kind lets pages link to the right place.
PROBLEM_UNANSWERED = "{code} has no rating: rate it or mark it not applicable with a reason."
PROBLEM_GAP_WITHOUT_ACTION = "{code} is rated {rating} but has no action: add at least one action for every gap."
PROBLEM_CARRIED_FORWARD = "{code} was carried forward from the last assessment: check it and save to confirm it."
PROBLEM_QUERY_UNANSWERED = "BASW queried {code}: reply to the query before you resubmit."
PROBLEM_SIGNOFF_MISSING = "{organisation} has not signed off: a governance lead there needs to sign off."
PROBLEM_CARRIED_ACTION_PAST_DUE = (
    "{code}'s action '{action}' was carried forward with a due date that has passed: give it a new date."
)


class Scale:
    """A version's rating scale and bands, each read once when first needed (prefetch them to make it free)."""

    def __init__(self, levels, bands=None, *, version=None):
        self.levels = tuple(sorted(levels, key=lambda level: level.score))  # lowest score first
        self._bands = bands
        self._version = version

    @classmethod
    def of(cls, version) -> "Scale":
        return cls(version.rating_levels.all(), version=version)

    @cached_property
    def bands(self) -> tuple:
        """The version's bands, lowest range first."""
        bands = self._bands if self._bands is not None else (self._version.bands.all() if self._version else ())
        return tuple(sorted(bands, key=lambda band: band.min_percent))

    @property
    def top(self) -> int:
        """The top score of the scale (0 for a version without levels)."""
        return self.levels[-1].score if self.levels else 0

    @property
    def top_level(self):
        return self.levels[-1] if self.levels else None

    @property
    def met_line(self):
        """The lowest level that counts as meeting the standard, or the top level when none is marked."""
        return next((level for level in self.levels if level.meets_standard), self.top_level)

    def is_gap(self, rating) -> bool:
        return rating is not None and rating.score < self.top

    def is_below_met_line(self, rating) -> bool:
        line = self.met_line
        return rating is not None and line is not None and rating.score < line.score

    def fully_met_without_evidence(self, rating, evidence: str, file_count: int) -> bool:
        return rating is not None and rating.score == self.top and not evidence.strip() and not file_count

    def percent(self, total, n):
        return percent(total, n, self.top)

    def band_for(self, value):
        """The band whose range holds a percentage, or None (no percentage, or no band covers it)."""
        if value is None:
            return None
        value = Decimal(str(value))
        return next((band for band in self.bands if band.min_percent <= value <= band.max_percent), None)

    def heat_class(self, value) -> str:
        """The heatmap's class for a percentage, from the band that holds it; the value is printed beside it."""
        band = self.band_for(value)
        return f"heat-{band.code}" if band else "heat-none"


def percent(total, n, top):
    """The sum of `n` ratings' scores as a percentage of the most possible, to one decimal; None when n is 0."""
    return round(100 * total / (n * top), 1) if n and top else None


def state(*, answered: bool, gap_without_action: bool, carried: bool, started: bool) -> TaskState:
    """A standard's state on the task list. `started` means any rating, evidence, action or file."""
    if carried:
        return TaskState.CARRIED
    if answered and not gap_without_action:
        return TaskState.COMPLETED
    if started:
        return TaskState.IN_PROGRESS
    return TaskState.NOT_STARTED


def submission_problems(rows, partners, signed_organisation_ids, carried_past_due=()) -> list[tuple[str, str, str]]:
    """What stops a submission, as (kind, anchor, message), from the task list's rows (in source order).

    `carried_past_due`: the actions carried forward from the last assessment, unchanged since, still open and
    past their due date (`Action.needs_new_date`): each needs a new date.
    """
    problems = []
    past_due: dict[int, list] = {}
    for action in carried_past_due:
        past_due.setdefault(action.response_id, []).append(action)
    for row in sorted(rows, key=lambda r: r.response.standard.source_order):
        response, code = row.response, row.response.standard.code
        if not response.is_answered:
            problems.append(("unanswered", code, PROBLEM_UNANSWERED.format(code=code)))
        elif row.gap_without_action:
            rating = response.rating.label.lower()
            problems.append(("gap", code, PROBLEM_GAP_WITHOUT_ACTION.format(code=code, rating=rating)))
        if response.carried_forward:
            problems.append(("carried", code, PROBLEM_CARRIED_FORWARD.format(code=code)))
        if response.is_queried and not response.reply.strip():
            problems.append(("query", code, PROBLEM_QUERY_UNANSWERED.format(code=code)))
        for action in past_due.get(response.pk, []):
            message = PROBLEM_CARRIED_ACTION_PAST_DUE.format(code=code, action=action.description[:60])
            problems.append(("carried_action", code, message))
    for organisation in partners:
        if organisation.pk not in signed_organisation_ids:
            message = PROBLEM_SIGNOFF_MISSING.format(organisation=organisation.name)
            problems.append(("signoff", "sign-off", message))
    return problems
