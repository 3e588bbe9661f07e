"""What an assessment's reports say, read once and shared by the PDF, CSV and XLSX.

`report_for` reads everything with a fixed number of queries whatever the number of standards or
actions; the formats only lay it out. Scores follow the national picture: the sum of the ratings'
scores as a percentage of the top score over the rated (applicable) standards.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import Action, Assessment, Priority, Response, SignOff
from assessments.scoring import Scale
from assessments.selectors import overview
from assessments.selectors.review import query_history

PRIORITY_ORDER = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
JOINT = "Joint (all partners)"


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
    teams: list
    today: date
    generated: object

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
    def missing_signoffs(self):
        signed = {s.organisation_id for s in self.signoffs}
        return [org for org in self.partners if org.pk not in signed]


def _rating_label(response) -> str:
    if response.not_applicable:
        return "Not applicable"
    return response.rating.label if response.rating_id else "Not yet rated"


def report_for(assessment: Assessment, *, today: date | None = None) -> Report:
    """Everything the reports show about one assessment: ten queries, whatever its size."""
    today = today or timezone.localdate()
    assessment = (
        Assessment.objects.select_related(
            "partnership__trust", "version__framework", "reviewer", "accepted_by", "created_by"
        )
        .prefetch_related("partnership__councils", "version__bands", "version__rating_levels")
        .get(pk=assessment.pk)
    )
    partnership = assessment.partnership
    partners = partnership.partner_organisations()
    scale = Scale.of(assessment.version)
    levels = list(scale.levels)
    signoffs = list(SignOff.objects.filter(assessment=assessment).select_related("organisation").order_by("signed_at"))

    actions_qs = Action.objects.select_related("responsible_organisation", "carried_to__response__assessment").order_by(
        "due_date", "pk"
    )
    responses = list(
        Response.objects.filter(assessment=assessment)
        .select_related("standard__domain", "rating", "expected_rating", "evidence_holder")
        .prefetch_related(Prefetch("actions", queryset=actions_qs), "files", query_history())
        .order_by("standard__domain__order", "standard__source_order")
    )
    # The task list's own rule for "top rating without evidence", on what is read already (no query).
    flagged_ids = {row.response.pk for row in overview(assessment, responses=responses, scale=scale).flagged}

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
        entry = StandardEntry(response, rating, flagged, list(response.files.all()), actions)
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
    rating_counts += [("Not applicable", not_applicable), ("Not yet rated", unanswered)]

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
        teams=list(partnership.teams.order_by("name")),
        today=today,
        generated=timezone.localtime(),
    )
