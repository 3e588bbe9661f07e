"""The frontline pulse in the national picture, for BASW officers: where the leads and their frontline differ.

Which pulses count: each partnership's latest assessment (by period) that has been sent to BASW
(SENT_TO_BASW_STATUSES, the statuses from which officers read a pulse, access.pulse_results_refusal) and has a
pulse. A pulse counts only where its results are shown (scoring.pulse_results_shown: at least PULSE_MIN_ANSWERS
replies); the others are only counted, as not shown. Within a counted pulse a statement's figures count only
where they are shown (scoring.frontline_shown), and a team's only where the team is (scoring.team_shown), so
every figure here is built from figures the partnership's own results page shows (selectors.pulse.pulse_results,
read here in bulk with the same scoring functions). No comment is ever read.

- Gaps by statement, one table per framework version (a statement is the wording of one version's standard, so
  it is read against that standard; the charter's statements are not merged with the 2010 standards'): how many
  partnerships have the leads' rating and a shown distribution, how many a perception gap each way
  (scoring.perception_gap), and the median share agreeing where the leads rate it met and where they do not.
- Agreement by partnership model: the arrangement as it stands, with the number of partnerships in each; the
  share agreeing over every shown statement's answers of the group's counted pulses.
- Agreement by whether teams have professional supervision by a qualified social worker (the team as it
  stands): each statement's share agreeing over the shown figures of shown teams. Replies from teams too small to
  show, or that named no team, cannot be attributed; they are counted apart.

Seven queries for the whole page, whatever the number of partnerships.
"""

from dataclasses import dataclass, field
from statistics import median

from django.conf import settings
from django.db.models import OuterRef, Subquery

from assessments.models import SENT_TO_BASW_STATUSES, Arrangement, Assessment, PulseReply, Response, Team
from assessments.scoring import (
    Distribution,
    PerceptionGap,
    Scale,
    frontline_shown,
    perception_gap,
    pulse_results_shown,
    team_shown,
)
from standards.models import FrameworkVersion, Statement

ARRANGEMENTS = dict(Arrangement.choices)
ALL_PARTNERSHIPS = "All partnerships"


def _pulses(n: int) -> str:
    return f"{n} partnership's pulse" if n == 1 else f"{n} partnerships' pulses"


def not_shown_text(n: int) -> str:
    has = "has" if n == 1 else "have"
    return f"{_pulses(n)} {has} fewer than {settings.PULSE_MIN_ANSWERS} answers: not shown."


def folded_text(n: int) -> str:
    return (
        f"{n} answer{'' if n == 1 else 's'} from teams too small to show (fewer than "
        f"{settings.PULSE_MIN_TEAM_ANSWERS} replies), or that named no team, {'is' if n == 1 else 'are'} not in "
        "this split."
    )


def pooled(distributions) -> Distribution:
    """Shown distributions added together, so a group's share is Distribution's own share of their answers."""
    total = Distribution()
    for d in distributions:
        total = Distribution(
            agree=total.agree + d.agree,
            neutral=total.neutral + d.neutral,
            disagree=total.disagree + d.disagree,
            dont_know=total.dont_know + d.dont_know,
        )
    return total


def _median(values):
    return round(median(values), 1) if values else None


@dataclass
class GapRow:
    """One statement across partnerships, counted in partnerships."""

    statement: Statement
    shown: int = 0  # counted pulses with the statement's distribution shown
    not_shown: int = 0  # counted pulses where it had fewer than PULSE_MIN_ANSWERS answers
    compared: int = 0  # of those shown, with the leads' rating (applicable)
    leads_higher: int = 0
    leads_lower: int = 0
    agree_where_met: list = field(default_factory=list)  # share agreeing where the leads rate it met
    agree_where_not_met: list = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return self.leads_higher + self.leads_lower

    @property
    def median_where_met(self):
        return _median(self.agree_where_met)

    @property
    def median_where_not_met(self):
        return _median(self.agree_where_not_met)


@dataclass
class SupervisionRow:
    statement: Statement
    supervised: Distribution = field(default_factory=Distribution)  # shown teams that have supervision, pooled
    supervised_teams: int = 0
    unsupervised: Distribution = field(default_factory=Distribution)
    unsupervised_teams: int = 0


@dataclass
class VersionPicture:
    version: FrameworkVersion
    partnerships: int = 0  # counted pulses of this version
    gaps: list = field(default_factory=list)  # GapRow, most partnerships with a gap first
    supervision: list = field(default_factory=list)  # SupervisionRow, in the version's order


@dataclass
class ModelRow:
    label: str
    partnerships: int = 0  # counted pulses (shown)
    not_shown: int = 0  # pulses with too few answers
    replies: int = 0  # replies to the counted pulses
    answers: Distribution = field(default_factory=Distribution)  # every shown statement's answers, pooled


@dataclass
class FrontlinePicture:
    partnerships: int = 0  # counted pulses
    not_shown: int = 0  # pulses with fewer than PULSE_MIN_ANSWERS replies
    versions: list = field(default_factory=list)
    by_model: list = field(default_factory=list)  # ModelRow, in the arrangements' order
    total: ModelRow = field(default_factory=lambda: ModelRow(ALL_PARTNERSHIPS))
    teams_shown: int = 0
    folded: int = 0  # replies of counted pulses not attributed to a shown team

    @property
    def counted_text(self) -> str:
        return f"{_pulses(self.partnerships)} counted."

    @property
    def not_shown_text(self) -> str:
        return not_shown_text(self.not_shown)

    @property
    def folded_text(self) -> str:
        return folded_text(self.folded)


def counted_assessments():
    """Each partnership's latest assessment sent to BASW that has a pulse (one per partnership)."""
    sent = Assessment.objects.filter(status__in=SENT_TO_BASW_STATUSES, pulse__isnull=False)
    latest = sent.filter(partnership=OuterRef("partnership")).order_by("-period", "-pk").values("pk")[:1]
    return sent.filter(pk=Subquery(latest)).order_by()


def _shown_cells(statements, replies, scale, ratings) -> dict:
    """{statement pk: (distribution, gap)} for the statements shown over `replies` (as pulse_results's cells)."""
    cells = {}
    for statement in statements:
        key = str(statement.pk)
        distribution = Distribution.of(answers[key] for answers, _ in replies if key in answers)
        if frontline_shown(len(replies), distribution):
            gap = (
                perception_gap(scale, ratings.get(statement.standard_id), distribution) if ratings is not None else None
            )
            cells[statement.pk] = (distribution, gap)
    return cells


class _Reading:
    """What the database holds for the counted pulses: seven queries."""

    def __init__(self):
        counted = counted_assessments()
        self.assessments = list(counted.values("pk", "version_id", "partnership__arrangement"))
        self.replies: dict[int, list] = {}
        rows = PulseReply.objects.filter(pulse__assessment__in=counted.values("pk")).order_by()
        for assessment_id, team_id, answers in rows.values_list("pulse__assessment_id", "team_id", "answers"):
            self.replies.setdefault(assessment_id, []).append((answers, team_id))
        versions = counted.values("version")
        self.statements: dict[int, list] = {}
        current = Statement.objects.current().filter(standard__version__in=versions).select_related("standard")
        for statement in current.order_by("standard__source_order", "pk"):
            self.statements.setdefault(statement.standard.version_id, []).append(statement)
        self.versions = {
            v.pk: v
            for v in FrameworkVersion.objects.filter(pk__in=versions)
            .select_related("framework")
            .prefetch_related("rating_levels")
        }
        self.scales = {pk: Scale.of(v) for pk, v in self.versions.items()}
        levels = {level.pk: level for v in self.versions.values() for level in v.rating_levels.all()}
        self.ratings: dict[int, dict] = {}
        rated = Response.objects.filter(
            assessment__in=counted.values("pk"),
            rating__isnull=False,
            not_applicable=False,
            standard__frontline_statement__isnull=False,
        ).values_list("assessment_id", "standard_id", "rating_id")
        for assessment_id, standard_id, rating_id in rated:
            self.ratings.setdefault(assessment_id, {})[standard_id] = levels[rating_id]
        teams = Team.objects.filter(partnership__in=counted.values("partnership"))
        self.supervised = dict(teams.values_list("pk", "has_social_work_supervision"))


def frontline_picture() -> FrontlinePicture:
    reading = _Reading()
    picture = FrontlinePicture()
    by_version: dict[int, VersionPicture] = {}
    gap_rows: dict[int, GapRow] = {}
    supervision_rows: dict[int, SupervisionRow] = {}
    groups: dict[str, ModelRow] = {}
    for a in reading.assessments:
        replies = reading.replies.get(a["pk"], [])
        arrangement = a["partnership__arrangement"]
        group = groups.setdefault(arrangement, ModelRow(ARRANGEMENTS.get(arrangement, arrangement)))
        if not pulse_results_shown(len(replies)):
            picture.not_shown += 1
            group.not_shown += 1
            continue
        picture.partnerships += 1
        group.partnerships += 1
        group.replies += len(replies)
        version_id = a["version_id"]
        statements = reading.statements.get(version_id, [])
        section = by_version.setdefault(version_id, VersionPicture(reading.versions[version_id]))
        section.partnerships += 1
        scale = reading.scales[version_id]
        cells = _shown_cells(statements, replies, scale, reading.ratings.get(a["pk"], {}))
        group.answers = pooled([group.answers, *(d for d, _ in cells.values())])
        for statement in statements:
            row = gap_rows.setdefault(statement.pk, GapRow(statement))
            _count_gap(row, cells.get(statement.pk), reading.ratings.get(a["pk"], {}).get(statement.standard_id), scale)
        picture.folded += _split_by_team(reading, statements, replies, scale, supervision_rows, picture)
    for version_id, section in by_version.items():
        statements = reading.statements.get(version_id, [])
        section.gaps = sorted(
            (gap_rows[s.pk] for s in statements),
            key=lambda r: (-r.gaps, -r.leads_higher, r.statement.standard.source_order),
        )
        section.supervision = [supervision_rows.get(s.pk) or SupervisionRow(s) for s in statements]
    picture.versions = sorted(by_version.values(), key=lambda s: (-s.partnerships, str(s.version)))
    picture.by_model = [groups[key] for key in ARRANGEMENTS if key in groups]
    picture.by_model += [group for key, group in groups.items() if key not in ARRANGEMENTS]
    picture.total = ModelRow(
        ALL_PARTNERSHIPS,
        partnerships=picture.partnerships,
        not_shown=picture.not_shown,
        replies=sum(g.replies for g in groups.values()),
        answers=pooled(g.answers for g in groups.values()),
    )
    return picture


def _count_gap(row: GapRow, cell, rating, scale) -> None:
    if cell is None:
        row.not_shown += 1
        return
    distribution, gap = cell
    row.shown += 1
    if rating is None:
        return
    row.compared += 1
    row.leads_higher += gap == PerceptionGap.LEADS_HIGHER
    row.leads_lower += gap == PerceptionGap.LEADS_LOWER
    below = scale.is_below_met_line(rating)
    (row.agree_where_not_met if below else row.agree_where_met).append(distribution.agree_share)


def _split_by_team(reading, statements, replies, scale, rows, picture) -> int:
    """Add one counted pulse's shown teams to the supervision split; returns its replies left out of it."""
    by_team: dict = {}
    for reply in replies:
        by_team.setdefault(reply[1], []).append(reply)
    folded = 0
    for team_id, team_replies in by_team.items():
        if team_id is None or not team_shown(len(team_replies)) or team_id not in reading.supervised:
            folded += len(team_replies)
            continue
        picture.teams_shown += 1
        supervised = reading.supervised[team_id]
        shown = _shown_cells(statements, team_replies, scale, None)
        for statement in statements:
            if statement.pk not in shown:
                continue
            distribution, _ = shown[statement.pk]
            row = rows.setdefault(statement.pk, SupervisionRow(statement))
            if supervised:
                row.supervised = pooled([row.supervised, distribution])
                row.supervised_teams += 1
            else:
                row.unsupervised = pooled([row.unsupervised, distribution])
                row.unsupervised_teams += 1
    return folded
