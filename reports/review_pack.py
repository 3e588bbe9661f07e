"""What the s75 review pack says: the action plan's progress, for the partnership agreement's annual review.

`pack_for` reads an assessment's plan with five queries whatever its size (the assessment, its councils, the
actions with their standards, each action's latest progress note, the interim ratings); the PDF and the XLSX
only lay it out. The review date is the partnership's `next_review_date` (its agreement's next annual review).

For each responsible organisation (the trust, each council, any former partner still holding actions, then
the actions held jointly): each action with its standard, owner, due date and status, and its latest progress
note; the totals by status; and, for the whole plan, the standards whose actions are all done
(services.plan.all_actions_done) with their latest interim rating where a lead recorded one.

Statuses: done, in progress and not started, as the actions say; dropped (with the reason); carried forward
to a later assessment (it is followed there, so it counts apart from the others). Overdue is an open action
past its due date: it is counted among not started or in progress too.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import dateformat, timezone

from assessments.models import Act, Action, ActionNote, ActionStatus, Assessment, InterimRating, status_allows
from assessments.selectors.plan_progress import PlanProgress
from assessments.services.plan import all_actions_done

JOINTLY = "Jointly"
ALL_ORGANISATIONS = "All organisations"
NO_REVIEW_DATE = "Not recorded: a governance lead can add it to the partnership's profile"
NOT_LIVE = (
    "BASW has not accepted this assessment yet, so its action plan may still change; progress is recorded once "
    "it is accepted."
)
CARRIED_IN = "Carried forward from the last assessment"
NOT_APPLICABLE = "Not applicable"
NOT_YET_RATED = "Not yet rated"


@dataclass
class PackAction:
    action: Action
    code: str
    title: str
    overdue: bool
    note: ActionNote | None  # the latest progress note, if any

    @property
    def status(self) -> str:
        """Done, In progress, ...; "Carried forward to 2027/28" once moved to a later assessment."""
        return self.action.status_label

    @property
    def dropped(self) -> bool:
        return self.action.status == ActionStatus.DROPPED

    @property
    def dropped_reason(self) -> str:
        return self.action.dropped_reason if self.dropped else ""

    @property
    def carried(self) -> str:
        """Where the action came from or went: carried forward to a later assessment, or from the last one."""
        if self.action.carried_to_id is not None:
            return self.status
        return CARRIED_IN if self.action.carried_forward else ""


@dataclass
class Section:
    """One responsible organisation's actions (organisation None: the actions held jointly)."""

    label: str
    organisation: object
    items: list = field(default_factory=list)
    totals: PlanProgress = field(default_factory=PlanProgress)


@dataclass
class DoneStandard:
    """A standard whose actions are all done (or dropped, one at least done), with its latest interim rating."""

    code: str
    title: str
    rating: str  # as accepted
    actions: int
    interim: InterimRating | None


@dataclass
class ReviewPack:
    assessment: Assessment
    partners: list
    sections: list  # Section: each partner, any former partner, then jointly
    totals: PlanProgress
    done_standards: list
    today: date
    generated: object

    @property
    def partnership(self):
        return self.assessment.partnership

    @property
    def review_date(self) -> date | None:
        return self.partnership.next_review_date

    @property
    def review_date_label(self) -> str:
        return dateformat.format(self.review_date, "j F Y") if self.review_date else NO_REVIEW_DATE

    @property
    def plan_is_live(self) -> bool:
        return status_allows(self.assessment.status, Act.PROGRESS)

    @property
    def not_live_note(self) -> str:
        return "" if self.plan_is_live else NOT_LIVE

    @property
    def items(self) -> list[PackAction]:
        return [item for section in self.sections for item in section.items]


def _rating_label(response) -> str:
    if response.not_applicable:
        return NOT_APPLICABLE
    return response.rating.label if response.rating_id else NOT_YET_RATED


def _actions(assessment: Assessment) -> list[Action]:
    """Every action of the plan with its standard and rating, and only its latest note (two queries)."""
    latest = ActionNote.objects.filter(action=OuterRef("action")).order_by("-written_at", "-pk").values("pk")[:1]
    notes = ActionNote.objects.filter(pk=Subquery(latest)).select_related("written_by")
    return list(
        Action.objects.filter(response__assessment=assessment)
        .select_related(
            "response__standard__domain",
            "response__rating",
            "responsible_organisation",
            "carried_to__response__assessment",
        )
        .prefetch_related(Prefetch("notes", queryset=notes, to_attr="latest_notes"))
        .order_by("due_date", "response__standard__domain__order", "response__standard__source_order", "pk")
    )


def pack_for(assessment: Assessment, *, today: date | None = None) -> ReviewPack:
    """The s75 review pack of one assessment's plan as it stands today: five queries, whatever its size."""
    today = today or timezone.localdate()
    assessment = (
        Assessment.objects.select_related("partnership__trust", "version__framework")
        .prefetch_related("partnership__councils")
        .get(pk=assessment.pk)
    )
    partners = assessment.partnership.partner_organisations()
    actions = _actions(assessment)
    interims: dict[int, InterimRating] = {}
    for interim in InterimRating.objects.filter(response__assessment=assessment).select_related("rating"):
        interims.setdefault(interim.response_id, interim)  # newest first: the first is the latest

    sections = {org.pk: Section(org.name, org) for org in partners}
    jointly = Section(JOINTLY, None)
    by_response: dict[int, list] = {}
    for action in actions:
        standard = action.response.standard
        item = PackAction(
            action=action,
            code=standard.code,
            title=standard.title,
            overdue=action.is_overdue_on(today),
            note=action.latest_notes[0] if action.latest_notes else None,
        )
        organisation = action.responsible_organisation
        if organisation is None:
            section = jointly
        else:  # a former partner still holding actions gets its own section, after the partners
            section = sections.setdefault(organisation.pk, Section(organisation.name, organisation))
        section.items.append(item)
        by_response.setdefault(action.response_id, []).append(action)

    totals = PlanProgress()
    for section in [*sections.values(), jointly]:
        section.totals = PlanProgress.counted([item.action for item in section.items], today)
        totals += section.totals

    done = []
    for group in by_response.values():
        if all_actions_done(group):
            response = group[0].response
            done.append((response, len(group)))
    done.sort(key=lambda pair: (pair[0].standard.domain.order, pair[0].standard.source_order))
    done_standards = [
        DoneStandard(r.standard.code, r.standard.title, _rating_label(r), n, interims.get(r.pk)) for r, n in done
    ]

    return ReviewPack(
        assessment=assessment,
        partners=partners,
        sections=[*sections.values(), jointly],
        totals=totals,
        done_standards=done_standards,
        today=today,
        generated=timezone.localtime(),
    )
