"""A pulse's results as every page and export shows them: suppressed below the small-number thresholds.

`pulse_results(assessment)` is the one reading: pages, the PDF, the spreadsheets and the review pages all take
their frontline figures from it, so a suppressed figure is suppressed everywhere. The rules (thresholds, the
perception gap) are in scoring.
"""

from dataclasses import dataclass, field

from standards.models import Statement

from ..models import Pulse, PulseReply, Response
from ..scoring import (
    Distribution,
    PerceptionGap,
    Scale,
    comments_shown,
    frontline_not_shown,
    frontline_shown,
    perception_gap,
    pulse_results_shown,
    team_shown,
)


@dataclass(frozen=True)
class FrontlineCell:
    """One statement's frontline figures, or why they are not shown."""

    statement: Statement
    distribution: Distribution | None  # None when not shown: never hand a suppressed count to a template
    gap: PerceptionGap | None = None

    @property
    def shown(self) -> bool:
        return self.distribution is not None

    @property
    def not_shown(self) -> str:
        return frontline_not_shown()

    def columns(self) -> list:
        """The `frontline` column group of the spreadsheets: agreeing, neutral, disagreeing (percent), answers."""
        d = self.distribution
        if d is None:
            return [frontline_not_shown(), "", "", ""]
        return [d.agree_share, d.neutral_share, d.disagree_share, d.answered]


@dataclass(frozen=True)
class TeamFigures:
    team_name: str
    replies: int
    cells: dict[int, FrontlineCell]  # by standard id


@dataclass
class PulseResults:
    pulse: Pulse | None
    replies: int = 0
    cells: dict[int, FrontlineCell] = field(default_factory=dict)  # by standard id, every statement
    teams: list[TeamFigures] = field(default_factory=list)  # only teams with enough replies
    folded_replies: int = 0  # replies whose team is too small to show, or not given
    comments: list[tuple] = field(default_factory=list)  # (reply id, text): only once shown

    @property
    def exists(self) -> bool:
        return self.pulse is not None

    @property
    def shown(self) -> bool:
        return pulse_results_shown(self.replies)

    @property
    def comments_shown(self) -> bool:
        return self.pulse is not None and comments_shown(self.replies, closed=self.pulse.is_closed)

    def for_standard(self, standard_id) -> FrontlineCell | None:
        return self.cells.get(standard_id)

    @property
    def gaps(self) -> list[FrontlineCell]:
        return [cell for cell in self.cells.values() if cell.gap]


def _cells(statements, replies, ratings, scale, total_replies) -> dict[int, FrontlineCell]:
    cells = {}
    for statement in statements:
        key = str(statement.pk)
        distribution = Distribution.of(r.answers[key] for r in replies if key in r.answers)
        if not frontline_shown(total_replies, distribution):
            cells[statement.standard_id] = FrontlineCell(statement=statement, distribution=None)
            continue
        gap = perception_gap(scale, ratings.get(statement.standard_id), distribution) if ratings is not None else None
        cells[statement.standard_id] = FrontlineCell(statement=statement, distribution=distribution, gap=gap)
    return cells


def pulse_results(assessment, *, with_comments: bool = False, ratings: dict | None = None) -> PulseResults:
    """The assessment's pulse results. `ratings` ({standard id: RatingLevel}) saves reading the agreed ratings;
    comments are read only when asked for (the leads' page) and only once they may be shown."""
    pulse = Pulse.objects.filter(assessment=assessment).prefetch_related("teams").first()
    if pulse is None:
        return PulseResults(pulse=None)
    statements = list(Statement.objects.of_version(assessment.version).order_by("standard__source_order"))
    replies = list(PulseReply.objects.filter(pulse=pulse).only("answers", "team_id", "comment"))
    results = PulseResults(pulse=pulse, replies=len(replies))
    if not results.shown:
        results.cells = {s.standard_id: FrontlineCell(statement=s, distribution=None) for s in statements}
        results.folded_replies = len(replies)
        return results
    if ratings is None:
        ratings = {
            r.standard_id: r.rating
            for r in Response.objects.filter(assessment=assessment).select_related("rating")
            if r.rating_id and not r.not_applicable
        }
    scale = Scale.of(assessment.version)
    results.cells = _cells(statements, replies, ratings, scale, len(replies))
    by_team: dict[int, list] = {}
    for reply in replies:
        by_team.setdefault(reply.team_id, []).append(reply)
    names = {team.pk: team.name for team in pulse.teams.all()}
    for team_id, team_replies in sorted(by_team.items(), key=lambda item: names.get(item[0], "")):
        if team_id is not None and team_shown(len(team_replies)):
            cells = _cells(statements, team_replies, ratings, scale, len(team_replies))
            results.teams.append(TeamFigures(team_name=names.get(team_id, ""), replies=len(team_replies), cells=cells))
        else:
            results.folded_replies += len(team_replies)
    if with_comments and results.comments_shown:
        results.comments = [(r.pk, r.comment) for r in replies if r.comment]
    return results
