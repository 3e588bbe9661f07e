"""Downloads of an assessment's action plan, for anyone who may see the assessment (managers included)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify

from assessments.access import get_assessment_for

from . import action_plan

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def action_plan_download(request, pk, fmt):
    assessment, _ = get_assessment_for(request.user, pk)
    rows = action_plan.plan_rows(assessment)
    if fmt == "csv":
        body = action_plan.as_csv(rows)
    elif fmt == "xlsx":
        body = action_plan.as_xlsx(assessment, rows)
    else:
        body = action_plan.as_pdf(assessment, rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    filename = f"action-plan-{slugify(assessment.partnership.name)}-{assessment.period.replace('/', '-')}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
