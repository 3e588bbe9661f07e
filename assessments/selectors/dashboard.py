"""What a person's dashboard shows: their assessments and what needs them.

Built from the person's own assessments only, so its cost follows what they have, not the whole database:
one query for their memberships, two for their partnerships (with councils), one for the partnerships'
assessments, one for those assessments' answers with their action and file counts (filtered by
assessment id, so the indexes are used), one for the partners' own views of the answers of assessments
whose partners rate first (none when there are none), one for the sign-offs, one for the rating scales,
one for the carried-forward actions past due, and one for the open actions the person owns (none for a person
who is not a partner's). The rules are scoring's: a standard's task state and
"completed" (`selectors.overview`), and the submission problems (`scoring.submission_problems`).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, prefetch_related_objects
from django.utils import timezone

from .. import scoring
from ..access import partnerships_visible_to
from ..models import (
    EDITABLE_STATUSES,
    Act,
    Action,
    Assessment,
    Event,
    EventKind,
    Membership,
    Response,
    Role,
    SignOff,
    Status,
    status_allows,
)
from .assessment import overview
from .partner_views import views_prefetch

# The officer's lists on the dashboard show this many each; the review queue has them all, page by page.
OFFICER_LIST_LIMIT = 10
# The actions a person owns: the soonest due this many; the plan pages have them all.
OWNED_LIMIT = 25


@dataclass
class OwnedAction:
    """An open action the person owns, on an assessment they can see."""

    action: Action
    overdue: bool
    plan_is_live: bool  # its assessment is accepted: progress is recorded on the action's own page

    @property
    def assessment(self):
        return self.action.response.assessment


@dataclass
class Owned:
    """The open actions the person owns, soonest due first (at most OWNED_LIMIT), and whether there are more."""

    actions: list
    more: bool = False

    @property
    def overdue_count(self):
        return sum(1 for owned in self.actions if owned.overdue)

    def __bool__(self):
        return bool(self.actions)


def owned_actions(user, memberships) -> Owned:
    """The open actions (not done, dropped or carried forward) the person owns, on the assessments of their
    partnerships, soonest due first: one query, none for a person who is no partner's (no one else owns one)."""
    if not memberships:
        return Owned([])
    today = timezone.localdate()
    found = list(
        Action.objects.open()
        .filter(owner=user, response__assessment__partnership__in=partnerships_visible_to(user).values("pk"))
        .select_related("response__standard", "response__assessment__partnership")
        .order_by("due_date", "pk")[: OWNED_LIMIT + 1]
    )
    rows = [
        OwnedAction(
            action=action,
            overdue=action.is_overdue_on(today),
            plan_is_live=status_allows(action.response.assessment.status, Act.PROGRESS),
        )
        for action in found[:OWNED_LIMIT]
    ]
    return Owned(rows, more=len(found) > OWNED_LIMIT)


@dataclass
class DashboardAssessment:
    """One of the person's assessments, with progress and what it needs, by scoring's rules."""

    assessment: Assessment
    completed: int
    total: int
    problems: list
    signed_organisation_ids: set
    lead_organisation_ids: set  # the person's lead memberships among this assessment's partners

    @property
    def editable(self):
        return self.assessment.status in EDITABLE_STATUSES

    @property
    def ready_for_my_signoff(self):
        """No problem but missing sign-offs, one of my organisations not signed, and still editable."""
        return (
            self.editable
            and bool(self.lead_organisation_ids - self.signed_organisation_ids)
            and all(kind == "signoff" for kind, _, _ in self.problems)
        )

    @property
    def ready_to_submit(self):
        return self.editable and not self.problems


@dataclass
class Dashboard:
    memberships: list
    partnerships: list
    rows: list  # DashboardAssessment, partnership by name then newest period first
    overdue: object  # a queryset of overdue actions, for the view to paginate
    lead_org_ids: set = field(default_factory=set)
    owned: Owned = field(default_factory=lambda: Owned([]))  # the open actions the person owns

    @property
    def needs_signoff(self):
        return [r for r in self.rows if r.ready_for_my_signoff]

    @property
    def ready_to_submit(self):
        return [r for r in self.rows if r.ready_to_submit]

    @property
    def returned(self):
        return [r for r in self.rows if r.assessment.status == Status.CHANGES_REQUESTED]


def dashboard_items(user, partnerships) -> Dashboard:
    """A person's assessments and what needs them: sign-offs waiting, ready to submit, returned, overdue."""
    memberships = list(Membership.objects.filter(user=user).exclude(role=Role.OFFICER).select_related("organisation"))
    lead_org_ids = {m.organisation_id for m in memberships if m.role == Role.LEAD}
    partnerships = list(partnerships)
    by_id = {p.pk: p for p in partnerships}
    assessments = list(
        Assessment.objects.filter(partnership_id__in=list(by_id))
        .select_related("version__framework")
        .order_by("-period", "pk")
    )
    for a in assessments:
        a.partnership = by_id[a.partnership_id]  # with its trust and councils already read
    assessments.sort(key=lambda a: (a.partnership.name, a.partnership_id))  # stable: newest period first within
    ids = [a.pk for a in assessments]
    responses: dict[int, list] = {pk: [] for pk in ids}
    for r in (
        Response.objects.filter(assessment_id__in=ids)
        .select_related("standard__domain", "rating")
        .annotate(action_count=Count("actions", distinct=True), file_count=Count("files", distinct=True))
        .order_by("standard__domain__order", "standard__source_order")
    ):
        responses[r.assessment_id].append(r)
    # The partners' own views, for the assessments whose partners rate first: one query for all of them.
    rate_apart = [r for a in assessments if a.partners_rate_first for r in responses[a.pk]]
    prefetch_related_objects(rate_apart, views_prefetch())
    signed: dict[int, set] = {pk: set() for pk in ids}
    for assessment_id, organisation_id in SignOff.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", "organisation_id"
    ):
        signed[assessment_id].add(organisation_id)
    scales = _scales({a.version_id: a.version for a in assessments})
    editable_ids = [a.pk for a in assessments if a.status in EDITABLE_STATUSES]
    past_due: dict[int, list] = {pk: [] for pk in editable_ids}
    for action in (
        Action.objects.filter(response__assessment_id__in=editable_ids).carried_past_due().select_related("response")
    ):
        past_due[action.response.assessment_id].append(action)
    rows = []
    for a in assessments:
        summary = overview(a, responses=responses[a.pk], scale=scales[a.version_id])
        partners = a.partnership.partner_organisations()
        problems = (
            scoring.submission_problems(
                summary.rows, partners, signed[a.pk], past_due[a.pk], partners_rate_first=a.partners_rate_first
            )
            if a.pk in past_due
            else []
        )
        rows.append(
            DashboardAssessment(
                assessment=a,
                completed=summary.completed,
                total=summary.total,
                problems=problems,
                signed_organisation_ids=signed[a.pk],
                lead_organisation_ids=lead_org_ids & {o.pk for o in partners},
            )
        )
    overdue = (
        Action.objects.filter(response__assessment_id__in=ids)
        .overdue()  # the national list's rule too: a carried-forward action counts once, where it moved to
        .select_related("response__standard", "response__assessment__partnership")
        .order_by("due_date", "pk")
    )
    return Dashboard(memberships, partnerships, rows, overdue, lead_org_ids, owned_actions(user, memberships))


def _scales(versions: dict) -> dict:
    """Each version's scale (by version id) from one query, with the version's divergence threshold."""
    from standards.models import RatingLevel

    levels: dict[int, list] = {pk: [] for pk in versions}
    for level in RatingLevel.objects.filter(version_id__in=list(versions)):
        levels[level.version_id].append(level)
    return {pk: scoring.Scale(found, divergence_levels=versions[pk].divergence_levels) for pk, found in levels.items()}


@dataclass
class OfficerDashboard:
    """What needs a BASW officer: waiting to be taken, in review by them, resubmitted to them, returned."""

    waiting: list
    waiting_count: int
    in_review: list
    in_review_count: int
    resubmitted: list
    resubmitted_count: int
    returned: list
    returned_count: int


def officer_items(user) -> OfficerDashboard:
    """At most eight small queries (the oldest few of each list, and a count when there are more)."""
    base = Assessment.objects.select_related("partnership__trust", "version__framework", "reviewer")
    # A resubmission goes straight back, in review, to the officer who returned it. It is told apart by the
    # model's `resubmitted` mark when there is one, otherwise by its having been returned before.
    mine = base.filter(reviewer=user, status=Status.IN_REVIEW)
    if any(f.name == "resubmitted" for f in Assessment._meta.get_fields()):
        mark = Q(resubmitted=True)
    else:
        mark = Q(
            Exists(
                Event.objects.filter(
                    assessment=OuterRef("pk"), kind=EventKind.TRANSITION, to_status=Status.CHANGES_REQUESTED
                )
            )
        )
    resubmitted, in_review = mine.filter(mark), mine.exclude(mark)
    waiting = base.filter(status=Status.SUBMITTED)
    returned = base.filter(reviewer=user, status=Status.CHANGES_REQUESTED)
    lists = {}
    for name, qs in (
        ("waiting", waiting),
        ("in_review", in_review),
        ("resubmitted", resubmitted),
        ("returned", returned),
    ):
        order = ("updated_at", "pk") if name == "returned" else ("submitted_at", "pk")
        lists[name] = list(qs.order_by(*order)[:OFFICER_LIST_LIMIT])
        lists[f"{name}_count"] = qs.count() if len(lists[name]) == OFFICER_LIST_LIMIT else len(lists[name])
    return OfficerDashboard(**lists)
