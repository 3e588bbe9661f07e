"""The s75 review pack: the action plan's progress report for the partnership agreement's annual review.

For everyone who may see the assessment (get_assessment_for: the partnership's people, BASW officers once it
was sent; a 404 for anyone else). The XLSX is made in the request; the PDF is the worker's, as the action
plan's is (downloads.stored_pdf_or_preparing): the stored file, or the page that says it is being prepared.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.access import get_assessment_for

from ..exports import PROGRESS, export
from .downloads import Offer, attachment, stored_pdf_or_preparing

PREPARING_PACK = "Preparing your s75 review pack"
COULD_NOT_PREPARE_PACK = "We could not prepare your s75 review pack as a PDF"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_pack(request, pk, fmt):
    assessment, _ = get_assessment_for(request.user, pk)  # 404 for anyone who may not see it
    if fmt == "xlsx":
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return attachment(export(assessment, PROGRESS, "xlsx"))
    offers = [Offer("Excel (XLSX)", reverse("reports:review_pack", args=[assessment.pk, "xlsx"]))]
    return stored_pdf_or_preparing(
        request,
        assessment,
        PROGRESS,
        document="s75 review pack",
        headings=(PREPARING_PACK, COULD_NOT_PREPARE_PACK),
        offers=offers,
    )
