"""The national picture's domain scores, read from the scores stored when each assessment was accepted
(AssessmentScore), never from the answers: each partnership's (the heatmap), by region, by year, and an accepted
assessment's beside the national median (the comparison page).

A stored score keeps the sum of its standards' scores, how many were rated and the scale's top, so every figure
here is scoring.percent of sums of those, exactly as the answers give it (a spec recomputes them from the
answers). A domain with nothing rated has no figure, as before. Within one version a domain's stored key
(Domain.key) names its code; across years the key lines up the domains of every version (the 2010 paper's and
the charter's), so the years table may add up several versions' scores, each as a share of its own scale's top.

Queries: one for the period's scores (the heatmap, the splits by region and by partnership model, national_models),
one for the years; figures from fewer than MIN_PARTNERSHIPS partnerships are not shown.
"""

from dataclasses import dataclass
from statistics import median

from django.db.models import Count, F, Sum

from assessments.models import OVERALL, Assessment, AssessmentScore, Region, Status
from assessments.scoring import percent
from standards.models import Domain

from .national import MIN_PARTNERSHIPS, Filters
from .national import domains as version_domains

REGIONS = dict(Region.choices)
NOT_SHOWN = "not shown"  # a table cell from fewer than MIN_PARTNERSHIPS partnerships
SCORE_FIELDS = ("domain_key", "total", "rated", "top", "region", "arrangement", "continuum_stage")


def _in_scope(queryset, filters: Filters):
    """The region and arrangement chosen, as they were when each assessment was accepted."""
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.arrangement:
        queryset = queryset.filter(arrangement=filters.arrangement)
    return queryset


def score_rows(filters: Filters, domains=None) -> list[dict]:
    """The stored scores of the period's accepted assessments in the filters, one row per assessment and domain
    with something rated, and its overall row (`code` None); each with the partnership and the dimensions kept at
    acceptance. One query, in assessment order."""
    if not filters.version:
        return []
    codes = {d.key: d.code for d in (version_domains(filters) if domains is None else domains)}
    scores = _in_scope(
        AssessmentScore.objects.filter(version=filters.version, period=filters.period, rated__gt=0), filters
    )
    rows = []
    for row in scores.values(
        "assessment_id",
        *SCORE_FIELDS,
        "social_worker_employment",
        partnership_id=F("assessment__partnership_id"),
        name=F("assessment__partnership__name"),
    ).order_by("assessment_id", "domain_key"):
        key = row["domain_key"]
        if key != OVERALL and key not in codes:
            continue  # not a domain of this version (it cannot be: scores are stored under their version's keys)
        row["code"] = None if key == OVERALL else codes[key]
        rows.append(row)
    return rows


def heatmap(filters: Filters, *, sort: str = "name", descending: bool = False, rows=None):
    """Rows of (partnership name, {domain code: score}, overall score), one per accepted assessment."""
    if not filters.version:
        return []
    table: dict[int, dict] = {}
    for row in score_rows(filters) if rows is None else rows:
        entry = table.setdefault(row["assessment_id"], {"name": row["name"], "scores": {}, "overall": None})
        value = percent(row["total"], row["rated"], row["top"])
        if row["code"] is None:
            entry["overall"] = value
        else:
            entry["scores"][row["code"]] = value
    result = list(table.values())
    if sort == "name":
        key = lambda r: r["name"]  # noqa: E731
    elif sort == "overall":
        key = lambda r: (r["overall"] is None, r["overall"] or 0)  # noqa: E731
    else:
        key = lambda r: (r["scores"].get(sort) is None, r["scores"].get(sort) or 0)  # noqa: E731
    return sorted(result, key=key, reverse=descending)


def grouped(rows, key, labels: dict):
    """Domain scores per group, adding up the stored sums of the domains (not the overall rows); a group of
    fewer than MIN_PARTNERSHIPS partnerships is suppressed."""
    groups: dict = {}
    for row in rows:
        if row["code"] is None:
            continue
        group = key(row)
        entry = groups.setdefault(group, {"label": labels.get(group, group), "sums": {}, "partnerships": set()})
        total, rated, _ = entry["sums"].get(row["code"], (0, 0, row["top"]))
        entry["sums"][row["code"]] = (total + row["total"], rated + row["rated"], row["top"])
        entry["partnerships"].add(row["partnership_id"])
    result = []
    for entry in groups.values():
        count = len(entry["partnerships"])
        suppressed = count < MIN_PARTNERSHIPS
        scores = {} if suppressed else {code: percent(*sums) for code, sums in entry["sums"].items()}
        result.append({"label": entry["label"], "scores": scores, "partnerships": count, "suppressed": suppressed})
    return sorted(result, key=lambda e: str(e["label"]))


def by_region(filters: Filters, rows=None):
    """The period's domain scores by the region each partnership's trust was in when its assessment was accepted."""
    return grouped(score_rows(filters) if rows is None else rows, lambda r: r["region"], REGIONS)


@dataclass(frozen=True)
class Cell:
    value: float | None  # None: nothing rated, or not shown
    suppressed: bool = False  # fewer than MIN_PARTNERSHIPS partnerships


@dataclass(frozen=True)
class YearRow:
    period: str
    partnerships: int  # with an accepted assessment that year (one each)
    cells: tuple  # a Cell per domain of the version chosen, in its order
    overall: Cell

    @property
    def suppressed(self):
        return self.partnerships < MIN_PARTNERSHIPS

    @property
    def cells_and_overall(self):
        return (*self.cells, self.overall)


def by_year(filters: Filters, domains=None) -> list[YearRow]:
    """Every year's national domain and overall scores (newest first), over every framework version, the domains
    matched by key to the version chosen; in the region and arrangement chosen. One query; a cell from fewer than
    MIN_PARTNERSHIPS partnerships is not shown."""
    if not filters.version:
        return []
    domains = version_domains(filters) if domains is None else domains
    sums = (
        _in_scope(AssessmentScore.objects.filter(rated__gt=0), filters)
        .values("period", "domain_key")
        .annotate(total=Sum("total"), most=Sum(F("rated") * F("top")), n=Count("pk"))
        .order_by("-period", "domain_key")
    )
    years: dict[str, dict] = {}
    for row in sums:
        # percent over `most` with a top of 1: the sum of scores as a share of the most each version allows.
        cell = Cell(percent(row["total"], row["most"], 1)) if row["n"] >= MIN_PARTNERSHIPS else Cell(None, True)
        years.setdefault(row["period"], {})[row["domain_key"]] = (cell, row["n"])
    rows = []
    for period, cells in years.items():
        overall, partnerships = cells.get(OVERALL, (Cell(None), 0))
        by_domain = tuple(cells.get(d.key, (Cell(None), 0))[0] for d in domains)
        rows.append(YearRow(period, partnerships, by_domain, overall))
    return rows


def domain_score_lists(assessment):
    """This assessment's domain scores, the national median per domain, and its previous accepted one's."""
    codes = {d.key: d.code for d in Domain.objects.filter(version=assessment.version)}
    national = (
        AssessmentScore.objects.filter(version=assessment.version, period=assessment.period, rated__gt=0)
        .exclude(domain_key=OVERALL)
        .values_list("assessment__partnership_id", "domain_key", "total", "rated", "top")
    )
    per_domain: dict[str, list] = {}
    partnerships = set()
    for partnership_id, key, total, rated, top in national:
        if key in codes:
            per_domain.setdefault(codes[key], []).append(percent(total, rated, top))
            partnerships.add(partnership_id)

    def own(a):
        if a is None:
            return {}
        scores = a.scores.exclude(domain_key=OVERALL).filter(rated__gt=0)
        return {codes[s.domain_key]: percent(s.total, s.rated, s.top) for s in scores if s.domain_key in codes}

    previous = (
        Assessment.objects.filter(
            partnership=assessment.partnership,
            status=Status.ACCEPTED,
            period__lt=assessment.period,
            version=assessment.version,
        )
        .order_by("-period")
        .first()
    )
    suppressed = len(partnerships) < MIN_PARTNERSHIPS
    national = {} if suppressed else {code: round(median(values), 1) for code, values in per_domain.items()}
    return own(assessment), national, own(previous), previous, suppressed, len(partnerships)


SUPPRESSED_CSV = "suppressed"


def _csv_cell(cell: Cell):
    return SUPPRESSED_CSV if cell.suppressed else ("" if cell.value is None else cell.value)


def year_csv_rows(years, domains):
    """The years table as CSV rows: 'suppressed' where a figure is not shown."""
    yield ["Year", "Partnerships", *[d.title for d in domains], "Overall"]
    for row in years:
        yield [row.period, row.partnerships, *[_csv_cell(c) for c in row.cells], _csv_cell(row.overall)]


def region_csv_rows(groups, domains):
    yield ["Region", "Partnerships", *[d.title for d in domains]]
    for g in groups:
        values = [SUPPRESSED_CSV if g["suppressed"] else g["scores"].get(d.code, "") for d in domains]
        yield [g["label"], g["partnerships"], *values]
