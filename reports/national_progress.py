"""Progress on action plans: the national picture's section for BASW officers.

For each partnership with an accepted assessment the national picture counts (national.accepted_assessments: the
period, standards, region and arrangement chosen; one assessment per partnership and period, so it is the
partnership's latest accepted one in those filters), how many of its plan's actions are done, in progress, not
started, overdue and dropped (selectors.plan_progress: the model's rules for open and overdue), the partnerships
with the most overdue first, and the national total.

A partnership's own plan is not a figure about people, so each partnership's row is shown whatever the number of
partnerships; the small-number rules of the rest of the picture are untouched. One query for the whole section.
"""

from dataclasses import dataclass, field
from datetime import date

from assessments.models import Region
from assessments.selectors.plan_progress import PROGRESS_PREFIX, PlanProgress, progress_annotations

from .national import Filters, accepted_assessments

REGIONS = dict(Region.choices)


@dataclass(frozen=True)
class ProgressRow:
    assessment_id: int
    partnership: str
    region: str
    period: str
    progress: PlanProgress


@dataclass
class ProgressPicture:
    rows: list = field(default_factory=list)  # most overdue first, then most still open, then by name
    total: PlanProgress = field(default_factory=PlanProgress)


def progress_picture(filters: Filters, today: date | None = None) -> ProgressPicture:
    """Each partnership's plan progress in the national picture's filters, and the total: one query."""
    if not filters.version:
        return ProgressPicture()
    values = (
        accepted_assessments(filters)
        .values("pk", "period", "partnership__name", "partnership__trust__region")
        .annotate(**progress_annotations(today))
    )
    rows = [
        ProgressRow(
            assessment_id=v["pk"],
            partnership=v["partnership__name"],
            region=REGIONS.get(v["partnership__trust__region"], v["partnership__trust__region"]),
            period=v["period"],
            progress=PlanProgress.from_row(v, PROGRESS_PREFIX),
        )
        for v in values
    ]
    rows.sort(key=lambda r: (-r.progress.overdue, -r.progress.open, r.partnership, r.assessment_id))
    return ProgressPicture(rows=rows, total=sum((r.progress for r in rows), PlanProgress()))
