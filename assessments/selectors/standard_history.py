"""How each standard of an accepted assessment was rated in the partnership's accepted assessments, across
framework versions: an item that restates an earlier version's item (Standard.restates, as roll-forward follows
it) carries that item's ratings, so the 2012 charter's items show the 2010 paper's as their history.

Three queries whatever the number of years: the standards, the items they restate or are restated by, then the
accepted answers to any of them.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from standards.models import Standard

from ..models import Assessment, Response, Status


@dataclass
class StandardHistory:
    standard: Standard
    ratings: dict = field(default_factory=dict)  # assessment pk -> the answer's rating label, or "Not applicable"

    def row(self, assessments) -> list:
        return [self.ratings.get(a.pk) for a in assessments]


@dataclass
class History:
    assessments: list  # the partnership's accepted assessments, in period order
    standards: list  # StandardHistory, in the assessment's task-list order

    @property
    def spans_years(self):
        return len(self.assessments) > 1


def standard_history(assessment: Assessment) -> History:
    """Each standard of `assessment` with its rating in every accepted assessment of the partnership."""
    standards = list(
        Standard.objects.filter(responses__assessment=assessment)
        .select_related("domain")
        .order_by("domain__order", "source_order")
    )
    lineage = {s.pk: {s.pk} for s in standards}  # a standard -> itself and the items it restates or is restated by
    related = Standard.objects.filter(
        Q(pk__in=[s.restates_id for s in standards if s.restates_id]) | Q(restates__in=[s.pk for s in standards])
    ).values_list("pk", "restates_id")
    restated_by = {}
    for pk, restates_id in related:
        if restates_id:
            restated_by.setdefault(restates_id, set()).add(pk)
    for s in standards:
        if s.restates_id:
            lineage[s.pk].add(s.restates_id)
        lineage[s.pk] |= restated_by.get(s.pk, set())
    owner = {pk: s.pk for s in standards for pk in lineage[s.pk]}
    answers = (
        Response.objects.filter(
            assessment__partnership_id=assessment.partnership_id,
            assessment__status=Status.ACCEPTED,
            standard_id__in=list(owner),
        )
        .select_related("assessment__version", "rating")
        .order_by("assessment__period")
    )
    rows = {s.pk: StandardHistory(s) for s in standards}
    assessments = {}
    for answer in answers:
        assessments.setdefault(answer.assessment_id, answer.assessment)
        label = "Not applicable" if answer.not_applicable else (answer.rating.label if answer.rating_id else None)
        rows[owner[answer.standard_id]].ratings[answer.assessment_id] = label
    ordered = sorted(assessments.values(), key=lambda a: a.period)
    return History(assessments=ordered, standards=list(rows.values()))
