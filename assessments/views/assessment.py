"""The assessment as a whole: start, task-list overview, check your answers, sign-off and submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..access import ALREADY_REVEALED, deny, get_assessment_for, get_partnership_for, require_editor, reveal_refusal
from ..forms import AssessmentStartForm, SignOffForm
from ..models import RATING_MODE_HELP, SignOff
from ..scoring import Divergence
from ..selectors import (
    last_signoff_clearance,
    overview,
    responses_with_detail,
    signoff_status,
    submission_problems,
)
from ..services.starting import dropped_on
from .frontline import frontline_for

ACTIVITY_PER_PAGE = 25
VIEWS_SHOWN = (
    "Every partner's views are now shown to all the partners: agree the joint rating of each standard together."
)


def _context(assessment, access, *, signoffs=None, **extra):
    partners = assessment.partnership.partner_organisations()
    return {
        "assessment": assessment,
        "access": access,
        "partners": partners,
        "signoffs": signoff_status(assessment, partners, signoffs),
        "cleared": last_signoff_clearance(assessment),
        **extra,
    }


@login_required
def assessment_start(request, partnership_pk):
    partnership, membership = get_partnership_for(request.user, partnership_pk)
    require_editor(membership)
    previous = services.latest_accepted(partnership)
    form = AssessmentStartForm(request.POST or None, partnership=partnership, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                partnership=partnership,
                period=form.cleaned_data["period"],
                version=form.cleaned_data["version"],
                actor=request.user,
                carry_forward=form.cleaned_data.get("carry_forward", False),
                moves=form.moves(),
                rating_mode=form.cleaned_data["rating_mode"],
            )
        except services.WorkflowError as exc:
            form.add_error(None, exc)  # field errors beside their fields, others at the top
        else:
            messages.success(request, f"Assessment for {assessment.period} started.")
            return redirect("assessments:overview", pk=assessment.pk)
    return render(request, "assessments/start.html", {"form": form, "partnership": partnership, "previous": previous})


@login_required
def assessment_overview(request, pk):
    assessment, access = get_assessment_for(request.user, pk)
    teams = list(assessment.partnership.teams.all())
    summary = overview(assessment)
    return render(
        request,
        "assessments/overview.html",
        _context(
            assessment,
            access,
            overview=summary,
            teams=teams,
            dropped=dropped_on(assessment),
            rating_mode_help=RATING_MODE_HELP[assessment.rating_mode],
            to_agree=[row for row in summary.divergent if not _agreed(row.response)],
        ),
    )


def _agreed(response):
    """A divergent standard is agreed once it has a joint answer and the reason for it."""
    return response.is_answered and bool(response.agreed_rationale.strip())


@login_required
def assessment_check(request, pk):
    """Every answer in full, what stops submission, and sign-off: a fixed number of queries at any size."""
    assessment, access = get_assessment_for(request.user, pk)
    responses = list(responses_with_detail(assessment))
    summary = overview(assessment, responses=responses)
    signoffs = list(SignOff.objects.filter(assessment=assessment))
    problems = submission_problems(assessment, summary=summary, signoffs=signoffs) if assessment.is_editable else []
    states = {row.response.pk: row for group in summary.groups for row in group.rows}
    rows = [(r, states[r.pk]) for r in responses]
    # Where the partners rate first, the standards they saw differently come first, with every view.
    divergent = [(r, row) for r, row in rows if row.divergence == Divergence.DIVERGENT]
    my_org = access.membership.organisation_id if access.membership else None
    return render(
        request,
        "assessments/check.html",
        _context(
            assessment,
            access,
            signoffs=signoffs,
            overview=summary,
            problems=problems,
            divergent_rows=divergent,
            rows=[(r, row) for r, row in rows if row.divergence != Divergence.DIVERGENT],
            signoff_form=SignOffForm(),
            my_org_signed=any(s.organisation_id == my_org for s in signoffs),
            frontline=frontline_for(assessment, access, responses),
        ),
    )


@login_required
@require_POST
def assessment_sign_off(request, pk):
    assessment, access = get_assessment_for(request.user, pk)
    access.require_sign_off()
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect("assessments:check", pk=pk)
    try:
        services.assessment_sign_off(assessment=assessment, actor=request.user, membership=access.membership)
    except services.WorkflowError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Signed off for {access.membership.organisation.name}.")
    return redirect("assessments:check", pk=pk)


@login_required
@require_POST
def assessment_submit(request, pk):
    assessment, access = get_assessment_for(request.user, pk)
    access.require_submit()
    try:
        services.assessment_submit(assessment=assessment, actor=request.user)
    except services.WorkflowError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("assessments:check", pk=pk)
    return redirect("assessments:submitted", pk=pk)


@login_required
def assessment_submitted(request, pk):
    assessment, access = get_assessment_for(request.user, pk)
    return render(request, "assessments/submitted.html", _context(assessment, access))


@login_required
def assessment_activity(request, pk):
    assessment, access = get_assessment_for(request.user, pk)
    # Newest first, each list on its own page parameter: two queries a list (count and page) however long.
    events = assessment.events.select_related("actor").order_by("-at", "-pk")
    events = Paginator(events, ACTIVITY_PER_PAGE).get_page(request.GET.get("events_page"))
    notifications = assessment.notifications.select_related("recipient").order_by("-created_at", "-pk")
    notifications = Paginator(notifications, ACTIVITY_PER_PAGE).get_page(request.GET.get("emails_page"))
    return render(
        request, "assessments/activity.html", _context(assessment, access, events=events, notifications=notifications)
    )


__all__ = ["responses_with_detail"]


@login_required
@require_POST
def partner_views_reveal(request, pk):
    """A partner's lead shows every partner's views to all the partners at once, for a joint meeting."""
    assessment, access = get_assessment_for(request.user, pk)
    refusal = reveal_refusal(access.membership, assessment)
    if refusal != ALREADY_REVEALED:  # shown already (a second tab, a colleague first): said on the task list
        deny(refusal)
    try:
        services.partner_views_reveal(assessment=assessment, actor=request.user, membership=access.membership)
    except services.WorkflowError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, VIEWS_SHOWN)
    return redirect("assessments:overview", pk=pk)
