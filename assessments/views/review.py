"""BASW officers' review of submitted assessments, and the partnership's replies to their queries.

Every review URL is for BASW officers only: anyone else gets a 404, so that the review's existence does not
leak. An officer who also belongs to the partnership gets a 403 (they may see it, but not review it). Any
officer may read a review; only the officer who took the assessment may record a review, return or accept it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..access import OFFICER_IS_PARTNER, get_assessment_for, is_officer
from ..forms import AcceptForm, AgreeRemainingForm, ReplyForm, ReturnForm, ReviewStandardForm, TakeOverForm
from ..forms.review import divergence_query
from ..models import SENT_TO_BASW_STATUSES, Action, EvidenceFile, Response, Status
from ..scoring import Divergence
from ..selectors import (
    latest_return,
    neighbours,
    not_agreed,
    queried,
    review_row,
    review_rows,
    signoff_status,
    team_summary,
    with_neighbours,
)
from ..selectors.plan_progress import plan_progress
from ..selectors.review import QueueList
from ..selectors.snapshots import profile_shown
from ..services import review as review_services
from ..services.review import reply_refusal, response_review, review_status_refusal
from ..services.review import response_reply as reply_service
from ..services.workflow import assessment_take_over
from .errors import add_service_errors
from .frontline import frontline_for

TAKEN_OVER = "You are now reviewing {assessment}, in place of {previous}. The partnership's leads have been told."
AGREED_REMAINING = "Agreed the {count} standard{plural} not reviewed yet."
QUEUE_PER_PAGE = 25
TAKEN = "You are now reviewing {assessment}. The partnership's leads have been told."
REVIEW_SAVED = "Your review of {code} is saved."
RETURNED = "Returned to the partnership for changes. Its leads and contributors have been told, with each query."
ACCEPTED = "Accepted. The assessment is locked, and the partnership's leads and managers have been told."
REPLY_SAVED = "Your reply to BASW's query on {code} is saved."


def _for_review(user, pk):
    """The assessment for an officer's review pages: 404 for anyone who is not a BASW officer."""
    if not is_officer(user):
        raise Http404("No such review.")
    assessment, access = get_assessment_for(user, pk)
    if assessment.status not in SENT_TO_BASW_STATUSES:
        raise Http404("No such review.")
    if access.is_partner:
        raise PermissionDenied(OFFICER_IS_PARTNER)
    return assessment, access


def _why_not_reviewer(assessment, access) -> str | None:
    """What to tell a person who may not act on the review now (who: access.py; status: the services)."""
    return access.why_not_review() or review_status_refusal(assessment)


@login_required
def review_queue(request):
    if not is_officer(request.user):
        raise Http404("No such page.")
    waiting = Paginator(QueueList(Status.SUBMITTED), QUEUE_PER_PAGE).get_page(request.GET.get("waiting_page"))
    in_review = Paginator(QueueList(Status.IN_REVIEW), QUEUE_PER_PAGE).get_page(request.GET.get("in_review_page"))
    return render(request, "assessments/review/queue.html", {"waiting": waiting, "in_review": in_review})


@login_required
def review_assessment(request, pk):
    assessment, access = _for_review(request.user, pk)
    partners = assessment.partnership.partner_organisations()
    rows = review_rows(assessment, partners)
    profile = profile_shown(assessment)  # as at its submission: a later edit of the profile does not change it
    return render(
        request,
        "assessments/review/assessment.html",
        {
            "assessment": assessment,
            "access": access,
            "rows": rows,
            "profile": profile,
            "teams": team_summary(profile.teams),
            "partners": partners,
            "signoffs": signoff_status(assessment, partners),
            "returned": latest_return(assessment),
            "is_reviewer": _why_not_reviewer(assessment, access) is None,
            "may_take_over": access.why_not_take() is None and assessment.reviewer_id not in (None, request.user.pk),
            "take_over_form": TakeOverForm(),
            "agreed": sum(1 for r in rows if r.response.is_agreed),
            "queried": sum(1 for r in rows if r.response.is_queried),
            "unreviewed": sum(1 for r in rows if not r.response.review_state),
            "changed": sum(1 for r in rows if r.changes and r.changes["any"]),
            "divergence": {kind: sum(1 for r in rows if r.divergence == kind) for kind in Divergence.values},
            "divergent": [r for r in rows if r.divergence == Divergence.DIVERGENT],
            # The living plan's progress, once accepted (before, the actions are still being written).
            "plan_progress": plan_progress(assessment) if assessment.status == Status.ACCEPTED else None,
            "frontline": frontline_for(assessment, access, [r.response for r in rows]),
        },
    )


@login_required
@require_POST
def review_take(request, pk):
    assessment, _ = _for_review(request.user, pk)
    try:
        services.assessment_take(assessment=assessment, actor=request.user)
    except services.WorkflowError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, TAKEN.format(assessment=assessment))
    return redirect("assessments:review", pk=pk)


@login_required
@require_POST
def review_take_over(request, pk):
    """Another officer takes over a review in progress (e.g. a resubmission whose officer is away)."""
    assessment, _ = _for_review(request.user, pk)
    previous = assessment.reviewer.full_name if assessment.reviewer_id else "nobody"
    form = TakeOverForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        assessment_take_over(assessment=assessment, actor=request.user, note=note)
    except services.WorkflowError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, TAKEN_OVER.format(assessment=assessment, previous=previous))
    return redirect("assessments:review", pk=pk)


def _response_for(assessment, code):
    response = (
        with_neighbours(Response.objects.filter(assessment=assessment, standard__code=code))
        .select_related(
            "standard__domain",
            "rating",
            "evidence_holder",
            "expected_rating",
            "reviewed_by",
            "replied_by",
            "updated_by",
        )
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("responsible_organisation")),
            Prefetch("files", queryset=EvidenceFile.objects.select_related("uploaded_by")),
            "standard__sub_items",
        )
        .first()
    )
    if response is None:
        raise Http404("No such standard in this assessment.")
    return response


@login_required
def review_standard(request, pk, code):
    assessment, access = _for_review(request.user, pk)
    response = _response_for(assessment, code)
    previous, following, position, total = neighbours(response)
    why_not = _why_not_reviewer(assessment, access)
    row = review_row(response, assessment)
    divergence = {"divergence": row.divergence, "suggested_query": divergence_query(response, row.views)}
    if request.method == "POST":
        if why_not:
            messages.error(request, why_not)
            return redirect("assessments:review_standard", pk=pk, code=code)
        form = ReviewStandardForm(request.POST, assessment=assessment, **divergence)
        if form.is_valid():
            data = form.cleaned_data
            try:
                response_review(
                    response=response,
                    actor=request.user,
                    state=data["review_state"],
                    comment=data["review_comment"],
                    expected_rating=data["expected_rating"],
                )
            except services.WorkflowError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, REVIEW_SAVED.format(code=response.standard.code))
                if following and "next" in request.POST:
                    return redirect("assessments:review_standard", pk=pk, code=following)
                return redirect(f"{reverse('assessments:review', args=[pk])}#review-{response.standard.code}")
    else:
        form = ReviewStandardForm(initial=ReviewStandardForm.initial_for(response), assessment=assessment, **divergence)
    return render(
        request,
        "assessments/review/standard.html",
        {
            "assessment": assessment,
            "access": access,
            "response": response,
            "standard": response.standard,
            "row": row,
            "form": form,
            "why_not": why_not,
            "previous": previous,
            "following": following,
            "position": position,
            "total": total,
            "frontline": frontline_for(assessment, access, [response]),
        },
    )


def _overall(request, pk, *, form_class, template, act, done):
    """The return and accept pages: one form, one service call, the same refusals."""
    assessment, access = _for_review(request.user, pk)
    why_not = _why_not_reviewer(assessment, access)
    if why_not:
        messages.error(request, why_not)
        return redirect("assessments:review", pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(assessment, form.cleaned_data)
        except services.WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("assessments:review", pk=pk)
    unreviewed, still_queried = not_agreed(assessment)
    return render(
        request,
        template,
        {
            "assessment": assessment,
            "access": access,
            "form": form,
            "queried": list(queried(assessment)),
            "unreviewed": unreviewed,
            "still_queried": still_queried,
            "agree_form": AgreeRemainingForm(),
        },
    )


@login_required
@require_POST
def review_agree_remaining(request, pk):
    """From the accept page: agree every standard not reviewed yet, once the officer has ticked to confirm."""
    assessment, access = _for_review(request.user, pk)
    why_not = _why_not_reviewer(assessment, access)
    if why_not:
        messages.error(request, why_not)
        return redirect("assessments:review", pk=pk)
    form = AgreeRemainingForm(request.POST)
    if form.is_valid():
        try:
            agreed = review_services.review_agree_remaining(assessment=assessment, actor=request.user)
        except services.WorkflowError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, AGREED_REMAINING.format(count=len(agreed), plural=pluralize(len(agreed))))
            return redirect("assessments:review_accept", pk=pk)
    else:
        for message in form.errors.get("confirm", []):
            messages.error(request, message)
    return redirect("assessments:review_accept", pk=pk)


@login_required
def review_return(request, pk):
    return _overall(
        request,
        pk,
        form_class=ReturnForm,
        template="assessments/review/return.html",
        act=lambda a, data: services.assessment_return(assessment=a, actor=request.user, note=data["note"]),
        done=RETURNED,
    )


@login_required
def review_accept(request, pk):
    return _overall(
        request,
        pk,
        form_class=AcceptForm,
        template="assessments/review/accept.html",
        act=lambda a, data: services.assessment_accept(assessment=a, actor=request.user, note=data["summary"]),
        done=ACCEPTED,
    )


@login_required
def response_reply(request, pk, code):
    """The partnership answers BASW's query on one standard (leads and contributors, while changes are requested)."""
    assessment, access = get_assessment_for(request.user, pk)
    if not access.is_partner:
        raise Http404("No such page.")
    access.require_edit()
    response = _response_for(assessment, code)
    refusal = reply_refusal(assessment, response)
    if refusal:
        messages.error(request, refusal)
        return redirect("assessments:standard", pk=pk, code=code)
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                reply_service(response=response, actor=request.user, reply=form.cleaned_data["reply"])
            except services.WorkflowError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, REPLY_SAVED.format(code=response.standard.code))
                return redirect("assessments:overview", pk=pk)
    else:
        form = ReplyForm(initial={"reply": response.reply})
    return render(
        request,
        "assessments/review/reply.html",
        {
            "assessment": assessment,
            "access": access,
            "response": response,
            "standard": response.standard,
            "form": form,
            "row": review_row(response, assessment),
        },
    )
