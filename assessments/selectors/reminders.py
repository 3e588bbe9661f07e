"""Who is to be reminded of what on a given day, read in a fixed number of queries whatever the size of the plans.

The live plan is the open actions (not done or dropped, not carried forward) of accepted assessments. An action
is **due soon** when it falls due within settings.REMINDER_DAYS_BEFORE days (today included) and **overdue**
once its due date is past. Its owner, when the owner has an account that is active and still belongs to a
partner organisation of the partnership, hears of it once per due date for each; each partnership's governance
leads (of the trust and every council, active) get one digest a week of its overdue and soon-due actions.

Each reminder has a key (`Notification.once_key`, unique): what is planned here leaves out the keys already
recorded, and the service (services/reminders.py) relies on the unique constraint for a run at the same moment.
Five queries: the actions (with their assessment, partnership, standard and owner), the partnerships' councils,
the owners' memberships, the leads, and the reminders already recorded.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from ..models import Action, Assessment, Membership, Notification, Partnership, Role, Status, User

# A reminder's kind is its Notification.kind and the name of its email template (templates/emails/<kind>.txt).
DUE_SOON = "action_due_soon"
OVERDUE = "action_overdue"
DIGEST = "plan_digest"
KINDS = (DUE_SOON, OVERDUE, DIGEST)


def owner_key(kind: str, action: Action, user: User) -> str:
    prefix = "due_soon" if kind == DUE_SOON else "overdue"
    return f"{prefix}:{action.pk}:{action.due_date.isoformat()}:{user.pk}"


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(partnership: Partnership, user: User, day: date) -> str:
    return f"digest:{partnership.pk}:{user.pk}:{iso_week(day)}"


@dataclass(frozen=True)
class Reminder:
    """One email to send: its kind, to whom, about which actions (one for an owner, the partnership's for a lead),
    recorded against `assessment`, once for `once_key`."""

    kind: str
    recipient: User
    partnership: Partnership
    assessment: Assessment
    actions: tuple[Action, ...]
    once_key: str


def live_actions(today: date, days_before: int) -> list[Action]:
    """The open actions of accepted assessments that are overdue or fall due within `days_before` days, by due
    date; each with its assessment, partnership (and councils), standard and owner (and the owner's memberships)."""
    return list(
        Action.objects.open()
        .filter(response__assessment__status=Status.ACCEPTED, due_date__lte=today + timedelta(days=days_before))
        .select_related("response__assessment__partnership", "response__standard", "owner")
        .prefetch_related("response__assessment__partnership__councils", "owner__memberships")
        .order_by("due_date", "pk")
    )


def partner_org_ids(partnership: Partnership) -> set[int]:
    """The trust and every council of the partnership (councils prefetched)."""
    return {partnership.trust_id, *(council.pk for council in partnership.councils.all())}


def may_be_reminded(user: User | None, partnership: Partnership) -> bool:
    """An owner with an account is told when it is active and still a member of a partner organisation."""
    if user is None or not user.is_active:
        return False
    partners = partner_org_ids(partnership)
    return any(m.organisation_id in partners for m in user.memberships.all())


def leads_by_partnership(partnerships: list[Partnership]) -> dict[int, list[User]]:
    """Each partnership's active governance leads, of the trust and every council, each once, in name order."""
    orgs = {p.pk: partner_org_ids(p) for p in partnerships}
    every_org = set().union(*orgs.values()) if orgs else set()
    memberships = Membership.objects.filter(
        role=Role.LEAD, user__is_active=True, organisation_id__in=every_org
    ).select_related("user")
    people_at: dict[int, dict[int, User]] = {}
    for m in memberships:
        people_at.setdefault(m.organisation_id, {})[m.user.pk] = m.user
    leads = {}
    for pk, org_ids in orgs.items():
        people = {user.pk: user for org_id in org_ids for user in people_at.get(org_id, {}).values()}
        leads[pk] = sorted(people.values(), key=lambda u: (u.full_name, u.pk))
    return leads


def recorded_keys(assessment_ids: set[int], today: date) -> set[str]:
    """The reminder keys already recorded that could come up today: the owners' reminders of these assessments
    (their actions' keys), and this week's digests."""
    keys = Notification.objects.filter(
        Q(kind__in=[DUE_SOON, OVERDUE], assessment_id__in=assessment_ids)
        | Q(kind=DIGEST, once_key__endswith=f":{iso_week(today)}"),
        once_key__isnull=False,
    ).values_list("once_key", flat=True)
    return set(keys)


def reminders_due(today: date, *, days_before: int | None = None) -> list[Reminder]:
    """Every reminder not yet recorded that is due today: the owners' (due soon, then overdue, by due date), then
    the leads' digests (by partnership, then lead)."""
    days_before = settings.REMINDER_DAYS_BEFORE if days_before is None else days_before
    actions = live_actions(today, days_before)
    if not actions:
        return []
    assessments = {a.response.assessment_id: a.response.assessment for a in actions}
    done = recorded_keys(set(assessments), today)
    owners: dict[str, list[Reminder]] = {DUE_SOON: [], OVERDUE: []}
    by_partnership: dict[int, list[Action]] = {}
    for action in actions:
        assessment = action.response.assessment
        partnership = assessment.partnership
        by_partnership.setdefault(partnership.pk, []).append(action)
        if not may_be_reminded(action.owner, partnership):
            continue
        kind = OVERDUE if action.due_date < today else DUE_SOON
        key = owner_key(kind, action, action.owner)
        if key not in done:
            owners[kind].append(Reminder(kind, action.owner, partnership, assessment, (action,), key))
    partnerships = sorted({a.response.assessment.partnership for a in actions}, key=lambda p: (p.name, p.pk))
    leads = leads_by_partnership(partnerships)
    digests = []
    for partnership in partnerships:
        theirs = tuple(sorted(by_partnership[partnership.pk], key=lambda a: (a.due_date >= today, a.due_date, a.pk)))
        latest = max((a.response.assessment for a in theirs), key=lambda a: (a.accepted_at, a.pk))
        for lead in leads[partnership.pk]:
            key = digest_key(partnership, lead, today)
            if key not in done:
                digests.append(Reminder(DIGEST, lead, partnership, latest, theirs, key))
    return [*owners[DUE_SOON], *owners[OVERDUE], *digests]
