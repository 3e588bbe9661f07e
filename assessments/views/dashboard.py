from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..access import is_officer, partnerships_visible_to
from ..models import Status
from ..selectors import dashboard_items


@login_required
def dashboard(request):
    partnerships = partnerships_visible_to(request.user).select_related("trust").prefetch_related("councils")
    memberships, lead_org_ids, assessments, overdue = dashboard_items(request.user, partnerships)
    needs_signoff = [
        a
        for a in assessments
        if lead_org_ids
        and a.status in (Status.DRAFT, Status.CHANGES_REQUESTED)
        and not a.signed_by_me
        and a.answered == a.total
    ]
    returned = [a for a in assessments if a.status == Status.CHANGES_REQUESTED]
    return render(
        request,
        "assessments/dashboard.html",
        {
            "memberships": memberships,
            "partnerships": partnerships,
            "assessments": assessments,
            "needs_signoff": needs_signoff,
            "returned": returned,
            "overdue": overdue,
            "officer": is_officer(request.user),
        },
    )
