"""The action plan and the responses as CSV and XLSX, from the same Report the PDF uses.

Every row starts with the partnership, the period and the assessment's status, so that plans from several
partnerships (or years) can be put in one sheet and filtered.

Text typed by people can start with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet
program would run as a formula. In CSV such a cell gets a leading apostrophe (the usual defence: the
program shows the text); in XLSX it is written as a typed text cell with Excel's "quote prefix", so it
shows what was typed and is never a formula (XML reads a carriage return back as a line feed).

XLSX cannot hold most control characters; text pasted from Word can carry them (a manual line break
is a vertical tab). Line-break-like ones become line breaks and the rest are dropped, so one pasted
character never stops a whole download.

The CSV starts with a UTF-8 byte-order mark, so that Excel, which is what most people will open it
with, reads names with accents and the punctuation in standards' text correctly.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from .content import Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


@dataclass(frozen=True)
class Column:
    heading: str
    width: int
    wrap: bool = False


# Every row names its assessment, so that plans from several partnerships or periods can be combined.
WHICH_ASSESSMENT = [
    Column("Partnership", 32, wrap=True),
    Column("Period", 9),
    Column("Assessment status", 18),
]

ACTION_PLAN = [
    *WHICH_ASSESSMENT,
    Column("Responsible organisation", 30),
    Column("Priority", 10),
    Column("Due date", 12),
    Column("Standard", 10),
    Column("Standard title", 32, wrap=True),
    Column("Rating", 14),
    Column("Action", 60, wrap=True),
    Column("Owner", 22),
    Column("Owner's role", 26),
    Column("Status", 13),
    Column("Overdue", 9),
]

RESPONSES = [
    *WHICH_ASSESSMENT,
    Column("Domain", 28, wrap=True),
    Column("Standard", 10),
    Column("Standard title", 32, wrap=True),
    Column("Rating", 14),
    Column("Why not applicable", 30, wrap=True),
    Column("Evidence", 70, wrap=True),
    Column("Evidence files", 30, wrap=True),
    Column("Officer's review", 12),
    Column("Officer's comment", 50, wrap=True),
    Column("Rating the evidence supports", 16),
    Column("Partnership's reply", 50, wrap=True),
    Column("Queries, replies and decisions", 60, wrap=True),
    Column("Actions", 9),
]


def which_assessment(report: Report) -> list:
    assessment = report.assessment
    return [assessment.partnership.name, assessment.period, assessment.get_status_display()]


def action_plan_rows(report: Report) -> list[list]:
    which = which_assessment(report)
    return [
        [
            *which,
            item.responsible,
            item.priority,
            item.action.due_date,
            item.code,
            item.title,
            item.rating,
            item.action.description,
            item.action.owner_name,
            item.action.owner_role,
            item.status,
            "Yes" if item.overdue else "No",
        ]
        for item in report.actions
    ]


def response_rows(report: Report) -> list[list]:
    which = which_assessment(report)
    rows = []
    for domain in report.domains:
        for entry in domain.standards:
            r = entry.response
            rows.append(
                [
                    *which,
                    domain.domain.title,
                    r.standard.code,
                    r.standard.title,
                    entry.rating,
                    r.not_applicable_reason if r.not_applicable else "",
                    r.evidence,
                    "; ".join(f.original_name for f in entry.files),
                    r.get_review_state_display() if r.review_state else "",
                    r.review_comment,
                    r.expected_rating.label if r.expected_rating_id else "",
                    r.reply,
                    query_history_text(r),
                    len(entry.actions),
                ]
            )
    return rows


def query_history_text(response) -> str:
    """Every query on the answer, oldest first, with its reply and how it ended, so a reply never loses its question."""
    lines = []
    for n, q in enumerate(response.queries.all(), start=1):
        asked = f"Query {n} ({q.asked_at:%d %b %Y}{', ' + q.asked_by.full_name if q.asked_by_id else ''}): {q.comment}"
        if q.expected_rating_id:
            asked += f" Rating the evidence supports: {q.expected_rating.label}."
        reply = f"Reply: {q.reply}" if q.reply else "Reply: none"
        decision = f"Decision: {q.get_resolution_display()}" if q.resolution else "Decision: open"
        lines.append(" / ".join([asked, reply, decision]))
    return "\n".join(lines)


def needs_neutralising(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx_text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value.translate(LINE_BREAKS))


def csv_cell(value):
    """One value as a CSV cell: typed text that a spreadsheet would run as a formula gets an apostrophe."""
    if needs_neutralising(value):
        return "'" + value
    return value.isoformat() if isinstance(value, date) else value


def as_csv(columns: list[Column], rows: list[list]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([c.heading for c in columns])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def as_xlsx(columns: list[Column], rows: list[list], *, sheet_title: str, title: str, author: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet.append([c.heading for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for values in rows:
        values = [xlsx_text(v) if isinstance(v, str) else v for v in values]
        sheet.append(values)
        for column, cell, value in zip(columns, sheet[sheet.max_row], values, strict=True):
            if needs_neutralising(value):
                cell.data_type = "s"  # text, never a formula
                cell.quotePrefix = True
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            cell.alignment = wrap if column.wrap else top
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    book.properties.title = title
    book.properties.creator = author
    book.properties.language = "en-GB"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
