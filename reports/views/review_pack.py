"""The s75 review pack: the action plan's progress report for the partnership agreement's annual review."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def review_pack(request, pk, fmt):
    raise Http404("Not built yet.")  # issue 12
