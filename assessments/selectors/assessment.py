"""Reads reused by several pages, built with a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from ..models import Action, Assessment, Event, EventKind, Response, SignOff
from ..services import workflow

STATE_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "completed": "Completed",
    "carried": "Check carried forward",
}


@dataclass
class ResponseRow:
    response: Response
    state: str
    flagged: bool  # top rating with no evidence at all
    gap_without_action: bool
    action_count: int
    file_count: int

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


@dataclass
class DomainGroup:
    domain: object
    rows: list = field(default_factory=list)

    @property
    def completed(self):
        return sum(1 for r in self.rows if r.state == "completed")


@dataclass
class Overview:
    groups: list
    total: int
    completed: int
    flagged: list
    top_score: int

    @property
    def percent(self):
        return round(100 * self.completed / self.total) if self.total else 0


def overview(assessment: Assessment, *, responses=None, levels=None) -> Overview:
    """Each standard's state, grouped by domain: two queries whatever the number of standards.

    Pass `responses` from responses_with_detail (actions and files prefetched) and the version's `levels`
    when the page has them already: then this makes no query at all.
    """
    levels = list(assessment.version.rating_levels.all()) if levels is None else levels
    top = max(level.score for level in levels) if levels else 0
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
    groups: dict[int, DomainGroup] = {}
    rows = []
    for r in responses:
        if hasattr(r, "action_count"):
            action_count, file_count = r.action_count, r.file_count
        else:
            action_count, file_count = len(r.actions.all()), len(r.files.all())
        answered = r.not_applicable or r.rating_id is not None
        gap = r.rating_id is not None and r.rating.score < top
        gap_without_action = gap and action_count == 0
        flagged = r.rating_id is not None and r.rating.score == top and not r.evidence.strip() and file_count == 0
        if r.carried_forward:
            state = "carried"
        elif answered and not gap_without_action:
            state = "completed"
        elif answered or r.evidence.strip() or action_count or file_count:
            state = "in_progress"
        else:
            state = "not_started"
        row = ResponseRow(r, state, flagged, gap_without_action, action_count, file_count)
        rows.append(row)
        groups.setdefault(r.standard.domain_id, DomainGroup(r.standard.domain)).rows.append(row)
    return Overview(
        groups=list(groups.values()),
        total=len(rows),
        completed=sum(1 for r in rows if r.state == "completed"),
        flagged=[r for r in rows if r.flagged],
        top_score=top,
    )


def submission_problems_from(summary: Overview, partners: list, signoffs: list) -> list[tuple[str, str, str]]:
    """What stops submission, worked out from what the check page has already read (no queries).

    The same rules and messages as services.submission_problems, which the submit itself checks; a test
    holds the two to the same answer.
    """
    rows = sorted(
        (row for group in summary.groups for row in group.rows), key=lambda r: r.response.standard.source_order
    )
    problems = []
    for row in rows:
        response, code = row.response, row.response.standard.code
        if not response.is_answered:
            problems.append(("unanswered", code, workflow.PROBLEM_UNANSWERED.format(code=code)))
        elif row.gap_without_action:
            rating = response.rating.label.lower()
            problems.append(("gap", code, workflow.PROBLEM_GAP_WITHOUT_ACTION.format(code=code, rating=rating)))
        if response.carried_forward:
            problems.append(("carried", code, workflow.PROBLEM_CARRIED_FORWARD.format(code=code)))
    signed = {s.organisation_id for s in signoffs}
    for organisation in partners:
        if organisation.pk not in signed:
            message = workflow.PROBLEM_SIGNOFF_MISSING.format(organisation=organisation.name)
            problems.append(("signoff", "sign-off", message))
    return problems


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
    """Every answer with its standard, rating, actions and files (for check-your-answers and review)."""
    return (
        Response.objects.filter(assessment=assessment)
        .select_related("standard__domain", "rating", "evidence_holder", "expected_rating", "reviewed_by")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("responsible_organisation")),
            "files",
        )
        .order_by("standard__domain__order", "standard__source_order")
    )


def neighbours(assessment: Assessment, code: str):
    """(previous code, next code, position, total) of a standard in the task list's order."""
    codes = list(
        Response.objects.filter(assessment=assessment)
        .order_by("standard__domain__order", "standard__source_order")
        .values_list("standard__code", flat=True)
    )
    i = codes.index(code)
    return (codes[i - 1] if i > 0 else None), (codes[i + 1] if i + 1 < len(codes) else None), i + 1, len(codes)
