"""A partnership's trend: the overall and domain scores of each of its accepted assessments, in period order,
across framework versions, read from the scores stored at acceptance (AssessmentScore), never from the answers.

Domains line up by their key (`Domain.key`: the domain's trend_key, or its code), which the scores were stored
under, so the 2010 paper's domains and the 2012 charter's (the same codes) make one line each, and a later
version that renames a domain names the earlier code in `trend_key`. Two queries whatever the number of years:
the stored scores with their assessments and versions, and the domains of those versions (for their order).

`Trend.chart` lays the figures out for templates/partials/trend_chart.svg: one small panel per line (the
overall score first), a point per assessment, and a dashed mark where the framework version changes. Text
labels every point, panel and version, so nothing is told by colour alone; the data table says it all again.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from standards.models import Domain

from ..models import OVERALL, AssessmentScore, Partnership, Status

OVERALL_TITLE = "Overall score"

# The chart's geometry, in CSS px (the SVG scales down to fit a narrow screen; the table below it does not).
WIDTH = 640  # the same on a page and in the PDF (A4's width inside its margins is about 670 px)
LEFT = 44  # room for the axis labels (0%, 50%, 100%)
RIGHT = 12
MIN_STEP = 60  # a period label (2026/27) and its value fit between two labelled points: closer, every k-th
HEADER = 26  # the row naming each framework version
TITLE = 18  # a panel's title, above its plot
PLOT = 40  # a plot's height: 0% at its foot, 100% at its head
FOOT = 24  # under a plot: the period labels, and a gap before the next panel
PANEL = TITLE + 8 + PLOT + FOOT
TICKS = (0, 50, 100)


@dataclass(frozen=True)
class TrendPoint:
    """One accepted assessment on the trend."""

    assessment_id: int
    period: str
    version_label: str
    new_version: bool  # its framework version differs from the point before's (never for the first point)
    overall: Decimal | None
    scores: dict  # Domain.key -> percent (None: no standard of the domain rated)


@dataclass(frozen=True)
class TrendLine:
    """The overall score (key OVERALL) or one domain's, one value per point (None where it was not scored)."""

    key: str
    title: str
    values: tuple


@dataclass(frozen=True)
class TrendRow:
    """One point as the data table shows it: its period, version and every line's value."""

    point: TrendPoint
    values: tuple  # in the order of Trend.lines, the overall score first


@dataclass(frozen=True)
class Trend:
    partnership: Partnership
    points: tuple  # TrendPoint in period order
    lines: tuple  # TrendLine: the overall score first, then each domain in the latest version's order

    def __bool__(self) -> bool:
        return bool(self.points)

    @property
    def domains(self) -> tuple:
        return self.lines[1:]

    @property
    def first(self) -> TrendPoint:
        return self.points[0]

    @property
    def last(self) -> TrendPoint:
        return self.points[-1]

    @property
    def changes(self) -> list[TrendPoint]:
        """The points where the framework version changes."""
        return [point for point in self.points if point.new_version]

    @property
    def rows(self) -> list[TrendRow]:
        return [TrendRow(point, tuple(line.values[i] for line in self.lines)) for i, point in enumerate(self.points)]

    @cached_property
    def chart(self) -> "TrendChart":
        return TrendChart.of(self)


def partnership_trend(partnership: Partnership, *, until: str | None = None) -> Trend:
    """The partnership's accepted assessments with stored scores, in period order (up to and including the
    period `until`, when given: an assessment's own PDF shows the trend as far as that assessment)."""
    scores = AssessmentScore.objects.filter(
        assessment__partnership=partnership, assessment__status=Status.ACCEPTED
    ).order_by("assessment__period", "assessment_id")
    if until is not None:
        scores = scores.filter(assessment__period__lte=until)
    rows = list(
        scores.values(
            "assessment_id",
            "assessment__period",
            "version_id",
            "version__label",
            "domain_key",
            "domain_title",
            "percent",
        )
    )
    by_assessment: dict[int, list[dict]] = {}
    for row in rows:
        by_assessment.setdefault(row["assessment_id"], []).append(row)
    points, versions = [], []
    for assessment_rows in by_assessment.values():
        head = assessment_rows[0]
        previous = versions[-1] if versions else head["version_id"]
        versions.append(head["version_id"])
        overall = next((r["percent"] for r in assessment_rows if r["domain_key"] == OVERALL), None)
        points.append(
            TrendPoint(
                assessment_id=head["assessment_id"],
                period=head["assessment__period"],
                version_label=head["version__label"],
                new_version=head["version_id"] != previous,
                overall=overall,
                scores={r["domain_key"]: r["percent"] for r in assessment_rows if r["domain_key"] != OVERALL},
            )
        )
    titles = {row["domain_key"]: row["domain_title"] for row in rows if row["domain_key"] != OVERALL}  # the latest
    keys = _in_order(titles, versions)
    lines = [TrendLine(OVERALL, OVERALL_TITLE, tuple(point.overall for point in points))]
    lines += [TrendLine(key, titles[key], tuple(point.scores.get(key) for point in points)) for key in keys]
    return Trend(partnership=partnership, points=tuple(points), lines=tuple(lines))


def _in_order(titles: dict, versions: list) -> list[str]:
    """The domain keys in the latest version's order; a key only earlier versions have follows, in theirs."""
    recency = {version: rank for rank, version in enumerate(dict.fromkeys(reversed(versions)))}
    rank: dict[str, tuple] = {}
    domains = Domain.objects.filter(version_id__in=recency).values_list("version_id", "code", "trend_key", "order")
    for version_id, code, trend_key, order in domains:
        key = trend_key or code  # Domain.key
        place = (recency[version_id], order)
        if key in titles and place < rank.get(key, (len(recency), 0)):
            rank[key] = place
    return sorted(titles, key=lambda key: (*rank.get(key, (len(recency), 0)), key))


@dataclass(frozen=True)
class ChartPoint:
    x: int
    y: int
    label: str  # the value as the chart prints it, e.g. 67%; empty where the points are too close to label each
    label_y: int  # above the point, or below it near the top of the plot


@dataclass(frozen=True)
class Gridline:
    y: int
    label_y: int
    label: str  # 0%, 50%, 100%


@dataclass(frozen=True)
class ChartPanel:
    line: TrendLine
    title_y: int
    gridlines: tuple  # Gridline for each tick
    points: tuple  # ChartPoint, only where there is a value
    segments: tuple  # "x,y x,y ..." for each run of two or more consecutive values
    mark_top: int  # a change of version's dashed line runs through the plot, under the panel's title
    mark_bottom: int
    period_y: int
    emphasis: bool  # the overall score's panel


@dataclass(frozen=True)
class VersionMark:
    x: int  # the dashed line's x (between the two points), or the chart's left edge for the first version
    label_x: int
    label: str
    changed: bool  # False for the first version (no dashed line)


@dataclass(frozen=True)
class TrendChart:
    """The chart in whole CSS px (integers print the same in every locale)."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_x: int  # the right edge of the axis labels
    periods: tuple  # (x, period) for each labelled point (every one, or every k-th and the last when crowded)
    panels: tuple
    versions: tuple  # VersionMark

    @classmethod
    def of(cls, trend: Trend) -> "TrendChart":
        n = len(trend.points)
        step = (WIDTH - LEFT - RIGHT) / max(n, 1)
        every = math.ceil(MIN_STEP / step)
        labelled = [(n - 1 - i) % every == 0 for i in range(n)]  # the latest always
        xs = [round(LEFT + step * (i + 0.5)) for i in range(n)]
        panels = [_panel(line, HEADER + index * PANEL, xs, labelled) for index, line in enumerate(trend.lines)]
        marks = []
        for i, point in enumerate(trend.points):
            if i == 0 or point.new_version:
                x = LEFT if i == 0 else round((xs[i - 1] + xs[i]) / 2)
                marks.append(VersionMark(x, x + 4, point.version_label, changed=i > 0))
        return cls(
            width=WIDTH,
            height=HEADER + PANEL * len(trend.lines),
            plot_left=LEFT,
            plot_right=WIDTH - RIGHT,
            axis_x=LEFT - 6,
            periods=tuple((x, p.period) for x, p, shown in zip(xs, trend.points, labelled, strict=True) if shown),
            panels=tuple(panels),
            versions=tuple(marks),
        )


def _panel(line: TrendLine, top: int, xs: list, labelled: list) -> ChartPanel:
    plot_top = top + TITLE + 8
    plot_bottom = plot_top + PLOT

    def y_of(value) -> int:
        return round(plot_bottom - float(value) / 100 * PLOT)

    points, segments, run = [], [], []
    for x, value, shown in zip(xs, line.values, labelled, strict=True):
        if value is None:
            segments.append(run)
            run = []
            continue
        y = y_of(value)
        label = f"{Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)}%" if shown else ""  # floatformat:"0"'s rounding
        points.append(ChartPoint(x, y, label, y + 16 if float(value) > 80 else y - 7))
        run.append(f"{x},{y}")
    segments.append(run)
    return ChartPanel(
        line=line,
        title_y=top + 14,
        gridlines=tuple(Gridline(y_of(tick), y_of(tick) + 4, f"{tick}%") for tick in TICKS),
        points=tuple(points),
        segments=tuple(" ".join(run) for run in segments if len(run) > 1),
        mark_top=plot_top - 6,
        mark_bottom=plot_bottom + 4,
        period_y=plot_bottom + 16,
        emphasis=line.key == OVERALL,
    )
