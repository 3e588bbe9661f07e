"""The national picture for BASW officers. Every figure is aggregated by the database.

Domain score = 100 × (sum of rating scores) / (number of rated, applicable answers × the top score), over
accepted assessments. National figures built from fewer than MIN_PARTNERSHIPS partnerships are suppressed.
Where trusts and councils rated apart and diverged is national_divergence's section, over the same assessments.
"""

from dataclasses import dataclass, field
from statistics import median

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum

from assessments.models import (
    SENT_TO_BASW_STATUSES,
    Action,
    Arrangement,
    Assessment,
    ContinuumStage,
    Partnership,
    Region,
    Response,
    Status,
    Team,
)
from assessments.scoring import Scale, percent
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
    periods = sorted(set(accepted.values_list("period", flat=True)), reverse=True)
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
    qs = Assessment.objects.filter(status=Status.ACCEPTED, period=filters.period, version=filters.version)
    return _scoped(qs, filters, "")


def _rated(filters: Filters):
    qs = Response.objects.filter(
        assessment__status=Status.ACCEPTED,
        assessment__period=filters.period,
        assessment__version=filters.version,
        not_applicable=False,
        rating__isnull=False,
    )
    return _scoped(qs, filters, "assessment__")


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


def time_to_acceptance(filters: Filters):
    duration = ExpressionWrapper(F("accepted_at") - F("submitted_at"), DurationField())
    result = (
        _scoped(Assessment.objects.filter(status=Status.ACCEPTED, submitted_at__isnull=False), filters, "")
        .annotate(took=duration)
        .aggregate(mean=Avg("took"), n=Count("pk"))
    )
    mean = result["mean"]
    return {"n": result["n"], "mean_days": round(mean.total_seconds() / 86400, 1) if mean else None}


def domain_sums(filters: Filters):
    """One database aggregation: per accepted assessment and domain, the sum of scores and the count rated.

    Each row also carries the partnership's model, so the heatmap and every by-model split are built from
    these sums without reading an answer again.
    """
    if not filters.version:
        return []
    return list(
        _rated(filters)
        .values(
            "assessment_id",
            "assessment__partnership_id",
            "assessment__partnership__name",
            "assessment__partnership__arrangement",
            "assessment__partnership__continuum_stage",
            "standard__domain__code",
        )
        .annotate(total=Sum("rating__score"), n=Count("pk"))
    )


def heatmap(filters: Filters, *, sort: str = "name", descending: bool = False, sums=None):
    """Rows of (partnership name, {domain code: score}, overall score), one per accepted assessment."""
    if not filters.version:
        return []
    top = scale_of(filters.version).top
    rows = domain_sums(filters) if sums is None else sums

    table: dict[int, dict] = {}
    for row in rows:
        entry = table.setdefault(
            row["assessment_id"], {"name": row["assessment__partnership__name"], "scores": {}, "total": 0, "n": 0}
        )
        entry["scores"][row["standard__domain__code"]] = percent(row["total"], row["n"], top)
        entry["total"] += row["total"]
        entry["n"] += row["n"]
    result = [
        {"name": e["name"], "scores": e["scores"], "overall": percent(e["total"], e["n"], top)} for e in table.values()
    ]
    if sort == "name":
        key = lambda r: r["name"]  # noqa: E731
    elif sort == "overall":
        key = lambda r: (r["overall"] is None, r["overall"] or 0)  # noqa: E731
    else:
        key = lambda r: (r["scores"].get(sort) is None, r["scores"].get(sort) or 0)  # noqa: E731
    return sorted(result, key=key, reverse=descending)


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


def _grouped(sums, key, labels: dict, top: int):
    """Domain scores per group, adding up the database's per-assessment sums; suppressed below MIN_PARTNERSHIPS."""
    groups: dict = {}
    for row in sums:
        group = key(row)
        entry = groups.setdefault(group, {"label": labels.get(group, group), "sums": {}, "partnerships": set()})
        total, n = entry["sums"].get(row["standard__domain__code"], (0, 0))
        entry["sums"][row["standard__domain__code"]] = (total + row["total"], n + row["n"])
        entry["partnerships"].add(row["assessment__partnership_id"])
    result = []
    for entry in groups.values():
        count = len(entry["partnerships"])
        suppressed = count < MIN_PARTNERSHIPS
        scores = {} if suppressed else {code: percent(t, n, top) for code, (t, n) in entry["sums"].items()}
        result.append({"label": entry["label"], "scores": scores, "partnerships": count, "suppressed": suppressed})
    return sorted(result, key=lambda e: str(e["label"]))


def by_model(filters: Filters, sums=None):
    """Domain scores by arrangement and continuum stage, beside the support arrangements (seed 000 §7.2)."""
    if not filters.version:
        return {"arrangement": [], "continuum": [], "supervision": [], "isolation": []}
    sums = domain_sums(filters) if sums is None else sums
    top = scale_of(filters.version).top
    ids = {row["assessment__partnership_id"] for row in sums}
    unsupervised = Team.objects.filter(partnership=OuterRef("pk"), has_social_work_supervision=False)
    isolated = Team.objects.filter(partnership=OuterRef("pk"), social_workers__lte=1)
    flags = {
        p["pk"]: p
        for p in Partnership.objects.filter(pk__in=ids)
        .annotate(all_supervised=~Exists(unsupervised), has_isolated=Exists(isolated))
        .values("pk", "all_supervised", "has_isolated")
    }
    return {
        "arrangement": _grouped(
            sums, lambda r: r["assessment__partnership__arrangement"], dict(Arrangement.choices), top
        ),
        "continuum": _grouped(
            sums, lambda r: r["assessment__partnership__continuum_stage"], dict(ContinuumStage.choices), top
        ),
        "supervision": _grouped(
            sums,
            lambda r: flags[r["assessment__partnership_id"]]["all_supervised"],
            {True: "Every team gives professional supervision by a qualified social worker", False: "Not every team"},
            top,
        ),
        "isolation": _grouped(
            sums,
            lambda r: flags[r["assessment__partnership_id"]]["has_isolated"],
            {True: "At least one team with one or no social worker", False: "No team with one or no social worker"},
            top,
        ),
    }


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


def domain_score_lists(assessment):
    """This assessment's domain scores, the national median per domain, and its previous accepted one's."""
    filters = Filters(period=assessment.period, version=assessment.version)
    top = scale_of(assessment.version).top
    rows = (
        _rated(filters)
        .values("assessment__partnership", "standard__domain__code")
        .annotate(total=Sum("rating__score"), n=Count("pk"))
    )
    per_domain: dict[str, list] = {}
    partnerships = set()
    for row in rows:
        per_domain.setdefault(row["standard__domain__code"], []).append(percent(row["total"], row["n"], top))
        partnerships.add(row["assessment__partnership"])

    def own(a):
        if a is None:
            return {}
        own_rows = (
            Response.objects.filter(assessment=a, not_applicable=False, rating__isnull=False)
            .values("standard__domain__code")
            .annotate(total=Sum("rating__score"), n=Count("pk"))
        )
        return {r["standard__domain__code"]: percent(r["total"], r["n"], top) for r in own_rows}

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
