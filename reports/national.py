"""The national picture for BASW officers. Every figure is aggregated by the database.

Domain score = 100 × (sum of rating scores) / (number of rated, applicable answers × the top score), over
accepted assessments, read from the scores stored when each was accepted (national_scores; national_models for
the splits by partnership model). The picture's accepted assessments are those whose scores were stored for the
period and standards chosen, in the region and arrangement they had when accepted (AssessmentScore keeps them);
a database made before the scores were stored fills them in once with `manage.py store_scores`. The counts by
status, the time to acceptance and the overdue actions cover assessments in every status, so they follow the
partnership's region and arrangement as they stand. National figures built from fewer than MIN_PARTNERSHIPS
partnerships are suppressed. Where trusts and councils rated apart and diverged is national_divergence's section,
over the same assessments.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, FloatField, Func, Q, Sum

from assessments.models import (
    OVERALL,
    SENT_TO_BASW_STATUSES,
    Action,
    Arrangement,
    Assessment,
    Region,
    Response,
    Status,
    Team,
)
from assessments.scoring import Scale
from standards.models import Domain, FrameworkVersion, RatingLevel

MIN_PARTNERSHIPS = 5
SUPPRESSED = f"Fewer than {MIN_PARTNERSHIPS} partnerships: not shown."


@dataclass
class Filters:
    period: str | None = None
    version: FrameworkVersion | None = None
    region: str = ""
    arrangement: str = ""
    periods: list = field(default_factory=list)
    versions: list = field(default_factory=list)

    def querystring(self):
        parts = [f"period={self.period or ''}", f"version={self.version.pk if self.version else ''}"]
        parts += [f"region={self.region}", f"arrangement={self.arrangement}"]
        return "&".join(parts)


def filters_from(params) -> Filters:
    accepted = Assessment.objects.filter(status=Status.ACCEPTED)
    periods = list(accepted.order_by("-period").values_list("period", flat=True).distinct())
    versions = list(FrameworkVersion.objects.public().select_related("framework"))
    period = params.get("period") if params.get("period") in periods else (periods[0] if periods else None)
    by_pk = {str(v.pk): v for v in versions}
    version = by_pk.get(params.get("version") or "")
    if version is None:
        busiest = (
            accepted.filter(period=period).values("version").annotate(n=Count("pk")).order_by("-n", "version").first()
        )
        version = by_pk.get(str(busiest["version"])) if busiest else (versions[0] if versions else None)
    region = params.get("region") if params.get("region") in Region.values else ""
    arrangement = params.get("arrangement") if params.get("arrangement") in Arrangement.values else ""
    return Filters(period, version, region, arrangement, periods, versions)


def _scoped(queryset, filters: Filters, prefix: str):
    if filters.region:
        queryset = queryset.filter(**{f"{prefix}partnership__trust__region": filters.region})
    if filters.arrangement:
        queryset = queryset.filter(**{f"{prefix}partnership__arrangement": filters.arrangement})
    return queryset


def accepted_assessments(filters: Filters):
    """The accepted assessments of the period and standards chosen, in the region and arrangement they had when
    accepted: those whose overall score was stored with these dimensions (one per partnership)."""
    dimensions = {"scores__domain_key": OVERALL, "scores__period": filters.period, "scores__version": filters.version}
    if filters.region:
        dimensions["scores__region"] = filters.region
    if filters.arrangement:
        dimensions["scores__arrangement"] = filters.arrangement
    # The assessment's own period and version (never changed) let the database start from the period's few.
    return Assessment.objects.filter(
        status=Status.ACCEPTED, period=filters.period, version=filters.version, **dimensions
    )


def _rated(filters: Filters):
    """The rated, applicable answers of the picture's accepted assessments (through the assessments' index)."""
    return Response.objects.filter(
        assessment__in=accepted_assessments(filters).values("pk"), not_applicable=False, rating__isnull=False
    )


def scale_of(version) -> Scale:
    """The version's scale and bands (two queries), from which every percentage and band is worked out."""
    return Scale.of(FrameworkVersion.objects.prefetch_related("rating_levels", "bands").get(pk=version.pk))


def domains(filters: Filters):
    return list(Domain.objects.filter(version=filters.version).order_by("order")) if filters.version else []


def counts_by_status(filters: Filters):
    rows = _scoped(Assessment.objects.all(), filters, "").values("period", "status").annotate(n=Count("pk"))
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["period"], {})[row["status"]] = row["n"]
    return [(period, [table[period].get(s, 0) for s in Status.values]) for period in sorted(table, reverse=True)]


class DaysBetween(Func):
    """The days from the second expression to the first, as a number, worked out by the database itself.

    SQLite has no interval type: Django's date arithmetic there calls Python once per row, which grows with
    every accepted assessment, so this asks SQLite's own julianday instead.
    """

    arity = 2
    output_field = FloatField()
    template = "(CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision) / 86400)"  # PostgreSQL
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday(", **extra
        )


def time_to_acceptance(filters: Filters):
    """The mean days from submission to acceptance over every accepted assessment (any period), in the region and
    arrangement chosen."""
    result = _scoped(
        Assessment.objects.filter(status=Status.ACCEPTED, submitted_at__isnull=False), filters, ""
    ).aggregate(mean=Avg(DaysBetween("accepted_at", "submitted_at")), n=Count("pk"))
    mean = result["mean"]
    return {"n": result["n"], "mean_days": round(mean, 1) if mean is not None else None}


def rating_counts(filters: Filters):
    """One database aggregation: for each standard, how many partnerships gave each rating.

    There is one assessment per partnership and period, so counting answers counts partnerships.
    """
    if not filters.version:
        return [], []
    levels = list(RatingLevel.objects.filter(version=filters.version).order_by("score"))
    standards = {s.pk: s for s in filters.version.standards.assessable().order_by("source_order")}
    rows = _rated(filters).values("standard_id", "rating_id").annotate(n=Count("pk"))
    counts: dict[int, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["standard_id"], {})[row["rating_id"]] = row["n"]
    table = []
    for pk, standard in standards.items():
        by_level = [counts.get(pk, {}).get(level.pk, 0) for level in levels]
        if sum(by_level):
            table.append({"standard": standard, "by_level": by_level})
    return levels, table


def most_unmet(filters: Filters, limit=10, counts=None):
    """Standards most often rated below the scale's met line (scoring.Scale.met_line), with the share that were."""
    levels, table = rating_counts(filters) if counts is None else counts
    if not levels:
        return []
    scale = Scale(levels, ())
    rows = []
    for entry in table:
        below = sum(n for level, n in zip(levels, entry["by_level"], strict=True) if scale.is_below_met_line(level))
        rated = sum(entry["by_level"])
        if below:
            standard = entry["standard"]
            rows.append(
                {
                    "standard__code": standard.code,
                    "standard__title": standard.title,
                    "below": below,
                    "rated": rated,
                    "share": round(100 * below / rated, 1),
                    "order": standard.source_order,
                }
            )
    return sorted(rows, key=lambda r: (-r["below"], r["order"]))[:limit]


def rating_shares(filters: Filters, counts=None):
    """For each standard, the share of partnerships at each rating level."""
    levels, table = rating_counts(filters) if counts is None else counts
    result = []
    for entry in table:
        total = sum(entry["by_level"])
        result.append(
            {
                "code": entry["standard"].code,
                "title": entry["standard"].title,
                "total": total,
                "shares": [round(100 * n / total) for n in entry["by_level"]],
            }
        )
    return levels, result


def team_indicators(filters: Filters):
    partnerships = accepted_assessments(filters).values("partnership")
    result = Team.objects.filter(partnership__in=partnerships).aggregate(
        teams=Count("pk"),
        isolated=Count("pk", filter=Q(social_workers__lte=1)),
        social_worker_count=Sum("social_workers"),
        supervised=Sum("social_workers", filter=Q(has_social_work_supervision=True)),
    )
    result["social_workers"] = result.pop("social_worker_count")
    sw = result["social_workers"] or 0
    result["supervised_share"] = round(100 * (result["supervised"] or 0) / sw, 1) if sw else None
    return result


# The overdue list covers every assessment the partnership has sent to BASW, whatever BASW has done with it since.


def overdue_actions(filters: Filters, limit=50):
    """Open actions past their due date in assessments sent to BASW (SENT_TO_BASW_STATUSES), most overdue first.

    `Action.objects.overdue()` is the dashboard's rule too: an action carried forward into a later
    assessment counts there only, once.
    """
    qs = _scoped(
        Action.objects.overdue().filter(response__assessment__status__in=SENT_TO_BASW_STATUSES),
        filters,
        "response__assessment__",
    )
    rows = qs.select_related("response__standard", "response__assessment__partnership").order_by("due_date", "pk")
    return qs.count(), list(rows[:limit])
