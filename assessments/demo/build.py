"""Building the demo assessments through the workflow services, never by setting a status.

Each assessment is found again by (partnership, period) and left alone when it exists, so a second run
changes nothing. Events of the older assessments are moved back to believable dates afterwards; that
touches timestamps only, never a status.
"""

from bisect import bisect_right
from datetime import timedelta

from django.utils import timezone

from standards.models import FrameworkVersion

from ..models import (
    Action,
    ActionStatus,
    Assessment,
    Event,
    EventKind,
    Membership,
    Partnership,
    PartnerView,
    ProfileSnapshot,
    RatingMode,
    Response,
    ReviewState,
    SignOff,
    Status,
)
from ..services import (
    ActionData,
    ResponseData,
    action_create,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    response_save,
)
from ..services.partner_views import ViewData, partner_view_save
from ..services.review import response_review
from .answers import Answer, Theme, theme_for
from .partner_views import PARTNERS, View, patterns_for


class Cycle:
    """(days from today, status) for the actions of an assessment, used in turn: some done, some overdue."""

    def __init__(self, slots: list[tuple[int, str]]):
        self.slots = slots

    def slot(self, earlier: list[str], description: str) -> tuple[int, str, str]:
        """(days from today it falls due, its status, "": the owner the builder picks for its organisation) for
        the action after `earlier` (what the assessment's actions so far say)."""
        days, status = self.slots[len(earlier) % len(self.slots)]
        return days, status, ""


ACCEPTED_ACTION_PLAN = Cycle(
    [
        (-75, ActionStatus.DONE),
        (-21, ActionStatus.IN_PROGRESS),
        (45, ActionStatus.IN_PROGRESS),
        (-6, ActionStatus.NOT_STARTED),
        (-40, ActionStatus.DONE),
        (120, ActionStatus.NOT_STARTED),
    ]
)
CURRENT_ACTION_PLAN = Cycle(
    [
        (90, ActionStatus.NOT_STARTED),
        (150, ActionStatus.IN_PROGRESS),
        (-10, ActionStatus.IN_PROGRESS),
        (60, ActionStatus.NOT_STARTED),
        (210, ActionStatus.NOT_STARTED),
    ]
)


class Builder:
    """Answers, actions and sign-offs for one partnership, spoken by its people."""

    def __init__(
        self,
        *,
        partnership: Partnership,
        people: dict,
        side: str,
        lead: str,
        council_leads: list[str],
        chair: tuple[str, str],
    ):
        self.partnership = partnership
        self.people = people
        self.side = side  # "north" or "south": which answer of each theme this partnership gives
        self.lead = people[lead]
        self.council_leads = [people[key] for key in council_leads]
        self.trust = partnership.trust
        self.council = partnership.partner_organisations()[1]
        self.council_lead = next(
            person for person in self.council_leads if person.memberships.filter(organisation=self.council).exists()
        )
        self.chair = chair  # (name, role) of who owns joint actions: a named person without an account

    def _holder(self, key):
        return {"trust": self.trust, "council": self.council, "joint": None}[key]

    def _owner(self, key: str, chosen: str = ""):
        """(owner with an account or None, name, role): the responsible organisation's lead, `chosen` (a PEOPLE
        key) when a story names someone else, and the board's chair, who has no account, for joint actions."""
        if chosen:
            person = self.people[chosen]
        elif key == "joint":
            return None, *self.chair
        elif key == "trust":
            person = self.lead
        else:
            person = self.council_lead
        return person, person.full_name, person.job_title

    def start(self, period: str, version: FrameworkVersion, rating_mode=RatingMode.TOGETHER) -> Assessment:
        return assessment_start(
            partnership=self.partnership, period=period, version=version, actor=self.lead, rating_mode=rating_mode
        )

    def answer(self, assessment, response, answer: Answer, *, levels, actor=None, rationale=""):
        if answer.rating == "na":
            rating, not_applicable, reason, evidence = None, True, answer.evidence, ""
        else:
            rating, not_applicable, reason, evidence = levels[answer.rating], False, "", answer.evidence
        response.refresh_from_db()
        data = ResponseData(
            rating=rating,
            not_applicable=not_applicable,
            not_applicable_reason=reason,
            evidence=evidence,
            evidence_holder=self._holder(answer.holder),
            evidence_held_jointly=answer.holder == "joint",
            agreed_rationale=rationale,
        )
        return response_save(response=response, actor=actor or self.lead, lock_version=response.lock_version, data=data)

    def add_action(self, response, theme: Theme, plan, *, actor=None):
        """`plan`: a Cycle, or progress.YearPlan, which gives each action's due date, status and owner."""
        responsible, priority, description = theme.action
        earlier = Action.objects.filter(response__assessment=response.assessment).order_by("pk")
        days, status, chosen = plan.slot(list(earlier.values_list("description", flat=True)), description)
        owner, owner_name, owner_role = self._owner(responsible, chosen)
        data = ActionData(
            description=description,
            owner=owner,
            owner_name=owner_name,
            owner_role=owner_role,
            responsible_organisation=self._holder(responsible),
            due_date=timezone.localdate() + timedelta(days=days),
            priority=priority,
            status=status,
        )
        return action_create(response=response, actor=actor or self.lead, data=data)

    def fill(self, assessment: Assessment, plan, *, then=None):
        """Answer every standard and add an action for every gap. `then`: how an answer read a year before this
        one (a function of the Answer), for an earlier assessment."""
        levels = rating_levels(assessment.version)
        for response in assessment.responses.select_related("standard").order_by("standard__source_order"):
            theme = theme_for(response.standard)
            answer = getattr(theme, self.side)
            answer = then(answer) if then else answer
            response = self.answer(assessment, response, answer, levels=levels)
            if answer.rating != "na" and levels[answer.rating] != levels["top"]:
                self.add_action(response, theme, plan)

    def rate_apart(self, assessment: Assessment, plan):
        """Each partner's own view of the standards (partner_views.PATTERNS), given by its own leads and
        contributors in turn; then the answers already agreed, with an action for each agreed gap."""
        levels = rating_levels(assessment.version)
        editors = {key: self._editors(key) for key in PARTNERS}
        responses = assessment.responses.select_related("standard")
        for i, (response, pattern) in enumerate(patterns_for(responses)):
            for key in PARTNERS:
                view = pattern.view_of(key)
                if view is not None:
                    actor, membership = editors[key][i % 2]
                    self.give_view(response, view, actor=actor, membership=membership, levels=levels)
            if pattern.agreed is not None:
                actor = self.council_leads[0] if pattern.agreed.holder == "council" else self.lead
                response = self.answer(
                    assessment, response, pattern.agreed, levels=levels, actor=actor, rationale=pattern.rationale
                )
                if pattern.agreed.rating != "na" and levels[pattern.agreed.rating] != levels["top"]:
                    self.add_action(response, theme_for(response.standard), plan, actor=actor)

    def _editors(self, key: str) -> list:
        """(person, membership) for the organisation's contributor and its lead (world.PEOPLE keys)."""
        pairs = []
        for role in ("contributor", "lead"):
            person = self.people[f"{key}_{role}"]
            pairs.append((person, Membership.objects.select_related("organisation").get(user=person)))
        return pairs

    def give_view(self, response, view: View, *, actor, membership, levels):
        current = PartnerView.objects.filter(response=response, organisation=membership.organisation).first()
        na = view.rating == "na"
        data = ViewData(
            rating=None if na else levels[view.rating],
            not_applicable=na,
            not_applicable_reason=view.comment if na else "",
            comment="" if na else view.comment,
        )
        lock_version = current.lock_version if current else 0
        return partner_view_save(
            response=response, actor=actor, membership=membership, lock_version=lock_version, data=data
        )

    def sign_off_all(self, assessment: Assessment):
        for person in [self.lead, *self.council_leads]:
            membership = (
                Membership.objects.filter(user=person, organisation__in=self.partnership.partner_organisations())
                .select_related("organisation")
                .get()
            )
            assessment_sign_off(assessment=assessment, actor=person, membership=membership)

    def submit(self, assessment: Assessment) -> Assessment:
        self.sign_off_all(assessment)
        return assessment_submit(assessment=assessment, actor=self.lead)


def rating_levels(version: FrameworkVersion) -> dict:
    """The version's scale by place: top, good (one below), some (one above the bottom), none (bottom)."""
    levels = list(version.rating_levels.order_by("score"))
    return {
        "top": levels[-1],
        "good": levels[max(len(levels) - 2, 0)],
        "some": levels[min(1, len(levels) - 1)],
        "none": levels[0],
    }


def _queried(assessment: Assessment, words: tuple[str, ...]):
    for response in assessment.responses.select_related("standard"):
        text = f"{response.standard.title} {response.standard.text}".lower()
        if any(word in text for word in words):
            return response
    return None


def review(assessment, officer, *, queries: list[tuple[tuple[str, ...], str]]):
    """Agree with every answer except the queried ones; returns the queried responses."""
    queried = []
    for words, comment in queries:
        response = _queried(assessment, words) or assessment.responses.exclude(pk__in=[r.pk for r in queried])[0]
        response_review(
            response=response,
            actor=officer,
            state=ReviewState.QUERIED,
            comment=comment,
            expected_rating=rating_levels(assessment.version)["some"],
        )
        queried.append(response)
    for response in assessment.responses.exclude(pk__in=[r.pk for r in queried]):
        response_review(response=response, actor=officer, state=ReviewState.AGREED, comment="")
    return queried


def backdate(assessment: Assessment, *, first_day: int, last_day: int):
    """Spread the assessment's events evenly between `first_day` and `last_day` days before today, and move its
    answers', views' and actions' history with them, so each change keeps its place among the events."""
    events = list(assessment.events.order_by("pk"))
    was = [event.at for event in events]
    now = timezone.now()
    step = (first_day - last_day) / max(len(events) - 1, 1)
    for i, event in enumerate(events):
        event.at = now - timedelta(days=first_day - i * step, hours=(i * 7) % 9)
        Event.objects.filter(pk=event.pk).update(at=event.at)
    _move_history(assessment, was, [event.at for event in events])
    moves = {e.to_status: e.at for e in events if e.kind == EventKind.TRANSITION}
    fields = {"created_at": events[0].at}
    if assessment.submitted_at:
        fields["submitted_at"] = moves.get(Status.SUBMITTED, assessment.submitted_at)
    if assessment.accepted_at:
        fields["accepted_at"] = moves.get(Status.ACCEPTED, assessment.accepted_at)
    Assessment.objects.filter(pk=assessment.pk).update(**fields)
    if assessment.submitted_at:  # the profile was frozen when it was (last) submitted
        ProfileSnapshot.objects.filter(assessment=assessment).update(taken_at=fields["submitted_at"])
    for signoff in SignOff.objects.filter(assessment=assessment).select_related("organisation"):
        signed = [e.at for e in events if e.kind == EventKind.SIGNED_OFF and signoff.organisation.name in e.note]
        if signed:
            SignOff.objects.filter(pk=signoff.pk).update(signed_at=signed[-1])


def _move_history(assessment: Assessment, was: list, moved: list):
    """Move each history record (and each action's creation) by as much as the event before it moved."""

    def shifted(at):
        i = max(bisect_right(was, at) - 1, 0)
        return moved[i] + (at - was[i])

    responses = assessment.responses.values("pk")
    for history in (
        Response.history.filter(assessment_id=assessment.pk),
        PartnerView.history.filter(response_id__in=responses),
        Action.history.filter(response_id__in=responses),
    ):
        for pk, at in history.values_list("pk", "history_date"):
            history.model.objects.filter(pk=pk).update(history_date=shifted(at))
    for pk, at in Action.objects.filter(response__assessment=assessment).values_list("pk", "created_at"):
        Action.objects.filter(pk=pk).update(created_at=shifted(at))
