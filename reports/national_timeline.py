"""The integration timeline in the national picture (BASW officers): the retreat from integration, measured.

Events are counted over the partnerships whose timelines officers read (access.timeline_partnerships_visible_to:
those that have sent an assessment to BASW), in the picture's region and arrangement (the period and standards
filters are the scores'; events are counted by the calendar year they happened in). The retreat from integration
is the events that move a partnership away from it (models.RETREAT_KINDS), counted apart.

Small numbers: a count is shown when it is nil or when at least MIN_PARTNERSHIPS partnerships have an event
counted in that cell; otherwise it says NOT_SHOWN. The leadership facts beside are counts and shares of the
partnerships in the filters, shown when there are at least MIN_PARTNERSHIPS of them, as the picture's groups are.
Two queries for the whole section, whatever the number of events or years.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear

from assessments.models import (
    RETREAT_KINDS,
    SENT_TO_BASW_STATUSES,
    Assessment,
    Consulted,
    LineManager,
    Partnership,
    RecordingSystems,
    Region,
    TimelineEvent,
    TimelineKind,
)

from .national import MIN_PARTNERSHIPS, Filters

NOT_SHOWN = "not shown"
SUPPRESSED_CSV = "suppressed"
RULE = (
    f"A count is shown when it is nil or when at least {MIN_PARTNERSHIPS} partnerships have an event counted in "
    f"that cell; otherwise it says “{NOT_SHOWN}”. The leadership facts are shown when at least {MIN_PARTNERSHIPS} "
    "partnerships are in the filters."
)
ALL_EVENTS = "All events"
RETREAT = "The retreat from integration"
RETREAT_MARK = " (a step away from integration)"
REGIONS = dict(Region.choices)
KINDS = dict(TimelineKind.choices)
# The retreat's kinds in the order the model lists them, so the columns read as the form does.
RETREAT_ORDER = [kind for kind in TimelineKind.values if kind in RETREAT_KINDS]


@dataclass(frozen=True)
class Cell:
    events: int = 0
    partnerships: int = 0

    @property
    def shown(self) -> bool:
        return self.events == 0 or self.partnerships >= MIN_PARTNERSHIPS

    @property
    def text(self) -> str:
        return str(self.events) if self.shown else NOT_SHOWN

    @property
    def csv(self):
        return self.events if self.shown else SUPPRESSED_CSV


@dataclass(frozen=True)
class Table:
    key: str  # its anchor on the page
    caption: str
    corner: str  # the heading of the rows' labels
    columns: list
    rows: list  # (label, [Cell per column])


@dataclass(frozen=True)
class Fact:
    label: str
    count: int
    share: float | None


@dataclass
class TimelinePicture:
    partnerships: int = 0  # in the filters: those that have sent an assessment to BASW
    events: int = 0
    tables: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    facts_shown: bool = False
    rule: str = RULE
    retreat: str = ", ".join(KINDS[kind].lower() for kind in RETREAT_ORDER)


def partnerships_in(filters: Filters):
    """The partnerships whose events and leadership facts are counted: sent an assessment to BASW, in the filters."""
    sent = Assessment.objects.filter(partnership=OuterRef("pk"), status__in=SENT_TO_BASW_STATUSES)
    partnerships = Partnership.objects.filter(Exists(sent))
    if filters.region:
        partnerships = partnerships.filter(trust__region=filters.region)
    if filters.arrangement:
        partnerships = partnerships.filter(arrangement=filters.arrangement)
    return partnerships


def _event_rows(filters: Filters) -> list[dict]:
    """One query: the events counted per partnership, region, kind, consultation and year."""
    return list(
        TimelineEvent.objects.filter(partnership__in=partnerships_in(filters).values("pk"))
        .annotate(year=ExtractYear("happened_on"))
        .values("partnership_id", "partnership__trust__region", "kind", "staff_consulted", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )


def kind_label(kind: str) -> str:
    return KINDS[kind] + (RETREAT_MARK if kind in RETREAT_KINDS else "")


def _tally(rows) -> dict:
    """Every cell of every table, keyed (table, row, column), from one pass over the rows."""
    tally = defaultdict(lambda: [0, set()])
    for row in rows:
        year, region, kind = row["year"], row["partnership__trust__region"], row["kind"]
        columns = [ALL_EVENTS, *((RETREAT, kind) if kind in RETREAT_KINDS else ())]
        keys = [("year", year, c) for c in columns] + [("region", region, c) for c in columns]
        keys += [("kind", kind, ALL_EVENTS), ("kind", kind, row["staff_consulted"])]
        if kind in RETREAT_KINDS:
            keys.append(("retreat", year, region))
        for key in keys:
            tally[key][0] += row["n"]
            tally[key][1].add(row["partnership_id"])
    return {key: Cell(events, len(ids)) for key, (events, ids) in tally.items()}


def _tables(rows) -> list[Table]:
    cells = _tally(rows)
    years = sorted({row["year"] for row in rows}, reverse=True)
    regions = [value for value in Region.values if any(row["partnership__trust__region"] == value for row in rows)]
    columns = [ALL_EVENTS, RETREAT, *RETREAT_ORDER]
    headings = [ALL_EVENTS, RETREAT, *(KINDS[kind] for kind in RETREAT_ORDER)]
    consulted = Consulted.values

    def row(table, label_key, label, keys):
        return (label, [cells.get((table, label_key, key), Cell()) for key in keys])

    return [
        Table(
            "timeline-years",
            "Events by year: all events, the retreat from integration, and each step away from integration",
            "Year",
            headings,
            [row("year", year, str(year), columns) for year in years],
        ),
        Table(
            "timeline-regions",
            "Events by region, in every year: all events, the retreat from integration, and each step away",
            "Region",
            headings,
            [row("region", region, REGIONS.get(region, region), columns) for region in regions],
        ),
        Table(
            "timeline-retreat",
            "The retreat from integration (events) by year and region",
            "Year",
            [REGIONS.get(region, region) for region in regions],
            [row("retreat", year, str(year), regions) for year in years],
        ),
        Table(
            "timeline-kinds",
            "Events by kind, in every year, and whether frontline staff were consulted",
            "What happened",
            [ALL_EVENTS, *(f"Staff consulted: {label.lower()}" for label in Consulted.labels)],
            [row("kind", kind, kind_label(kind), [ALL_EVENTS, *consulted]) for kind in TimelineKind.values],
        ),
    ]


FACTS = (  # (label, the partnerships that have it)
    ("Have a principal social worker or senior social work lead", ~Q(social_work_lead="")),
    ("Whose social work lead reports to the trust board", Q(social_work_lead_reports_to_board=True)),
    ("Whose social workers are line-managed by the council", Q(social_workers_managed_by=LineManager.COUNCIL)),
    ("Whose social workers are line-managed by the trust", Q(social_workers_managed_by=LineManager.TRUST)),
    ("Whose social workers are line-managed by each, some by both", Q(social_workers_managed_by=LineManager.MIXED)),
    ("Whose AMHP service stays with the council", Q(amhp_service_with_council=True)),
    ("Whose social workers record in two IT systems", Q(recording_systems=RecordingSystems.TWO)),
)


def _facts(filters: Filters) -> tuple[int, list[Fact]]:
    """One query: how many partnerships are in the filters, and how many of them have each leadership fact."""
    counts = partnerships_in(filters).aggregate(
        total=Count("pk"), **{f"fact_{i}": Count("pk", filter=q) for i, (_, q) in enumerate(FACTS)}
    )
    total = counts["total"]
    facts = [
        Fact(label, counts[f"fact_{i}"], round(100 * counts[f"fact_{i}"] / total, 1) if total else None)
        for i, (label, _) in enumerate(FACTS)
    ]
    return total, facts


def timeline_picture(filters: Filters) -> TimelinePicture:
    """The timeline's section of the national picture, in the filters' region and arrangement: two queries."""
    rows = _event_rows(filters)
    total, facts = _facts(filters)
    return TimelinePicture(
        partnerships=total,
        events=sum(row["n"] for row in rows),
        tables=_tables(rows) if rows else [],
        facts=facts,
        facts_shown=total >= MIN_PARTNERSHIPS,
    )


def csv_rows(picture: TimelinePicture):
    """Every table of the section, a row per cell ('suppressed' where a count is not shown); then the facts."""
    yield ["Table", "Row", "Column", "Value"]
    for table in picture.tables:
        for label, cells in table.rows:
            for column, cell in zip(table.columns, cells, strict=True):
                yield [table.caption, label, column, cell.csv]
    caption = f"Leadership facts of the {picture.partnerships} partnerships in the filters"
    for fact in picture.facts:
        shown = picture.facts_shown
        yield [caption, fact.label, "Partnerships", fact.count if shown else SUPPRESSED_CSV]
        yield [caption, fact.label, "Share (%)", fact.share if shown else SUPPRESSED_CSV]
