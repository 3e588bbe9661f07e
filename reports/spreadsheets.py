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

Where the partners rate first, the responses have a rating and a comment column for each partner (the trust
first, then its councils, headed with the organisation's name), the divergence (`divergent`, `differs` or
`same`, Divergence's values), the agreed rating and why the partners agreed it. A standard whose views are
not open to everyone yet (content.VIEWS_NOT_OPEN) leaves the partner cells and the divergence empty: a
download is shared, so it shows only what every partner may see.

Where the assessment has a frontline pulse, the responses have a `frontline` column group after the rating:
the shares agreeing, neutral and disagreeing (whole percentages of the answers other than "don't know"), the
number of those answers, and any perception gap. A statement's figures below the small-number thresholds are
"fewer than 5 answers: not shown" with the other cells empty; a standard without a statement leaves them all
empty. The figures are `selectors.pulse.pulse_results`' (FrontlineCell.columns); the frontline's comments are in
no download.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from .content import Report, StandardEntry

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

WHICH_STANDARD = [
    Column("Domain", 28, wrap=True),
    Column("Standard", 10),
    Column("Standard title", 32, wrap=True),
]
RESPONSES = [
    *WHICH_ASSESSMENT,
    *WHICH_STANDARD,
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


# Where the partners rate first: after the partners' own columns, the joint answer.
AGREED = [Column("Divergence", 11), Column("Agreed rating", 14), Column("Why we agreed this", 50, wrap=True)]
THE_REST = RESPONSES[len(WHICH_ASSESSMENT) + len(WHICH_STANDARD) + 1 :]  # from "Why not applicable" on
# Where the assessment has a frontline pulse, after the rating (FrontlineCell.columns, then the gap).
FRONTLINE = [
    Column("frontline: agreeing %", 14),
    Column("frontline: neutral %", 12),
    Column("frontline: disagreeing %", 14),
    Column("frontline: answers", 11),
    Column("frontline: perception gap", 36, wrap=True),
]


def action_plan_columns(report: Report) -> list[Column]:
    return ACTION_PLAN


def response_columns(report: Report) -> list[Column]:
    """RESPONSES, or where the partners rate first: a rating and a comment column for each of them, and the
    divergence, agreed rating and rationale in place of the one rating; with a pulse, FRONTLINE after them."""
    frontline = FRONTLINE if report.pulse is not None else []
    if not report.partners_rate_first:
        rating = RESPONSES[len(WHICH_ASSESSMENT) + len(WHICH_STANDARD)]
        return [*WHICH_ASSESSMENT, *WHICH_STANDARD, rating, *frontline, *THE_REST]
    partners = [
        column
        for org in report.partners
        for column in (Column(f"{org.name} rating", 16), Column(f"{org.name} comment", 40, wrap=True))
    ]
    return [*WHICH_ASSESSMENT, *WHICH_STANDARD, *partners, *AGREED, *frontline, *THE_REST]


def frontline_cells(entry: StandardEntry) -> list:
    """The FRONTLINE group's cells: the frontline's figures (or why not shown) and the gap; empty without a
    statement."""
    cell = entry.frontline
    if cell is None:
        return [""] * len(FRONTLINE)
    return [*cell.columns(), cell.gap.label if cell.gap else ""]


def partner_cells(entry: StandardEntry, partners: list) -> list:
    """Each partner's rating and comment, then the divergence: empty until every view is open to everyone."""
    if not entry.views_open:
        return [""] * (2 * len(partners) + 1)
    cells = []
    for rating in entry.partner_ratings:
        why = f"Why not applicable: {rating.reason}" if rating.reason else ""
        cells += [rating.label, "\n".join(text for text in (why, rating.comment) if text)]
    return [*cells, entry.divergence.value if entry.divergence else ""]


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
            standard = [domain.domain.title, r.standard.code, r.standard.title]
            if report.partners_rate_first:
                rating = [*partner_cells(entry, report.partners), entry.rating, r.agreed_rationale]
            else:
                rating = [entry.rating]
            if report.pulse is not None:
                rating += frontline_cells(entry)
            rows.append(
                [
                    *which,
                    *standard,
                    *rating,
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
    writer.writerow([csv_cell(c.heading) for c in columns])  # headings may hold organisations' names
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def as_xlsx(columns: list[Column], rows: list[list], *, sheet_title: str, title: str, author: str) -> bytes:
    return as_workbook([(sheet_title, columns, rows)], title=title, author=author)


def as_workbook(sheets: list[tuple[str, list[Column], list[list]]], *, title: str, author: str) -> bytes:
    """An XLSX of one sheet per (sheet title, columns, rows), each with bold headings, frozen and filtered."""
    from openpyxl import Workbook

    book = Workbook()
    for index, (sheet_title, columns, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = sheet_title
        _fill(sheet, columns, rows)
    book.properties.title = title
    book.properties.creator = author
    book.properties.language = "en-GB"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet, columns: list[Column], rows: list[list]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([xlsx_text(c.heading) for c in columns])
    for cell in sheet[1]:
        if needs_neutralising(cell.value):  # headings may hold organisations' names
            cell.data_type = "s"
            cell.quotePrefix = True
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
