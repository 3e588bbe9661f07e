"""Where trusts and councils see it differently: the national picture's section for BASW officers.

Over the assessments the national picture counts (national.accepted_assessments: accepted, of the period,
standards, region and arrangement chosen) whose partners each rated every standard first, then agreed:

- by standard, how many assessments had every partner's view of it, how many of those were divergent (or
  differed: scoring.Scale.divergence, the version's threshold), and which side rated it higher: the trust's view
  against the councils' (with several councils, their mean position on the scale, scoring.Scale.position);
- by domain, the same per assessment: every view of every standard in the domain, at least one of them
  divergent, and which side's mean position over the domain's standards was higher.

A view of "not applicable" makes a standard divergent but cannot be placed on the scale, so where the trust or
every council said so the sides are not compared. Figures from fewer than national.MIN_PARTNERSHIPS
assessments (one per partnership) are not shown. Divergence is a rule on positions, not scores, so the database
hands over each view (three queries for the whole section) and the counting is done here.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q

from assessments.models import PartnerView, RatingMode
from assessments.scoring import Divergence

from .national import MIN_PARTNERSHIPS, Filters, accepted_assessments, scale_of

TRUST_HIGHER, COUNCILS_HIGHER, LEVEL = "trust_higher", "councils_higher", "level"
SIDES = {TRUST_HIGHER: "Trust higher", COUNCILS_HIGHER: "Councils higher", LEVEL: "Level"}
SIDES_SUPPRESSED = f"Compared in fewer than {MIN_PARTNERSHIPS} assessments: not shown."

_View = namedtuple("_View", "rating not_applicable")  # what Scale.divergence reads of a view


@dataclass
class DivergenceRow:
    """One standard's (or domain's) figures, counted in assessments."""

    subject: object  # a Standard or a Domain
    order: int
    with_views: int = 0  # assessments with every partner's view (of every standard of a domain)
    divergent: int = 0  # of those, divergent (a domain: with at least one divergent standard)
    differs: int = 0  # of those, not divergent but not all the same (standards only)
    sides: dict = field(default_factory=lambda: dict.fromkeys(SIDES, 0))  # where the trust and a council rated

    @property
    def suppressed(self):
        return self.with_views < MIN_PARTNERSHIPS

    @property
    def compared(self):
        return sum(self.sides.values())

    @property
    def sides_suppressed(self):
        return self.compared < MIN_PARTNERSHIPS

    @property
    def share(self):
        """The percentage of assessments with every view that were divergent; None when not shown."""
        return None if self.suppressed else round(100 * self.divergent / self.with_views, 1)


@dataclass
class DivergencePicture:
    assessments: int = 0  # accepted assessments in the set whose partners rated first
    standards: list = field(default_factory=list)  # most often divergent first; those not shown last
    domains: list = field(default_factory=list)  # in the framework's order
    divergence_levels: int | None = None


def _side(difference) -> str:
    return TRUST_HIGHER if difference > 0 else COUNCILS_HIGHER if difference < 0 else LEVEL


class _Reading:
    """One assessment's views of one standard, placed on the scale."""

    def __init__(self, views: dict, trust_id, council_ids, scale, levels):
        self.all_given = trust_id in views and council_ids <= views.keys()
        partner_views = [views[o] for o in (trust_id, *council_ids) if o in views]
        self.divergence = (
            scale.divergence(_View(levels.get(r), na) for r, na in partner_views) if self.all_given else None
        )
        trust = views.get(trust_id)
        councils = [scale.position(levels.get(views[o][0])) for o in council_ids if o in views and not views[o][1]]
        self.difference = None  # the trust's position less the councils' mean, where both can be placed
        if self.all_given and trust and not trust[1] and councils:
            self.difference = scale.position(levels.get(trust[0])) - Fraction(sum(councils), len(councils))


def divergence_picture(filters: Filters, scale=None) -> DivergencePicture:
    """The section's figures for the national picture's filters. `scale`: the version's (national.scale_of)."""
    if not filters.version:
        return DivergencePicture()
    scale = scale_of(filters.version) if scale is None else scale
    levels = {level.pk: level for level in scale.levels}
    assessments = accepted_assessments(filters).filter(rating_mode=RatingMode.PARTNERS_FIRST)
    partners: dict[int, tuple] = {}
    for pk, trust_id, council_id in assessments.values_list("pk", "partnership__trust_id", "partnership__councils"):
        _, councils = partners.setdefault(pk, (trust_id, set()))
        if council_id is not None:
            councils.add(council_id)
    given: dict[tuple, dict] = {}
    views = (
        PartnerView.objects.filter(response__assessment__in=assessments)
        .filter(Q(not_applicable=True) | Q(rating__isnull=False))
        .values_list(
            "response__assessment_id", "response__standard_id", "organisation_id", "rating_id", "not_applicable"
        )
    )
    for assessment_id, standard_id, organisation_id, rating_id, not_applicable in views:
        given.setdefault((assessment_id, standard_id), {})[organisation_id] = (rating_id, not_applicable)
    standards = list(filters.version.standards.assessable().select_related("domain").order_by("source_order"))
    by_standard = {s.pk: DivergenceRow(s, s.source_order) for s in standards}
    by_domain = {s.domain_id: DivergenceRow(s.domain, s.domain.order) for s in standards}
    for assessment_id, (trust_id, council_ids) in partners.items():
        domain_readings: dict[int, list] = {}
        for standard in standards:
            reading = _Reading(given.get((assessment_id, standard.pk), {}), trust_id, council_ids, scale, levels)
            domain_readings.setdefault(standard.domain_id, []).append(reading)
            _count(by_standard[standard.pk], reading)
        for domain_id, readings in domain_readings.items():
            _count_domain(by_domain[domain_id], readings)
    ranked = sorted(
        by_standard.values(),
        key=lambda r: (r.suppressed, -(r.share or 0), -r.divergent if not r.suppressed else 0, r.order),
    )
    return DivergencePicture(
        assessments=len(partners),
        standards=ranked,
        domains=sorted(by_domain.values(), key=lambda r: r.order),
        divergence_levels=scale.divergence_levels,
    )


def _count(row: DivergenceRow, reading: _Reading) -> None:
    if not reading.all_given:
        return
    row.with_views += 1
    row.divergent += reading.divergence == Divergence.DIVERGENT
    row.differs += reading.divergence == Divergence.DIFFERS
    if reading.difference is not None:
        row.sides[_side(reading.difference)] += 1


def _count_domain(row: DivergenceRow, readings: list) -> None:
    """One assessment's domain: every view of every standard, any divergent, and the sides over those placed."""
    if not all(r.all_given for r in readings):
        return
    row.with_views += 1
    row.divergent += any(r.divergence == Divergence.DIVERGENT for r in readings)
    differences = [r.difference for r in readings if r.difference is not None]
    if differences:
        row.sides[_side(sum(differences))] += 1
