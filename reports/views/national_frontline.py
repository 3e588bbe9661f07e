"""The national picture of the frontline pulse (BASW officers only, as the national overview)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import national_frontline as frontline
from .national import _require_officer


@login_required
def national_frontline(request):
    _require_officer(request.user)
    return render(
        request,
        "reports/national/frontline.html",
        {
            "picture": frontline.frontline_picture(),
            "min_answers": settings.PULSE_MIN_ANSWERS,
            "min_team_answers": settings.PULSE_MIN_TEAM_ANSWERS,
        },
    )
