from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from ..access import is_officer, partnerships_visible_to
from ..selectors import dashboard_items
from ..selectors.dashboard import officer_items

PARTNERSHIPS_PER_PAGE = 10
OVERDUE_PER_PAGE = 25
NO_PARTNERSHIP = "You are not a member of any partnership yet. Ask your governance lead to invite you."


def _officer_lists(review):
    """(heading, the oldest few, how many, what to say when none, kind) for the officer's part of the page."""
    return [
        ("Resubmitted to you", review.resubmitted, review.resubmitted_count, "Nothing has come back to you.", "sub"),
        ("In review by you", review.in_review, review.in_review_count, "You are not reviewing anything.", "sub"),
        ("Waiting to be taken", review.waiting, review.waiting_count, "Nothing is waiting for review.", "waiting"),
        (
            "Returned by you, waiting on the partnership",
            review.returned,
            review.returned_count,
            "Nothing you returned is waiting on a partnership.",
            "returned",
        ),
    ]


@login_required
def dashboard(request):
    visible = partnerships_visible_to(request.user).select_related("trust").prefetch_related("councils")
    partnerships = Paginator(visible.order_by("name", "pk"), PARTNERSHIPS_PER_PAGE).get_page(request.GET.get("page"))
    items = dashboard_items(request.user, partnerships.object_list)
    overdue = Paginator(items.overdue, OVERDUE_PER_PAGE).get_page(request.GET.get("overdue_page"))
    officer = is_officer(request.user)
    return render(
        request,
        "assessments/dashboard.html",
        {
            "memberships": items.memberships,
            "partnerships": partnerships,
            "rows": items.rows,
            "needs_signoff": items.needs_signoff,
            "ready_to_submit": items.ready_to_submit,
            "returned": items.returned,
            "overdue": overdue,
            "owned": items.owned,
            "officer": officer,
            "officer_lists": _officer_lists(officer_items(request.user)) if officer else [],
            "no_partnership": NO_PARTNERSHIP,
        },
    )
