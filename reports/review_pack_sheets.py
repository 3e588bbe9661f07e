"""The s75 review pack as XLSX: the same contents as its PDF, from the same ReviewPack.

Three sheets. "Actions": one table with the responsible organisation as a column (the partners first, then
"Jointly", as the PDF's sections), so a reader can filter by organisation or status. "Totals": the counts by
status for each organisation and for all of them. "Standards done": the standards whose actions are all done,
with their latest interim rating. Every row of the actions starts with the partnership, the period and the
assessment's status, as the action plan's spreadsheets do, so packs can be combined.

Text people typed is written as spreadsheets.py writes it: a cell that would run as a formula is a typed text
cell with Excel's quote prefix, and characters XLSX cannot hold are dropped.
"""

from django.utils import timezone

from .review_pack import ReviewPack
from .spreadsheets import WHICH_ASSESSMENT, Column, as_workbook, which_assessment

ACTIONS = [
    *WHICH_ASSESSMENT,
    Column("Annual review of the agreement", 18, wrap=True),
    Column("Responsible organisation", 30, wrap=True),
    Column("Standard", 10),
    Column("Standard title", 32, wrap=True),
    Column("Action", 60, wrap=True),
    Column("Owner", 22),
    Column("Owner's role", 26),
    Column("Due date", 12),
    Column("Status", 16, wrap=True),
    Column("Overdue", 9),
    Column("Why dropped", 40, wrap=True),
    Column("Carried forward", 24, wrap=True),
    Column("Latest note: date", 14),
    Column("Latest note: by", 22),
    Column("Latest note", 60, wrap=True),
]
TOTALS = [
    Column("Responsible organisation", 30, wrap=True),
    Column("Done", 8),
    Column("In progress", 11),
    Column("Not started", 11),
    Column("Overdue", 9),
    Column("Dropped", 9),
    Column("Carried forward", 14),
    Column("All actions", 11),
]
DONE = [
    Column("Standard", 10),
    Column("Standard title", 40, wrap=True),
    Column("Rated at the assessment", 18),
    Column("Actions", 9),
    Column("Interim rating", 16),
    Column("Interim rating: date", 14),
    Column("Interim rating: why", 60, wrap=True),
]
ALL_ORGANISATIONS = "All organisations"


def action_rows(pack: ReviewPack) -> list[list]:
    which = [*which_assessment(pack), pack.review_date or pack.review_date_label]
    rows = []
    for section in pack.sections:
        for item in section.items:
            a, note = item.action, item.note
            rows.append(
                [
                    *which,
                    section.label,
                    item.code,
                    item.title,
                    a.description,
                    a.owner_name,
                    a.owner_role,
                    a.due_date,
                    item.status,
                    "Yes" if item.overdue else "No",
                    item.dropped_reason,
                    item.carried,
                    timezone.localtime(note.written_at).date() if note else None,
                    note.written_by.full_name if note else "",
                    note.text if note else "",
                ]
            )
    return rows


def _counts(label, t) -> list:
    return [label, t.done, t.in_progress, t.not_started, t.overdue, t.dropped, t.carried, t.total]


def total_rows(pack: ReviewPack) -> list[list]:
    return [*(_counts(s.label, s.totals) for s in pack.sections), _counts(ALL_ORGANISATIONS, pack.totals)]


def done_rows(pack: ReviewPack) -> list[list]:
    rows = []
    for d in pack.done_standards:
        interim = d.interim
        rows.append(
            [
                d.code,
                d.title,
                d.rating,
                d.actions,
                interim.rating.label if interim else "Not recorded",
                timezone.localtime(interim.recorded_at).date() if interim else None,
                interim.note if interim else "",
            ]
        )
    return rows


def as_xlsx(pack: ReviewPack) -> bytes:
    partnership, period = pack.partnership, pack.assessment.period
    return as_workbook(
        [
            ("Actions", ACTIONS, action_rows(pack)),
            ("Totals", TOTALS, total_rows(pack)),
            ("Standards done", DONE, done_rows(pack)),
        ],
        title=f"s75 review pack: {partnership.name}, {period}",
        author=partnership.name,
    )
