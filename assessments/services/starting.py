"""Starting an assessment: its period, and carrying the last accepted one forward.

Carrying forward copies ratings and evidence, and MOVES each open action: the new assessment gets a copy
marked carried forward, and the old action records where it went (`carried_to`), so it is open once, on
the new assessment, everywhere actions are counted. The accepted assessment is locked to the partnership,
but this move is the service's own write: it goes through `lock_for_change` (so its cached reports are
re-rendered) and the audit history records it.

Moving to a version that no longer has some items (the 2012 charter dropped ten of BASW 2010's) cannot
carry their answers, but never loses their open actions: each moves to an item of the new version the
lead picks on the start page, by default the nearest item of the same domain (see `default_target`).
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from standards.models import FrameworkVersion, Standard, VersionStatus

from ..models import Action, Assessment, Event, EventKind, InterimRating, Partnership, RatingMode, Response, Status
from .errors import WorkflowError
from .locking import lock_for_change

VERSION_NOT_PUBLISHED = "Assessments can only use a published version of the standards."
PERIOD_TAKEN = "This partnership already has an assessment for {period}."
PERIOD_FORMAT = "Give the period as a financial year, e.g. 2026/27."
PERIOD_SEQUENCE = "The second year must follow the first, e.g. 2026/27."
PERIOD_RANGE = "Give a financial year from {first} to {last}."
RATING_MODE_UNKNOWN = "Choose how the partners will rate: each partner first, or together."
MOVE_NOT_IN_VERSION = "Choose where {code}'s open actions go from the items of {version}."
FIRST_YEAR = 2000
YEARS_AHEAD = 2  # a partnership may start an assessment up to two financial years ahead


def financial_year(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def current_financial_year(today=None) -> int:
    """The first calendar year of the financial year (April to March) holding `today`."""
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def period_problem(period: str, today=None) -> str | None:
    """Why `period` is not a financial year a partnership may assess, or None. Form and service both ask here."""
    match = re.fullmatch(r"(\d{4})/(\d{2})", period)
    if not match:
        return PERIOD_FORMAT
    first = int(match.group(1))
    if (first + 1) % 100 != int(match.group(2)):
        return PERIOD_SEQUENCE
    last = current_financial_year(today) + YEARS_AHEAD
    if not FIRST_YEAR <= first <= last:
        return PERIOD_RANGE.format(first=financial_year(FIRST_YEAR), last=financial_year(last))
    return None


def next_free_period(partnership: Partnership, today=None) -> str:
    """The period to offer: the current financial year, or the one after the partnership's latest, if later."""
    taken = set(Assessment.objects.filter(partnership=partnership).values_list("period", flat=True))
    year = current_financial_year(today)
    latest = max((int(p[:4]) for p in taken if re.fullmatch(r"\d{4}/\d{2}", p)), default=None)
    if latest is not None and latest >= year:
        year = latest + 1
    while financial_year(year) in taken:
        year += 1
    return financial_year(year)


def latest_accepted(partnership: Partnership):
    return (
        Assessment.objects.filter(partnership=partnership, status=Status.ACCEPTED)
        .order_by("-accepted_at", "-pk")
        .first()
    )


def _counterparts(old_version: FrameworkVersion, version: FrameworkVersion) -> dict[int, Standard]:
    """For each assessable item of `old_version`, the item of `version` that carries its answer."""
    new = list(version.standards.assessable())
    if old_version.pk == version.pk:
        return {s.pk: s for s in new}
    by_restated = {s.restates_id: s for s in new if s.restates_id}
    old = old_version.standards.assessable()
    return {s.pk: by_restated[s.pk] for s in old if s.pk in by_restated}


def dropped_items(old_version: FrameworkVersion, version: FrameworkVersion) -> list[Standard]:
    """The items of `old_version` that `version` does not have: their answers cannot be carried forward."""
    kept = _counterparts(old_version, version)
    return [s for s in old_version.standards.assessable().order_by("source_order") if s.pk not in kept]


def default_target(standard: Standard, version: FrameworkVersion) -> Standard | None:
    """Where a dropped item's open actions go unless the lead says otherwise.

    The item of `version` that restates the dropped item's nearest neighbour (by source order) in a domain
    of the same code; else the first item of that domain; else the version's first item.
    """
    new = list(version.standards.assessable().select_related("domain", "restates").order_by("source_order"))
    same_domain = [s for s in new if s.domain.code == standard.domain.code]
    restating = [s for s in same_domain if s.restates_id and s.restates.version_id == standard.version_id]
    if restating:
        return min(restating, key=lambda s: (abs(s.restates.source_order - standard.source_order), s.source_order))
    return (same_domain or new or [None])[0]


@dataclass
class Drop:
    """A dropped item of the previous assessment, and whether it has open actions to move."""

    standard: Standard
    open_actions: int
    target: Standard | None


def drops_for(previous: Assessment, version: FrameworkVersion) -> list[Drop]:
    """What carrying `previous` forward to `version` cannot carry, with where its open actions would go."""
    if previous.version_id == version.pk:
        return []
    items = dropped_items(previous.version, version)
    counts: dict[int, int] = {}
    for standard_id in (
        Action.objects.filter(response__assessment=previous, response__standard__in=items)
        .open()
        .values_list("response__standard_id", flat=True)
    ):
        counts[standard_id] = counts.get(standard_id, 0) + 1
    return [Drop(s, counts.get(s.pk, 0), default_target(s, version) if counts.get(s.pk) else None) for s in items]


@transaction.atomic
def assessment_start(
    *,
    partnership: Partnership,
    period: str,
    version: FrameworkVersion,
    actor,
    carry_forward: bool = False,
    moves: dict[str, Standard] | None = None,
    rating_mode: str | None = None,
) -> Assessment:
    """Start an assessment with one empty answer per standard; optionally carry forward the last accepted one.

    `rating_mode`: RatingMode (the model's default, each partner rating first, when not given). Carrying
    forward copies the agreed answers; the partners' own views start empty every year.

    `moves` maps the code of a previous item the new version dropped to the new version's item that takes
    its open actions; items not named go to `default_target`.
    """
    if version.status != VersionStatus.PUBLISHED:
        raise WorkflowError(VERSION_NOT_PUBLISHED)
    if rating_mode is not None and rating_mode not in RatingMode.values:
        raise WorkflowError({"rating_mode": RATING_MODE_UNKNOWN})
    period = period.strip()
    problem = period_problem(period)
    if problem:
        raise WorkflowError({"period": problem})
    if Assessment.objects.filter(partnership=partnership, period=period).exists():
        raise WorkflowError({"period": PERIOD_TAKEN.format(period=period)})
    previous = latest_accepted(partnership) if carry_forward else None
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                partnership=partnership,
                period=period,
                version=version,
                created_by=actor,
                carried_from=previous,
                **({"rating_mode": rating_mode} if rating_mode else {}),
            )
    except IntegrityError:
        raise WorkflowError({"period": PERIOD_TAKEN.format(period=period)}) from None
    standards = list(version.standards.assessable().order_by("source_order"))
    Response.objects.bulk_create([Response(assessment=assessment, standard=s) for s in standards])
    note = f"Started against {version}. {assessment.get_rating_mode_display()}."
    if previous:
        note += f" Carried forward from {previous.period}."
        moved = _carry_forward(
            previous=lock_for_change(previous.pk), assessment=assessment, actor=actor, moves=moves or {}
        )
        note += "".join(f" {version} has no {old}: its open actions moved to {new.code}." for old, new in moved)
    Event.objects.create(assessment=assessment, kind=EventKind.CREATED, actor=actor, to_status=Status.DRAFT, note=note)
    return assessment


def _carry_forward(*, previous: Assessment, assessment: Assessment, actor, moves: dict[str, Standard]) -> list:
    """Copy ratings and evidence; move open actions (to the chosen item where the new version dropped one).

    Returns (dropped item, item its actions moved to) for each dropped item that had open actions.
    """
    new_responses = {r.standard_id: r for r in assessment.responses.select_related("standard")}
    counterparts = _counterparts(previous.version, assessment.version)
    levels = {level.code: level for level in assessment.version.rating_levels.all()}
    old_responses = (
        previous.responses.select_related("standard__domain", "rating")
        .prefetch_related(Prefetch("interim_ratings", queryset=InterimRating.objects.select_related("rating")))
        .order_by("standard__source_order")
    )
    moved = []
    open_actions: dict[int, list[Action]] = {}
    for action in Action.objects.filter(response__assessment=previous).open().order_by("due_date", "pk"):
        open_actions.setdefault(action.response_id, []).append(action)
    for old in old_responses:
        counterpart = counterparts.get(old.standard_id)
        if counterpart is not None:
            target = new_responses[counterpart.pk]
            _copy_answer(old, target, levels)
        elif old.pk in open_actions:
            chosen = moves.get(old.standard.code) or default_target(old.standard, assessment.version)
            if chosen is None or chosen.pk not in new_responses:
                raise WorkflowError(MOVE_NOT_IN_VERSION.format(code=old.standard.code, version=assessment.version))
            target = new_responses[chosen.pk]
            moved.append((old.standard, chosen))
        else:
            continue
        for action in open_actions.get(old.pk, []):
            _move_action(action, target, actor=actor, period=assessment.period)
    return moved


def _copy_answer(old: Response, target: Response, levels: dict):
    """Copy the agreed answer; a standard re-rated during the year (its latest interim rating) starts from that.

    Ratings are mapped by code onto the new version's scale. An interim rating whose code the new scale lacks
    is not offered: the standard starts from its accepted answer, as one without an interim rating does.
    """
    interim = next(iter(old.interim_ratings.all()), None)  # newest first
    if interim is not None and interim.rating.code in levels:
        target.rating = levels[interim.rating.code]
        target.not_applicable, target.not_applicable_reason = False, ""
    else:
        target.rating = levels.get(old.rating.code) if old.rating_id else None
        target.not_applicable, target.not_applicable_reason = old.not_applicable, old.not_applicable_reason
    target.evidence = old.evidence
    target.evidence_holder_id = old.evidence_holder_id
    target.evidence_held_jointly = old.evidence_held_jointly
    target.carried_forward = True
    target.save()


def _move_action(action: Action, target: Response, *, actor, period: str):
    """The action continues on `target`; the old one records where it went (in its history too)."""
    moved = Action(
        response=target,
        description=action.description,
        owner_id=action.owner_id,
        owner_name=action.owner_name,
        owner_role=action.owner_role,
        responsible_organisation_id=action.responsible_organisation_id,
        due_date=action.due_date,
        priority=action.priority,
        status=action.status,
        carried_forward=True,
    )
    moved._history_user = actor
    moved._change_reason = "carried forward"
    moved.save()
    action.carried_to = moved
    action._history_user = actor
    action._change_reason = f"carried forward to {period}"
    action.save(update_fields=["carried_to", "updated_at"])


@dataclass
class Dropped:
    """An item the carried-from assessment had and this one's version has not, and where its actions went."""

    standard: Standard
    moved_to: list  # codes of the items that took its open actions


def dropped_on(assessment: Assessment) -> list[Dropped]:
    """For an assessment carried forward from another version: the earlier items it could not carry."""
    previous = assessment.carried_from
    if previous is None or previous.version_id == assessment.version_id:
        return []
    items = dropped_items(previous.version, assessment.version)
    moved: dict[int, set] = {}
    rows = Action.objects.filter(
        response__assessment=previous, response__standard__in=items, carried_to__response__assessment=assessment
    ).values_list("response__standard_id", "carried_to__response__standard__code")
    for standard_id, code in rows:
        moved.setdefault(standard_id, set()).add(code)
    return [Dropped(s, sorted(moved.get(s.pk, ()))) for s in items]
