"""What an assessment's reports say, read once and shared by the PDF, CSV and XLSX.

`report_for` reads everything with a fixed number of queries whatever the number of standards or
actions; the formats only lay it out. Scores follow the national picture: the sum of the ratings'
scores as a percentage of the top score over the rated (applicable) standards.

Where the partners rate first, each standard carries their own views. These documents are shared, one
for everyone who may download them, so a partner's view is shown only where every view of that standard is
open to everyone (`StandardViews.cells(None)`, access.partner_view_shown's rule); elsewhere the documents
say the views are not shown yet (VIEWS_NOT_OPEN), and show no rating, comment or divergence.

Where the assessment has a frontline pulse, each standard with a statement carries the frontline's figures as
`selectors.pulse.pulse_results` gives them (suppressed below the small-number thresholds) and any perception
gap. Everyone who may download an assessment's documents may see its pulse (its partners' members, and BASW
once it is sent: access.pulse_results_refusal), so the shared documents carry it. The frontline's comments are
never read here, so no document can hold one.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import Action, Assessment, PartnerView, Priority, Response, SignOff
from assessments.scoring import Divergence, Scale
from assessments.selectors import overview
from assessments.selectors.partner_views import StandardViews, views_prefetch
from assessments.selectors.pulse import FrontlineCell, PulseResults, pulse_results
from assessments.selectors.review import query_history
from assessments.selectors.snapshots import ShownProfile, profile_shown
from assessments.selectors.trend import Trend, partnership_trend

PRIORITY_ORDER = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
JOINT = "Joint (all partners)"
NOT_APPLICABLE = "Not applicable"
NOT_YET_RATED = "Not yet rated"
VIEW_NOT_GIVEN = "Not given"  # shown only once the views are open without it: a lead showed them all early
VIEWS_NOT_OPEN = "Partners' views are shown once every partner has given its own."
# The standards whose partners' views were apart, the furthest apart first.
APART = {Divergence.DIVERGENT: 0, Divergence.DIFFERS: 1}


@dataclass(frozen=True)
class PartnerRating:
    """One partner's own view of a standard, as a shared document shows it (only where the views are open)."""

    organisation: object
    view: PartnerView | None  # None: this partner has not given it

    @property
    def label(self) -> str:
        if self.view is None:
            return VIEW_NOT_GIVEN
        return NOT_APPLICABLE if self.view.not_applicable else self.view.rating.label

    @property
    def reason(self) -> str:
        """Why the partner said not applicable ("" otherwise)."""
        return self.view.not_applicable_reason if self.view is not None and self.view.not_applicable else ""

    @property
    def comment(self) -> str:
        return self.view.comment if self.view is not None else ""


@dataclass
class ActionItem:
    action: Action
    code: str
    title: str
    rating: str
    responsible: str
    overdue: bool

    @property
    def priority(self):
        return self.action.get_priority_display()

    @property
    def status(self):
        return self.action.status_label  # "Carried forward to 2027/28" once moved to a later assessment


@dataclass
class PriorityGroup:
    label: str
    items: list


@dataclass
class ResponsibleGroup:
    label: str
    priorities: list
    count: int


@dataclass
class StandardEntry:
    response: Response
    rating: str
    flagged: bool  # rated at the top of the scale with no evidence given
    files: list
    actions: list
    views: StandardViews | None = None  # the partners' own views, when they rate first
    frontline: FrontlineCell | None = None  # the frontline's figures: only with a pulse, on a standard with a statement

    @property
    def views_open(self) -> bool:
        return self.views is not None and self.views.open

    @property
    def partner_ratings(self) -> list[PartnerRating]:
        """Each partner's own view in partner order (trust first); none until the views are open to everyone."""
        if not self.views_open:
            return []
        return [PartnerRating(cell.organisation, cell.view) for cell in self.views.cells(None)]

    @property
    def divergence(self) -> Divergence | None:
        """How far apart the partners' views are; None until they are open (StandardViews holds it back)."""
        return self.views.divergence if self.views_open else None


@dataclass
class DomainEntry:
    domain: object
    standards: list = field(default_factory=list)
    score: float | None = None
    rated: int = 0


@dataclass
class Report:
    assessment: Assessment
    partners: list
    signoffs: list
    levels: list
    domains: list
    rating_counts: list  # (label, count) in scale order, then not applicable and unanswered
    overall: float | None
    band: object
    actions: list  # ActionItem in plan order
    by_responsible: list  # ResponsibleGroup
    teams: list  # as at submission once sent to BASW (profile.teams)
    today: date
    generated: object
    divergence_levels: int = 2  # the version's threshold for divergent (Scale.divergence_levels)
    profile: ShownProfile | None = None  # the profile and teams shown, and as at when (selectors.snapshots)
    trend: Trend | None = None  # the accepted assessments' stored scores up to this one's period (selectors.trend)
    pulse: PulseResults | None = None  # the frontline pulse's results (selectors.pulse), when it has one

    @property
    def perception_gaps(self) -> list[StandardEntry]:
        """Standards where the leads' rating and the frontline's agreement are far apart, in task order."""
        return [entry for entry in self.standards if entry.frontline is not None and entry.frontline.gap]

    @property
    def partners_rate_first(self) -> bool:
        return self.assessment.partners_rate_first

    @property
    def standards(self):
        return [entry for domain in self.domains for entry in domain.standards]

    @property
    def flagged(self):
        return [entry for entry in self.standards if entry.flagged]

    @property
    def isolated_teams(self):
        return [team for team in self.teams if team.is_isolated]

    @property
    def overdue(self):
        return [item for item in self.actions if item.overdue]

    @property
    def differences(self) -> list[StandardEntry]:
        """Standards whose partners' views were apart: divergent ones, then those that differ, each in task order."""
        apart = [entry for entry in self.standards if entry.divergence in APART]
        return sorted(apart, key=lambda entry: APART[entry.divergence])

    @property
    def views_not_open(self) -> list[StandardEntry]:
        """Standards whose partners' views are not shown yet (some partner has still to give its own)."""
        return [entry for entry in self.standards if entry.views is not None and not entry.views.open]

    @property
    def missing_signoffs(self):
        signed = {s.organisation_id for s in self.signoffs}
        return [org for org in self.partners if org.pk not in signed]


def _rating_label(response) -> str:
    if response.not_applicable:
        return NOT_APPLICABLE
    return response.rating.label if response.rating_id else NOT_YET_RATED


def report_for(assessment: Assessment, *, today: date | None = None) -> Report:
    """Everything the reports show about one assessment: thirteen queries (fourteen with partners' views, three
    more with a frontline pulse), whatever its size."""
    today = today or timezone.localdate()
    assessment = (
        Assessment.objects.select_related(
            "partnership__trust", "version__framework", "reviewer", "accepted_by", "created_by", "profile_snapshot"
        )
        .prefetch_related("partnership__councils", "version__bands", "version__rating_levels")
        .get(pk=assessment.pk)
    )
    partnership = assessment.partnership
    partners = partnership.partner_organisations()
    profile = profile_shown(assessment)  # as at submission: a later edit of the profile or a team does not show
    scale = Scale.of(assessment.version)
    levels = list(scale.levels)
    signoffs = list(SignOff.objects.filter(assessment=assessment).select_related("organisation").order_by("signed_at"))

    actions_qs = Action.objects.select_related("responsible_organisation", "carried_to__response__assessment").order_by(
        "due_date", "pk"
    )
    responses = (
        Response.objects.filter(assessment=assessment)
        .select_related("standard__domain", "rating", "expected_rating", "evidence_holder")
        .prefetch_related(Prefetch("actions", queryset=actions_qs), "files", query_history())
        .order_by("standard__domain__order", "standard__source_order")
    )
    if assessment.partners_rate_first:
        responses = responses.prefetch_related(views_prefetch())
    responses = list(responses)
    # The task list's own rules, on what is read already (no query): "top rating without evidence", and each
    # standard's partner views (StandardViews: which are open, how far apart).
    rows = overview(assessment, responses=responses, scale=scale).rows
    flagged_ids = {row.response.pk for row in rows if row.flagged}
    views_of = {row.response.pk: row.views for row in rows}
    # The agreed ratings are read already: the pulse's perception gaps are against them.
    ratings = {r.standard_id: r.rating for r in responses if r.rating_id and not r.not_applicable}
    pulse = pulse_results(assessment, ratings=ratings)

    domains: dict[int, DomainEntry] = {}
    sums: dict[int, list] = {}
    counts = {level.pk: 0 for level in levels}
    not_applicable = unanswered = 0
    items = []
    for response in responses:
        standard = response.standard
        rating = _rating_label(response)
        if response.not_applicable:
            not_applicable += 1
        elif response.rating_id:
            counts[response.rating_id] += 1
            total = sums.setdefault(standard.domain_id, [0, 0])
            total[0] += response.rating.score
            total[1] += 1
        else:
            unanswered += 1
        flagged = response.pk in flagged_ids
        actions = list(response.actions.all())
        entry = StandardEntry(
            response,
            rating,
            flagged,
            list(response.files.all()),
            actions,
            views=views_of.get(response.pk),
            frontline=pulse.for_standard(standard.pk),
        )
        domains.setdefault(standard.domain_id, DomainEntry(standard.domain)).standards.append(entry)
        for action in actions:
            items.append(
                ActionItem(
                    action=action,
                    code=standard.code,
                    title=standard.title,
                    rating=rating,
                    responsible=action.responsible_organisation.name if action.responsible_organisation_id else JOINT,
                    overdue=action.is_overdue_on(today),
                )
            )
    for domain_id, entry in domains.items():
        total, n = sums.get(domain_id, (0, 0))
        entry.score, entry.rated = scale.percent(total, n), n

    overall_total = sum(t for t, _ in sums.values())
    overall_n = sum(n for _, n in sums.values())
    overall = scale.percent(overall_total, overall_n)
    band = scale.band_for(overall)

    # The trust, then each council, then any former partner still holding actions, then joint actions.
    order = {org.pk: index for index, org in enumerate(partners)}
    former, joint = len(partners), len(partners) + 1

    def plan_key(item):
        organisation = item.action.responsible_organisation_id
        return (
            order.get(organisation, former) if organisation else joint,
            PRIORITY_ORDER.get(item.action.priority, 9),
            item.action.due_date,
            item.code,
            item.action.pk,
        )

    items.sort(key=plan_key)
    # Every partner has its group, with or without actions, so the plan shows who has none.
    groups = {org.pk: ResponsibleGroup(org.name, [], 0) for org in partners}
    joint_group = ResponsibleGroup(JOINT, [], 0)
    for item in items:
        organisation = item.action.responsible_organisation_id
        if organisation:
            group = groups.setdefault(organisation, ResponsibleGroup(item.responsible, [], 0))
        else:
            group = joint_group
        if not group.priorities or group.priorities[-1].label != item.priority:
            group.priorities.append(PriorityGroup(item.priority, []))
        group.priorities[-1].items.append(item)
        group.count += 1
    by_responsible = [*groups.values(), joint_group]

    rating_counts = [(level.label, counts[level.pk]) for level in reversed(levels)]
    rating_counts += [(NOT_APPLICABLE, not_applicable), (NOT_YET_RATED, unanswered)]

    return Report(
        assessment=assessment,
        partners=partners,
        signoffs=signoffs,
        levels=levels,
        domains=list(domains.values()),
        rating_counts=rating_counts,
        overall=overall,
        band=band,
        actions=items,
        by_responsible=by_responsible,
        teams=profile.teams,
        today=today,
        generated=timezone.localtime(),
        divergence_levels=scale.divergence_levels,
        profile=profile,
        trend=partnership_trend(partnership, until=assessment.period),  # two queries
        pulse=pulse if pulse.exists else None,
    )
