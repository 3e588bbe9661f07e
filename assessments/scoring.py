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
- *Divergence* of the partners' own views of a standard: `divergent` when the highest and lowest are the
  version's `divergence_levels` or more levels apart on its scale, or one partner says not applicable and
  another rates it; `differs` when they are fewer levels (but some) apart; otherwise `same`.
- A standard's *state* on the task list, which is also how progress is counted everywhere.
- The *submission problems*: what stops a submission, in the order people should fix them (a BASW query
  without a reply is one: the partnership answers every query before it resubmits).
- The *frontline* distribution of a pulse statement: agreeing (agree, strongly agree), neutral, disagreeing,
  as shares of the answers other than "don't know"; shown only from the settings' small-number thresholds
  (`frontline_shown`). A *perception gap*: the leads rate the standard at or above the met line (largely or
  fully met) but fewer than half of the frontline agree, or below it while more than three quarters agree.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db import models


class TaskState(models.TextChoices):
    """A standard's state on the task list. Progress ("5 of 17 completed") counts COMPLETED everywhere."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CARRIED = "carried", "Check carried forward"


class Divergence(models.TextChoices):
    """How far apart the partners' own views of a standard are (Scale.divergence)."""

    DIVERGENT = "divergent", "Divergent"
    DIFFERS = "differs", "Differs"
    SAME = "same", "Same"


# What stops a submission. Each problem is (kind, anchor, message); kind lets pages link to the right place.
PROBLEM_UNANSWERED = "{code} has no rating: rate it or mark it not applicable with a reason."
PROBLEM_GAP_WITHOUT_ACTION = "{code} is rated {rating} but has no action: add at least one action for every gap."
PROBLEM_CARRIED_FORWARD = "{code} was carried forward from the last assessment: check it and save to confirm it."
PROBLEM_QUERY_UNANSWERED = "BASW queried {code}: reply to the query before you resubmit."
PROBLEM_SIGNOFF_MISSING = "{organisation} has not signed off: a governance lead there needs to sign off."
PROBLEM_VIEWS_MISSING = "{organisation} has not given its own view of {count}: {codes}."
PROBLEM_DIVERGENT_WITHOUT_RATIONALE = (
    "The partners' views of {code} are divergent: record why you agreed this rating before you submit."
)
PROBLEM_CARRIED_ACTION_PAST_DUE = (
    "{code}'s action '{action}' was carried forward with a due date that has passed: give it a new date."
)


class Scale:
    """A version's rating scale and bands, each read once when first needed (prefetch them to make it free)."""

    DEFAULT_DIVERGENCE_LEVELS = 2

    def __init__(self, levels, bands=None, *, version=None, divergence_levels=None):
        self.levels = tuple(sorted(levels, key=lambda level: level.score))  # lowest score first
        self._bands = bands
        self._version = version
        if divergence_levels is None:
            divergence_levels = version.divergence_levels if version is not None else self.DEFAULT_DIVERGENCE_LEVELS
        self.divergence_levels = divergence_levels
        self._positions = {level.pk: i for i, level in enumerate(self.levels)}

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

    def position(self, rating) -> int | None:
        """How many levels above the bottom of the scale a rating is (0 for the lowest), or None."""
        return None if rating is None else self._positions.get(rating.pk)

    def divergence(self, views) -> Divergence | None:
        """How far apart the given views are; None while fewer than two partners have given theirs.

        `views`: objects with `rating` and `not_applicable` (PartnerView); those with neither are not counted.
        """
        given = [v for v in views if v.not_applicable or v.rating is not None]
        if len(given) < 2:
            return None
        not_applicable = [v for v in given if v.not_applicable]
        if not_applicable:
            return Divergence.SAME if len(not_applicable) == len(given) else Divergence.DIVERGENT
        positions = [self.position(v.rating) for v in given]
        spread = max(positions) - min(positions)
        if spread >= self.divergence_levels:
            return Divergence.DIVERGENT
        return Divergence.DIFFERS if spread else Divergence.SAME

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


def submission_problems(
    rows, partners, signed_organisation_ids, carried_past_due=(), *, partners_rate_first=False
) -> list[tuple[str, str, str]]:
    """What stops a submission, as (kind, anchor, message), from the task list's rows (in source order).

    `carried_past_due`: the actions carried forward from the last assessment, unchanged since, still open and
    past their due date (`Action.needs_new_date`): each needs a new date.
    `partners_rate_first`: every partner gives its own view of every standard, and a divergent standard
    needs a rationale for the agreed rating (rows carry `views`: selectors.partner_views.StandardViews).
    """
    problems = []
    if partners_rate_first:
        problems += _partner_view_problems(rows, partners)
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
        if (
            partners_rate_first
            and row.views.divergence == Divergence.DIVERGENT
            and not response.agreed_rationale.strip()
        ):
            problems.append(("rationale", code, PROBLEM_DIVERGENT_WITHOUT_RATIONALE.format(code=code)))
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


def _partner_view_problems(rows, partners) -> list[tuple[str, str, str]]:
    """One problem per partner that has not given its own view of every standard, naming the standards."""
    problems = []
    ordered = sorted(rows, key=lambda r: r.response.standard.source_order)
    for organisation in partners:
        missing = [row.response.standard.code for row in ordered if organisation.pk not in row.views.given]
        if missing:
            count = f"{len(missing)} standard{'s' if len(missing) != 1 else ''}"
            message = PROBLEM_VIEWS_MISSING.format(
                organisation=organisation.name, count=count, codes=", ".join(missing)
            )
            problems.append(("partner_view", missing[0], message))
    return problems


# --- The frontline pulse ------------------------------------------------------------------------------------
FRONTLINE_NOT_SHOWN = "fewer than {n} answers: not shown"


def frontline_not_shown() -> str:
    """What stands in for suppressed frontline figures, with the threshold the deployment set (5 by default)."""
    return FRONTLINE_NOT_SHOWN.format(n=settings.PULSE_MIN_ANSWERS)


AGREEING = frozenset({4, 5})
NEUTRAL = frozenset({3})
DISAGREEING = frozenset({1, 2})
DONT_KNOW = 0


class PerceptionGap(models.TextChoices):
    LEADS_HIGHER = "leads_higher", "Leads rate it met; fewer than half of the frontline agree"
    LEADS_LOWER = "leads_lower", "Leads rate it not met; more than three quarters of the frontline agree"


@dataclass(frozen=True)
class Distribution:
    """How the frontline answered one statement (counts; "don't know" apart)."""

    agree: int = 0
    neutral: int = 0
    disagree: int = 0
    dont_know: int = 0

    @classmethod
    def of(cls, choices) -> "Distribution":
        counts = {"agree": 0, "neutral": 0, "disagree": 0, "dont_know": 0}
        for choice in choices:
            if choice in AGREEING:
                counts["agree"] += 1
            elif choice in NEUTRAL:
                counts["neutral"] += 1
            elif choice in DISAGREEING:
                counts["disagree"] += 1
            elif choice == DONT_KNOW:
                counts["dont_know"] += 1
        return cls(**counts)

    @property
    def answered(self) -> int:
        """The answers other than "don't know": what the shares are of."""
        return self.agree + self.neutral + self.disagree

    def share(self, count: int) -> int:
        """A count as a whole-number percentage of the answered (0 when none)."""
        return round(100 * count / self.answered) if self.answered else 0

    @property
    def agree_share(self) -> int:
        return self.share(self.agree)

    @property
    def neutral_share(self) -> int:
        return self.share(self.neutral)

    @property
    def disagree_share(self) -> int:
        return self.share(self.disagree)


def pulse_results_shown(replies: int) -> bool:
    """A pulse's results show only once at least PULSE_MIN_ANSWERS people have answered."""
    return replies >= settings.PULSE_MIN_ANSWERS


def frontline_shown(replies: int, distribution: Distribution) -> bool:
    """A statement's distribution shows only when the pulse's results do and at least PULSE_MIN_ANSWERS people
    gave it an answer other than "don't know"."""
    return pulse_results_shown(replies) and distribution.answered >= settings.PULSE_MIN_ANSWERS


def team_shown(team_replies: int) -> bool:
    """A team's own figures show only from PULSE_MIN_TEAM_ANSWERS replies; smaller teams fold into the whole."""
    return team_replies >= settings.PULSE_MIN_TEAM_ANSWERS


def comments_shown(replies: int, *, closed: bool) -> bool:
    """Free-text answers show only once the pulse has closed with at least PULSE_MIN_COMMENT_ANSWERS replies."""
    return closed and replies >= settings.PULSE_MIN_COMMENT_ANSWERS


def perception_gap(scale: Scale, rating, distribution: Distribution) -> PerceptionGap | None:
    """The gap between the leads' rating and a shown frontline distribution; None without one of them."""
    if rating is None or not distribution.answered:
        return None
    agree = distribution.agree / distribution.answered
    if not scale.is_below_met_line(rating) and agree < 0.5:
        return PerceptionGap.LEADS_HIGHER
    if scale.is_below_met_line(rating) and agree > 0.75:
        return PerceptionGap.LEADS_LOWER
    return None
