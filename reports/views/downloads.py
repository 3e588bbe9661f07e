"""Downloads of an assessment's reports, for anyone who may see the assessment (managers included)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from assessments.access import get_assessment_for

from ..exports import export


@require_GET
@login_required
def download(request, pk, kind, fmt):
    assessment, _ = get_assessment_for(request.user, pk)  # 404 for anyone who may not see it
    result = export(assessment, kind, fmt)
    response = HttpResponse(result.body, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
