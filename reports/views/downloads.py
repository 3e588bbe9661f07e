"""Downloads of an assessment's reports, for anyone who may see the assessment (managers included).

The spreadsheets are made in the request. The PDFs (the action plan, the s75 review pack) are rendered by the
worker (reports/tasks.py) after each change: a download serves the stored file, or, when there is none yet, a
page that says it is being prepared, queues a render if none is on its way, and refreshes itself until the
file is there.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assessments.access import get_assessment_for

from ..exports import PDF_KINDS, PdfNotReady, export
from ..models import PlanRender, RenderStatus
from ..tasks import queue_render

PREPARING = "Preparing your action plan"
COULD_NOT_PREPARE = "We could not prepare your action plan as a PDF"


@dataclass(frozen=True)
class Offer:
    """A spreadsheet the preparing page offers instead of the PDF."""

    label: str  # "Excel (XLSX)"
    url: str


def attachment(result) -> HttpResponse:
    response = HttpResponse(result.body, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def download(request, pk, kind, fmt):
    assessment, _ = get_assessment_for(request.user, pk)  # 404 for anyone who may not see it
    return attachment(export(assessment, kind, fmt))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def action_plan_pdf(request, pk, kind="action-plan", fmt="pdf"):
    """The stored PDF; else the page that says it is on its way (202), or that it could not be made (200).

    The page's link gives the file once it is ready; with ?check=1 (a link on the page) it also reloads itself
    every five seconds until then, without JavaScript.

    A POST is "try again" after a failed render: it queues a render and comes back here.
    """
    assessment, _ = get_assessment_for(request.user, pk)  # 404 for anyone who may not see it
    offers = [
        Offer("Excel (XLSX)", reverse("reports:download", args=[assessment.pk, "action-plan", "xlsx"])),
        Offer("CSV", reverse("reports:download", args=[assessment.pk, "action-plan", "csv"])),
    ]
    return stored_pdf_or_preparing(
        request, assessment, kind, document="action plan", headings=(PREPARING, COULD_NOT_PREPARE), offers=offers
    )


def stored_pdf_or_preparing(request, assessment, kind, *, document, headings, offers):
    """The stored PDF of this export kind, or the page that says it is being prepared or could not be made; a
    POST (try again) queues a render and comes back. `document` names it in the page ("action plan")."""
    render_kind = PDF_KINDS[kind]
    if request.method == "POST":
        queue_render(assessment.pk, kind=render_kind)
        return redirect(request.path)
    try:
        return attachment(export(assessment, kind, "pdf", stored_pdf_only=True))
    except PdfNotReady:
        pass
    # Does nothing when one is queued, under way, or failed.
    queue_render(assessment.pk, retry_failed=False, kind=render_kind)
    state = PlanRender.objects.filter(assessment=assessment, kind=render_kind).first()
    failed = state is not None and state.status == RenderStatus.FAILED
    preparing, could_not = headings
    context = {
        "assessment": assessment,
        "failed": failed,
        # Reloading on a timer is a time limit (WCAG 2.2.1, axe-core's meta-refresh): only when asked for.
        "checking": not failed and request.GET.get("check") == "1",
        "heading": could_not if failed else preparing,
        "document": document,
        "pdf_url": request.path,
        "offers": offers,
    }
    response = render(request, "reports/preparing.html", context, status=200 if failed else 202)
    response["Cache-Control"] = "private, no-store"
    return response
