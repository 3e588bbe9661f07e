"""Every download an assessment offers, by kind and format: used by the pages and by export_action_plan.

Kinds: the action plan, the responses, and "progress", the s75 review pack (reports/review_pack.py), whose
files are named s75-review-pack-....
"""

from dataclasses import dataclass

from django.utils.text import slugify

from . import review_pack_sheets, spreadsheets
from .content import report_for
from .models import RenderKind
from .pdf import pdf_of, stored_pdf
from .review_pack import pack_for

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
KINDS = {
    # kind: (formats, sheet title, columns, rows); the columns depend on the report (a column per partner)
    "action-plan": (
        ("pdf", "xlsx", "csv"),
        "Action plan",
        spreadsheets.action_plan_columns,
        spreadsheets.action_plan_rows,
    ),
    "responses": (("xlsx", "csv"), "Responses", spreadsheets.response_columns, spreadsheets.response_rows),
    # The s75 review pack: its own workbook of three sheets (review_pack_sheets).
    "progress": (("pdf", "xlsx"), "s75 review pack", None, None),
}
PROGRESS = "progress"
FILE_STEMS = {PROGRESS: "s75-review-pack"}  # otherwise the kind
PDF_KINDS = {"action-plan": RenderKind.ACTION_PLAN, PROGRESS: RenderKind.REVIEW_PACK}


class PdfNotReady(Exception):
    """The worker has not rendered this revision's PDF yet (reports/tasks.py)."""


@dataclass
class Export:
    body: bytes
    content_type: str
    filename: str
    from_cache: bool = False


def filename_for(assessment, kind: str, fmt: str) -> str:
    """e.g. action-plan-north-wessex-mental-health-partnership-2026-27-draft.pdf"""
    parts = [
        FILE_STEMS.get(kind, kind),
        slugify(assessment.partnership.name),
        assessment.period.replace("/", "-"),
        slugify(assessment.status.replace("_", "-")),
    ]
    return "-".join(parts) + "." + fmt


def export(assessment, kind: str, fmt: str, *, stored_pdf_only: bool = False) -> Export:
    """The file, made now. With stored_pdf_only (the pages), a PDF is only what the worker rendered: a page
    never renders one itself, and PdfNotReady says there is none yet. The spreadsheets are always made now."""
    formats, sheet_title, columns_of, rows_of = KINDS[kind]
    if fmt not in formats:
        raise ValueError(f"{kind} is not offered as {fmt}; choose one of {', '.join(formats)}.")
    from_cache = False
    if fmt == "pdf" and stored_pdf_only:
        body, from_cache = stored_pdf(assessment, PDF_KINDS[kind]), True
        if body is None:
            raise PdfNotReady(assessment.pk)
    elif fmt == "pdf":
        body, from_cache = pdf_of(assessment, PDF_KINDS[kind])
    elif kind == PROGRESS:
        body = review_pack_sheets.as_xlsx(pack_for(assessment))
    else:
        report = report_for(assessment)
        columns, rows = columns_of(report), rows_of(report)
        if fmt == "csv":
            body = spreadsheets.as_csv(columns, rows).encode("utf-8")
        else:
            partnership = report.assessment.partnership
            body = spreadsheets.as_xlsx(
                columns,
                rows,
                sheet_title=sheet_title,
                title=f"{sheet_title}: {partnership.name}, {assessment.period}",
                author=partnership.name,
            )
    return Export(body, CONTENT_TYPES[fmt], filename_for(assessment, kind, fmt), from_cache)
