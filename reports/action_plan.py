"""An assessment's action plan as rows, and as CSV, XLSX and PDF.

One query builds the rows; each format only lays them out. The PDF is rendered by WeasyPrint with a
URL fetcher that fetches nothing but the project's own print stylesheet, so text typed into an answer
can never make the server read a file or call a URL.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models import Action, ActionStatus

COLUMNS = [
    "Standard",
    "Standard title",
    "Rating",
    "Action",
    "Owner",
    "Owner's role",
    "Responsible organisation",
    "Due date",
    "Priority",
    "Status",
    "Overdue",
]
PDF_STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "action-plan-pdf.css"


@dataclass
class PlanRow:
    code: str
    title: str
    rating: str
    description: str
    owner_name: str
    owner_role: str
    responsible: str
    due_date: date
    priority: str
    status: str
    overdue: bool

    def values(self):
        return [
            self.code,
            self.title,
            self.rating,
            self.description,
            self.owner_name,
            self.owner_role,
            self.responsible,
            self.due_date,
            self.priority,
            self.status,
            "Yes" if self.overdue else "No",
        ]


def plan_rows(assessment) -> list[PlanRow]:
    today = timezone.localdate()
    actions = (
        Action.objects.filter(response__assessment=assessment)
        .select_related("response__standard", "response__rating", "responsible_organisation")
        .order_by("response__standard__source_order", "due_date", "pk")
    )
    rows = []
    for a in actions:
        response = a.response
        rating = "Not applicable" if response.not_applicable else (response.rating.label if response.rating_id else "")
        rows.append(
            PlanRow(
                code=response.standard.code,
                title=response.standard.title,
                rating=rating,
                description=a.description,
                owner_name=a.owner_name,
                owner_role=a.owner_role,
                responsible=a.responsible_label,
                due_date=a.due_date,
                priority=a.get_priority_display(),
                status=a.get_status_display(),
                overdue=a.status != ActionStatus.DONE and a.due_date < today,
            )
        )
    return rows


def _safe_cell(value):
    """Stop spreadsheet programs treating typed text as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_safe_cell(v.isoformat() if isinstance(v, date) else v) for v in row.values()])
    return out.getvalue()


def as_xlsx(assessment, rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.table import Table, TableStyleInfo

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_safe_cell(v) for v in row.values()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [10, 30, 14, 60, 22, 28, 30, 12, 10, 12, 9]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row_cells in sheet.iter_rows(min_row=2):
        row_cells[3].alignment = Alignment(wrap_text=True, vertical="top")
        row_cells[7].number_format = "dd/mm/yyyy"
    if rows:
        table = Table(displayName="ActionPlan", ref=f"A1:K{len(rows) + 1}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(table)
    sheet.freeze_panes = "A2"
    book.properties.title = f"Action plan: {assessment.partnership.name} {assessment.period}"
    book.properties.creator = "Partnership Audit"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fetch_nothing_but_our_stylesheet(url, *args, **kwargs):
    from weasyprint.urls import URLFetcherResponse

    if url == PDF_STYLESHEET.as_uri():
        return URLFetcherResponse(url, body=PDF_STYLESHEET.read_bytes(), headers={"Content-Type": "text/css"})
    raise ValueError(f"The action plan PDF fetches no external resources ({url!r} refused).")


def as_pdf(assessment, rows) -> bytes:
    import weasyprint

    html = render_to_string(
        "reports/action_plan_pdf.html",
        {
            "assessment": assessment,
            "rows": rows,
            "stylesheet": PDF_STYLESHEET.as_uri(),
            "generated": timezone.localtime(),
            "signoffs": assessment.signoffs.select_related("organisation"),
        },
    )
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_fetch_nothing_but_our_stylesheet)
    return document.write_pdf(pdf_variant="pdf/ua-1")
