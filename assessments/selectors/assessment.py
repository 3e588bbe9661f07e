"""Reads reused by several pages, built with a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Func, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from .. import scoring
from ..models import Action, Assessment, Event, EventKind, Response, SignOff
from .partner_views import StandardViews, partner_progress, standard_views, views_prefetch


@dataclass
class ResponseRow:
    response: Response
    state: str
    flagged: bool  # fully met without evidence (scoring.Scale.fully_met_without_evidence)
    gap_without_action: bool
    action_count: int
    file_count: int
    views: StandardViews | None = None  # the partners' own views, when they rate first

    @property
    def divergence(self):
        return self.views.divergence if self.views else None

    @property
    def state_label(self):
        return scoring.TaskState(self.state).label


@dataclass
class DomainGroup:
    domain: object
    rows: list = field(default_factory=list)

    @property
    def completed(self):
        return sum(1 for r in self.rows if r.state == scoring.TaskState.COMPLETED)


@dataclass
class Overview:
    groups: list
    total: int
    completed: int
    flagged: list
    scale: scoring.Scale
    partners: list = field(default_factory=list)
    partner_progress: list = field(default_factory=list)  # selectors.partner_views.PartnerProgress, partner order

    @property
    def divergent(self):
        """The rows whose partners' views are divergent, in task-list order."""
        return [row for row in self.rows if row.divergence == scoring.Divergence.DIVERGENT]

    @property
    def percent(self):
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]


def overview(assessment: Assessment, *, responses=None, scale: scoring.Scale | None = None) -> Overview:
    """Each standard's state, grouped by domain: four queries whatever the number of standards.

    Pass `responses` from responses_with_detail (actions, files and partner views prefetched) and the
    version's `scale` when the page has them already: then this makes no query at all. When the partners rate
    first, each row carries their views (`views`) and the overview each partner's progress.
    """
    scale = scoring.Scale.of(assessment.version) if scale is None else scale
    if responses is None:
        responses = (
            Response.objects.filter(assessment=assessment)
            .select_related("standard__domain", "rating")
            .annotate(
                action_count=Count("actions", distinct=True),
                file_count=Count("files", distinct=True),
            )
            .order_by("standard__domain__order", "standard__source_order")
        )
        if assessment.partners_rate_first:
            responses = responses.prefetch_related(views_prefetch())
    partners = assessment.partnership.partner_organisations()
    rate_apart = assessment.partners_rate_first
    groups: dict[int, DomainGroup] = {}
    rows = []
    for r in responses:
        if hasattr(r, "action_count"):
            action_count, file_count = r.action_count, r.file_count
        else:
            action_count, file_count = len(r.actions.all()), len(r.files.all())
        gap_without_action = scale.is_gap(r.rating) and action_count == 0
        row = ResponseRow(
            response=r,
            state=scoring.state(
                answered=r.is_answered,
                gap_without_action=gap_without_action,
                carried=r.carried_forward,
                started=r.is_answered or bool(r.evidence.strip()) or bool(action_count or file_count),
            ),
            flagged=scale.fully_met_without_evidence(r.rating, r.evidence, file_count),
            gap_without_action=gap_without_action,
            action_count=action_count,
            file_count=file_count,
            views=standard_views(assessment, r, partners, scale) if rate_apart else None,
        )
        rows.append(row)
        groups.setdefault(r.standard.domain_id, DomainGroup(r.standard.domain)).rows.append(row)
    return Overview(
        groups=list(groups.values()),
        total=len(rows),
        completed=sum(1 for r in rows if r.state == scoring.TaskState.COMPLETED),
        flagged=[r for r in rows if r.flagged],
        scale=scale,
        partners=partners,
        partner_progress=partner_progress(partners, [r.views for r in rows]) if rate_apart else [],
    )


def _carried_past_due(assessment: Assessment, summary: Overview) -> list:
    """Carried actions that need a new date: from the rows' actions when they were read (check page), else a query."""
    responses = [row.response for row in summary.rows]
    if responses and all("actions" in getattr(r, "_prefetched_objects_cache", {}) for r in responses):
        today = timezone.localdate()
        return [a for r in responses for a in r.actions.all() if a.needs_new_date(today)]
    return list(Action.objects.filter(response__assessment=assessment).carried_past_due())


def submission_problems(assessment: Assessment, *, summary: Overview | None = None, signoffs=None):
    """What stops submission (scoring.submission_problems) from the task list; reads only what is not given."""
    summary = overview(assessment) if summary is None else summary
    signoffs = SignOff.objects.filter(assessment=assessment) if signoffs is None else signoffs
    signed = {s.organisation_id for s in signoffs}
    carried_past_due = _carried_past_due(assessment, summary)
    return scoring.submission_problems(
        summary.rows,
        summary.partners,
        signed,
        carried_past_due,
        partners_rate_first=assessment.partners_rate_first,
    )


def signoff_status(assessment: Assessment, partners: list, signoffs: list | None = None) -> list[tuple]:
    """(organisation, sign-off or None) for the trust and each council."""
    if signoffs is None:
        signoffs = SignOff.objects.filter(assessment=assessment)
    signed = {s.organisation_id: s for s in signoffs}
    return [(org, signed.get(org.pk)) for org in partners]


def last_signoff_clearance(assessment: Assessment):
    """The event that cleared sign-offs, if it is the latest sign-off news: pages tell people about it."""
    latest = (
        Event.objects.filter(assessment=assessment, kind__in=[EventKind.SIGNED_OFF, EventKind.SIGNOFFS_CLEARED])
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    return latest if latest and latest.kind == EventKind.SIGNOFFS_CLEARED else None


def responses_with_detail(assessment: Assessment):
    """Every answer with its standard, rating, actions and files (for check-your-answers and review), and the
    partners' own views when they rate first."""
    responses = (
        Response.objects.filter(assessment=assessment)
        .select_related("standard__domain", "rating", "evidence_holder", "expected_rating", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("responsible_organisation", "carried_to__response__assessment"),
            ),
            "files",
        )
        .order_by("standard__domain__order", "standard__source_order")
    )
    return responses.prefetch_related(views_prefetch()) if assessment.partners_rate_first else responses


def with_neighbours(responses):
    """Annotate each answer with the codes of the standards before and after it in the task list's order, its
    position and the total, in the answers' own query (four subqueries, no query of their own).

    Read them with `neighbours(response)`.
    """
    same = Response.objects.filter(assessment=OuterRef("assessment"))
    domain, order = OuterRef("standard__domain__order"), OuterRef("standard__source_order")
    before = Q(standard__domain__order__lt=domain) | Q(standard__domain__order=domain, standard__source_order__lt=order)
    after = Q(standard__domain__order__gt=domain) | Q(standard__domain__order=domain, standard__source_order__gt=order)
    count = Func(F("pk"), function="COUNT")
    return responses.annotate(
        previous_code=Subquery(
            same.filter(before)
            .order_by("-standard__domain__order", "-standard__source_order")
            .values("standard__code")[:1]
        ),
        next_code=Subquery(
            same.filter(after)
            .order_by("standard__domain__order", "standard__source_order")
            .values("standard__code")[:1]
        ),
        answers_before=Subquery(same.filter(before).order_by().annotate(n=count).values("n")[:1]),
        answers_total=Subquery(same.order_by().annotate(n=count).values("n")[:1]),
    )


def neighbours(response):
    """(previous code, next code, position, total) of an answer read through with_neighbours."""
    return response.previous_code, response.next_code, (response.answers_before or 0) + 1, response.answers_total
