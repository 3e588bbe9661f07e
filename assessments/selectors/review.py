"""Reads for BASW's review pages, each a fixed number of queries whatever the number of standards or assessments."""

import difflib
import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, prefetch_related_objects
from django.utils import timezone

from standards.models import RatingLevel

from .. import scoring
from ..access import partner_views_open
from ..models import (
    HEADCOUNT_FIELDS,
    ActionStatus,
    Assessment,
    Event,
    EventKind,
    PartnerView,
    Response,
    ReturnSnapshot,
    ReviewQuery,
    ReviewState,
    Status,
)
from .assessment import responses_with_detail
from .partner_views import StandardViews, standard_views, views_prefetch

QUEUE_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW)


@dataclass
class QueueRow:
    assessment: Assessment
    age_days: int | None
    resubmitted: bool = False
    divergent: int | None = None  # standards whose partners' views diverged; None when the partners rated together


def review_queue(today=None, *, status=None, window=None) -> list[QueueRow]:
    """Submitted assessments waiting for an officer, and those in review, oldest submission first: one query.

    `status` keeps one of the two lists, `window` (a slice) one page of it (QueueList pages it).
    """
    today = today or timezone.localdate()
    returned = Event.objects.filter(
        assessment=OuterRef("pk"), kind=EventKind.TRANSITION, to_status=Status.CHANGES_REQUESTED
    )
    assessments = (
        Assessment.objects.filter(status__in=QUEUE_STATUSES)
        .annotate(was_returned=Exists(returned))
        .select_related("partnership__trust", "version__framework", "reviewer")
        .order_by("submitted_at", "pk")
    )
    if status is not None:
        assessments = assessments.filter(status=status)
    if window is not None:
        assessments = assessments[window]
    assessments = list(assessments)
    divergent = divergent_counts(assessments)
    rows = []
    for a in assessments:
        age = (today - timezone.localdate(a.submitted_at)).days if a.submitted_at else None
        rows.append(QueueRow(a, age, resubmitted=a.was_returned, divergent=divergent.get(a.pk)))
    return rows


def divergent_counts(assessments) -> dict[int, int]:
    """How many standards of each assessment whose partners rated first have divergent views, by assessment id.

    Only views open to everyone count (access.partner_views_open: always, once sent to BASW); the divergence is
    scoring's rule on each version's scale. Two queries for any number of assessments, none when every one was
    rated together.
    """
    rate_first = [a for a in assessments if a.partners_rate_first and partner_views_open(a, all_given=False)]
    if not rate_first:
        return {}
    levels: dict[int, list] = {}
    for level in RatingLevel.objects.filter(version__in={a.version_id for a in rate_first}):
        levels.setdefault(level.version_id, []).append(level)
    scales = {a.pk: scoring.Scale(levels.get(a.version_id, ()), version=a.version) for a in rate_first}
    views: dict[int, list] = {}
    for view in (
        PartnerView.objects.filter(response__assessment__in=rate_first)
        .annotate(assessment_id=F("response__assessment_id"))
        .select_related("rating")
        .only("response", "rating", "not_applicable")
    ):
        views.setdefault((view.assessment_id, view.response_id), []).append(view)
    counts = dict.fromkeys(scales, 0)
    for (assessment_id, _), given in views.items():
        if scales[assessment_id].divergence(given) == scoring.Divergence.DIVERGENT:
            counts[assessment_id] += 1
    return counts


class QueueList:
    """One list of the review queue (waiting, or in review) for a Paginator: a count and a page, two queries."""

    def __init__(self, status, today=None):
        self.status, self.today = status, today

    def count(self):
        return Assessment.objects.filter(status=self.status).count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        return review_queue(self.today, status=self.status, window=window)


def query_history() -> Prefetch:
    """Each answer's queries, oldest first, with who asked, replied and decided: one query for all answers."""
    return Prefetch(
        "queries",
        queryset=ReviewQuery.objects.select_related("expected_rating", "asked_by", "replied_by", "resolved_by"),
    )


@dataclass
class ReviewRow:
    response: Response
    snapshot: ReturnSnapshot | None
    changes: dict | None
    views: StandardViews | None = None  # every partner's own view, when the partners rated first

    @property
    def divergence(self):
        return self.views.divergence if self.views else None


def latest_snapshots(assessment: Assessment) -> dict[int, ReturnSnapshot]:
    """The snapshot each answer had at the latest return, by response id: one query."""
    latest = {}
    snapshots = (
        ReturnSnapshot.objects.filter(response__assessment=assessment)
        .select_related("rating")
        .order_by("response_id", "-taken_at", "-pk")
    )
    for snapshot in snapshots:
        latest.setdefault(snapshot.response_id, snapshot)
    return latest


def _views_reader(assessment: Assessment, partners=None):
    """A function giving an answer's partner views (prefetched), or None when the partners rated together.

    Reading the scale is one query; the partners are free once get_assessment_for has prefetched the councils.
    """
    if not assessment.partners_rate_first:
        return lambda response: None
    partners = assessment.partnership.partner_organisations() if partners is None else partners
    scale = scoring.Scale.of(assessment.version)
    return lambda response: standard_views(assessment, response, partners, scale)


def review_rows(assessment: Assessment, partners=None) -> list[ReviewRow]:
    """Every answer with its actions and files, what changed since the latest return, and (when the partners
    rated first) every partner's view: four queries, five with partner views."""
    snapshots = latest_snapshots(assessment)
    views_of = _views_reader(assessment, partners)
    rows = []
    for response in responses_with_detail(assessment).prefetch_related(query_history()):
        snapshot = snapshots.get(response.pk)
        rows.append(ReviewRow(response, snapshot, changes_since_return(response, snapshot), views_of(response)))
    return rows


def review_row(response: Response, assessment: Assessment | None = None) -> ReviewRow:
    """One answer's changes since the latest return (response should carry its actions prefetched), and, given
    its `assessment` whose partners rated first, every partner's view."""
    snapshot = (
        ReturnSnapshot.objects.filter(response=response).select_related("rating").order_by("-taken_at", "-pk").first()
    )
    prefetch_related_objects([response], query_history())
    views = None
    if assessment is not None and assessment.partners_rate_first:
        prefetch_related_objects([response], views_prefetch())
        views = _views_reader(assessment)(response)
    return ReviewRow(response, snapshot, changes_since_return(response, snapshot), views)


def latest_return(assessment: Assessment) -> Event | None:
    """The event of the latest return, whose note is what the officer asked for."""
    return (
        Event.objects.filter(assessment=assessment, kind=EventKind.TRANSITION, to_status=Status.CHANGES_REQUESTED)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


@dataclass
class TeamSummary:
    teams: list
    headcount: int
    social_workers: int
    amhps: int
    isolated: int
    with_supervision: int


def team_summary(teams) -> TeamSummary:
    """The CMHTs an assessment shows (selectors.snapshots.profile_shown: as at its submission, once sent to BASW)
    and their make-up, totalled: no query."""
    teams = list(teams)
    return TeamSummary(
        teams=teams,
        headcount=sum(sum(getattr(t, f) for f in HEADCOUNT_FIELDS) for t in teams),
        social_workers=sum(t.social_workers for t in teams),
        amhps=sum(t.amhps for t in teams),
        isolated=sum(1 for t in teams if t.is_isolated),
        with_supervision=sum(1 for t in teams if t.has_social_work_supervision),
    )


def queried(assessment: Assessment):
    return (
        Response.objects.filter(assessment=assessment, review_state=ReviewState.QUERIED)
        .select_related("standard", "rating", "expected_rating")
        .order_by("standard__domain__order", "standard__source_order")
    )


def changes_since_return(response: Response, snapshot: ReturnSnapshot | None) -> dict | None:
    """What changed in an answer since the last return: rating, evidence diff, actions added and closed."""
    if snapshot is None:
        return None
    before = {a["id"]: a for a in snapshot.actions}
    now = {a.pk: a for a in response.actions.all()}
    added = [a for pk, a in now.items() if pk not in before]
    removed = [a for pk, a in before.items() if pk not in now]
    closed = [
        a
        for pk, a in now.items()
        if pk in before and a.status == ActionStatus.DONE and before[pk]["status"] != ActionStatus.DONE
    ]
    evidence_changed = snapshot.evidence != response.evidence
    old_words, new_words = word_diff(snapshot.evidence, response.evidence) if evidence_changed else ([], [])
    rating_changed = snapshot.rating_id != response.rating_id or snapshot.not_applicable != response.not_applicable
    return {
        "rating_changed": rating_changed,
        "old_rating": snapshot.rating,
        "old_not_applicable": snapshot.not_applicable,
        "evidence_changed": evidence_changed,
        "evidence_before": old_words,
        "evidence_now": new_words,
        "actions_added": added,
        "actions_removed": removed,
        "actions_closed": closed,
        "any": rating_changed or evidence_changed or bool(added) or bool(removed) or bool(closed),
    }


SAME, REMOVED, ADDED = "same", "removed", "added"
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    kind: str  # SAME, REMOVED or ADDED
    text: str


def word_diff(before: str, now: str) -> tuple[list[Segment], list[Segment]]:
    """The old and the new text as runs of words: the old marks what was removed, the new what was added.

    Words and the spaces between them are compared, so the text reads and wraps as written; each changed run
    is one segment, for the page to mark with <del>/<ins> and the words "removed"/"added".
    """
    old, new = _WORDS.findall(before), _WORDS.findall(now)
    old_segments, new_segments = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            old_segments.append(Segment(SAME, "".join(old[i1:i2])))
            new_segments.append(Segment(SAME, "".join(new[j1:j2])))
            continue
        if i2 > i1:
            old_segments.append(Segment(REMOVED, "".join(old[i1:i2])))
        if j2 > j1:
            new_segments.append(Segment(ADDED, "".join(new[j1:j2])))
    return old_segments, new_segments


def not_agreed(assessment: Assessment) -> tuple[list, list]:
    """The standards not reviewed yet, and those still queried, in the framework's order: one query."""
    responses = (
        assessment.responses.exclude(review_state=ReviewState.AGREED)
        .select_related("standard")
        .order_by("standard__domain__order", "standard__source_order")
    )
    unreviewed, queried = [], []
    for response in responses:
        (queried if response.is_queried else unreviewed).append(response.standard)
    return unreviewed, queried
