"""The national picture (BASW officers only) and an accepted assessment's comparison with it."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from assessments.access import get_assessment_for, is_officer
from assessments.models import Arrangement, Region, Status
from assessments.selectors.standard_history import standard_history
from assessments.selectors.trend import partnership_trend

from .. import national, national_divergence, national_models, national_progress, national_scores, national_timeline
from ..spreadsheets import csv_cell

HEATMAP_ROWS = 100  # rows per page on screen; the CSV has every partnership
CHART_TICKS = (0, 25, 50, 75, 100)  # the chart's axis, in percent
CSV_TABLES = (
    "counts",
    "heatmap",
    "unmet",
    "shares",
    "divergence",
    "divergence_domains",
    "by_model",
    "by_year",
    "by_region",
    "teams",
    "overdue",
    "progress",
    "timeline",
)
PROGRESS_HEADER = [
    "Partnership",
    "Region",
    "Period",
    "Actions",
    "Done",
    "In progress",
    "Not started",
    "Overdue",
    "Dropped",
    "Carried forward",
]
PROGRESS_TOTAL = "All partnerships"


def _require_officer(user):
    if not is_officer(user):
        raise Http404("No such page.")


def _sort(request, domain_codes):
    sort = request.GET.get("sort", "name")
    if sort not in {"name", "overall", *domain_codes}:
        sort = "name"
    return sort, request.GET.get("dir") == "desc"


def _picture(request):
    filters = national.filters_from(request.GET)
    domains = national.domains(filters)
    sort, descending = _sort(request, [d.code for d in domains])
    counts = national.rating_counts(filters)
    levels, shares = national.rating_shares(filters, counts=counts)
    overdue_total, overdue = national.overdue_actions(filters)
    rows = national_scores.score_rows(filters, domains)  # the period's stored scores, read once
    heat = national_scores.heatmap(filters, sort=sort, descending=descending, rows=rows)
    page = Paginator(heat, HEATMAP_ROWS).get_page(request.GET.get("page"))
    means = []
    for domain in domains:
        values = [row["scores"].get(domain.code) for row in heat if row["scores"].get(domain.code) is not None]
        mean = round(sum(values) / len(values), 1) if values else None
        # The bar's length as a percentage of the chart's width (the SVG is laid out in CSS px, so text never shrinks).
        means.append({"domain": domain, "mean": mean, "bar": mean or 0})
    scale = national.scale_of(filters.version) if filters.version else None
    return {
        "filters": filters,
        "scale": scale,
        "met_line": scale.met_line.label.lower() if scale and scale.met_line else "",
        "domains": domains,
        "statuses": list(Status.choices),
        "regions": list(Region.choices),
        "arrangements": list(Arrangement.choices),
        "counts": national.counts_by_status(filters),
        "timing": national.time_to_acceptance(filters),
        "heatmap": heat,
        "heatmap_page": page,
        "sort": sort,
        "descending": descending,
        "unmet": national.most_unmet(filters, counts=counts),
        "levels": levels,
        "shares": shares,
        "by_model": national_models.by_model(filters, rows=rows),
        "model_captions": national_models.CAPTIONS,
        "by_year": national_scores.by_year(filters, domains),
        "by_region": national_scores.by_region(filters, rows=rows),
        "not_shown": national_scores.NOT_SHOWN,
        "divergence": national_divergence.divergence_picture(filters, scale=scale),
        "sides": national_divergence.SIDES,
        "sides_suppressed_text": national_divergence.SIDES_SUPPRESSED,
        "teams": national.team_indicators(filters),
        "overdue": overdue,
        "overdue_total": overdue_total,
        "progress": national_progress.progress_picture(filters),
        "timeline": national_timeline.timeline_picture(filters),
        "means": means,
        "chart_ticks": CHART_TICKS,
        "suppressed_text": national.SUPPRESSED,
        "min_partnerships": national.MIN_PARTNERSHIPS,
    }


@login_required
def national_overview(request):
    _require_officer(request.user)
    return render(request, "reports/national/overview.html", _picture(request))


def _csv_rows(table, ctx):
    codes = [d.code for d in ctx["domains"]]
    titles = [d.title for d in ctx["domains"]]
    if table == "counts":
        yield ["Period", *[label for _, label in ctx["statuses"]]]
        for period, counts in ctx["counts"]:
            yield [period, *counts]
    elif table == "heatmap":
        yield ["Partnership", *titles, "Overall"]
        for row in ctx["heatmap"]:
            yield [row["name"], *[row["scores"].get(c, "") for c in codes], row["overall"]]
    elif table == "unmet":
        yield ["Standard", "Title", f"Rated below {ctx['met_line']}", "Rated", "Share (%)"]
        for r in ctx["unmet"]:
            yield [r["standard__code"], r["standard__title"], r["below"], r["rated"], r["share"]]
    elif table == "shares":
        yield ["Standard", "Title", *[f"{level.label} (%)" for level in ctx["levels"]], "Partnerships"]
        for r in ctx["shares"]:
            yield [r["code"], r["title"], *r["shares"], r["total"]]
    elif table in ("divergence", "divergence_domains"):
        yield from _divergence_rows(table, ctx)
    elif table == "by_model":
        yield ["Grouping", "Group", "Partnerships", *titles]
        for grouping, groups in ctx["by_model"].items():
            for g in groups:
                values = ["suppressed"] * len(codes) if g["suppressed"] else [g["scores"].get(c, "") for c in codes]
                yield [grouping, g["label"], g["partnerships"], *values]
    elif table == "by_year":
        yield from national_scores.year_csv_rows(ctx["by_year"], ctx["domains"])
    elif table == "by_region":
        yield from national_scores.region_csv_rows(ctx["by_region"], ctx["domains"])
    elif table == "teams":
        t = ctx["teams"]
        yield [
            "Teams",
            "Teams with one or no social worker",
            "Social workers",
            "Social workers with supervision",
            "Share with supervision (%)",
        ]
        yield [t["teams"], t["isolated"], t["social_workers"] or 0, t["supervised"] or 0, t["supervised_share"] or ""]
    elif table == "overdue":
        yield ["Partnership", "Period", "Standard", "Action", "Owner", "Due date", "Status"]
        for a in ctx["overdue"]:
            assessment = a.response.assessment
            yield [
                assessment.partnership.name,
                assessment.period,
                a.response.standard.code,
                a.description,
                a.owner_name,
                a.due_date.isoformat(),
                a.get_status_display(),
            ]
    elif table == "progress":
        yield from _progress_rows(ctx)
    elif table == "timeline":
        yield from national_timeline.csv_rows(ctx["timeline"])


def _progress_rows(ctx):
    """Each partnership's plan progress, most overdue first, then the national total."""
    picture = ctx["progress"]
    yield PROGRESS_HEADER
    for row in picture.rows:
        yield [row.partnership, row.region, row.period, *_progress_figures(row.progress)]
    yield [PROGRESS_TOTAL, "", "", *_progress_figures(picture.total)]


def _progress_figures(p):
    return [p.total, p.done, p.in_progress, p.not_started, p.overdue, p.dropped, p.carried]


def _divergence_rows(table, ctx):
    """Where trusts and councils diverge, by standard (most often first) or by domain; 'suppressed' where not shown."""
    picture, sides = ctx["divergence"], ctx["sides"]
    by_standard = table == "divergence"
    if by_standard:
        header = ["Standard", "Title", "Assessments with every view", "Divergent", "Share divergent (%)", "Differ"]
    else:
        header = ["Domain", "Assessments with every view", "With a divergent standard", "Share (%)"]
    yield [*header, *sides.values()]
    for r in picture.standards if by_standard else picture.domains:
        names = [r.subject.code, r.subject.title] if by_standard else [r.subject.title]
        figures = [r.divergent, r.share, *([r.differs] if by_standard else [])]
        if r.suppressed:
            figures = ["suppressed"] * len(figures)
        side_figures = ["suppressed"] * len(sides) if r.sides_suppressed else [r.sides[k] for k in sides]
        yield [*names, r.with_views, *figures, *side_figures]


@login_required
def national_csv(request, table):
    _require_officer(request.user)
    if table not in CSV_TABLES:
        raise Http404("No such table.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="national-{table}.csv"'
    writer = csv.writer(response)
    for row in _csv_rows(table, _picture(request)):
        writer.writerow([csv_cell(v) for v in row])
    return response


@login_required
def assessment_comparison(request, pk):
    assessment, access = get_assessment_for(request.user, pk)
    if assessment.status != Status.ACCEPTED:
        raise Http404("Only an accepted assessment can be compared.")
    own, median, previous_scores, previous, suppressed, partnerships = national_scores.domain_score_lists(assessment)
    domains = national.domains(national.Filters(version=assessment.version))
    rows = [
        {"domain": d, "own": own.get(d.code), "national": median.get(d.code), "previous": previous_scores.get(d.code)}
        for d in domains
    ]
    return render(
        request,
        "reports/national/comparison.html",
        {
            "assessment": assessment,
            "access": access,
            "rows": rows,
            "previous": previous,
            "suppressed": suppressed,
            "partnerships": partnerships,
            "suppressed_text": national.SUPPRESSED,
            "trend": partnership_trend(assessment.partnership),  # every accepted one, from the stored scores
            "history": standard_history(assessment),  # each standard's ratings over the years, across versions
        },
    )
