"""The living action plan of an accepted assessment: its progress through the year.

Everyone who may see the assessment reads the plan (its partnership's people and BASW officers). The
partnership's leads and contributors, and an action's owner with an account, record progress on an action; a
lead records a standard's interim rating once its actions are done. The plan moves only once BASW has accepted
the assessment, and an action carried forward moves on the later assessment (access.plan_refusal); a draft's
plan is shown read-only. The pages ask access the same questions the services do (AssessmentAccess
.why_not_progress, plan_refusal, interim_refusal), so they never offer what a service refuses. Every write is a
service's (services/plan.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..access import deny, get_assessment_for, interim_refusal, plan_refusal
from ..forms import ActionProgressForm, InterimRatingForm
from ..models import ActionStatus, CompletionFile, Response
from ..scoring import Scale
from ..selectors.living_plan import interim_ratings, living_plan, plan_actions
from ..services.plan import INTERIM_NEEDS_DONE, all_actions_done
from .errors import add_service_errors
from .uploads import attachment

PROGRESS_SAVED = "Progress recorded on {code}: '{action}' is {status}."
FILE_ADDED = "Kept {name} as evidence that '{action}' was done."
FILE_REMOVED = "Removed {name}."
INTERIM_SAVED = "Interim rating of {code} recorded: {rating}."


def _plan_url(assessment, anchor=""):
    return reverse("assessments:plan", args=[assessment.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def plan(request, pk):
    """Every action by standard in task-list order, how the plan is getting on, and the downloads."""
    assessment, access = get_assessment_for(request.user, pk)
    living = living_plan(assessment)
    may_progress = {a.pk for a in living.actions if access.why_not_progress(a) is None}
    return render(
        request,
        "assessments/plan.html",
        {
            "assessment": assessment,
            "access": access,
            "plan": living,
            "may_progress": may_progress,
            "ActionStatus": ActionStatus,
        },
    )


def _status_history(action) -> list:
    """Each change of the action's status, newest first, from its history (one query)."""
    changes, previous = [], None
    records = action.history.select_related("history_user").order_by("history_date", "history_id")
    for record in records:
        if record.status != previous:
            changes.append(record)
        previous = record.status
    return changes[::-1]


def _action_for(assessment, action_pk):
    queryset = plan_actions().select_related("response__standard")
    action = get_object_or_404(queryset, pk=action_pk, response__assessment=assessment)
    action.response.assessment = assessment  # already read, with its partnership
    return action


def _record(request, access, action, form):
    """Record the progress and keep the file, both or neither; a file alone is just kept."""
    with transaction.atomic():
        if form.changes_progress() or not form.upload:
            services.action_progress(
                action=action, actor=request.user, membership=access.membership, data=form.to_data()
            )
        if form.upload:
            services.completion_file_add(
                action=action,
                actor=request.user,
                membership=access.membership,
                uploaded=form.upload,
                content_type=form.content_type,
            )


@login_required
def action_progress(request, pk, action_pk):
    assessment, access = get_assessment_for(request.user, pk)
    action = _action_for(assessment, action_pk)
    deny(access.why_not_progress(action))
    if request.method == "POST":
        form = ActionProgressForm(request.POST, request.FILES, action=action)
        if form.is_valid():
            try:
                _record(request, access, action, form)
            except services.WorkflowError as exc:
                add_service_errors(form, exc)
            else:
                action.refresh_from_db(fields=["status"])
                code, what = action.response.standard.code, action.description[:60]
                if form.changes_progress() or not form.upload:
                    status = action.get_status_display().lower()
                    messages.success(request, PROGRESS_SAVED.format(code=code, action=what, status=status))
                if form.upload:
                    messages.success(request, FILE_ADDED.format(name=form.upload.name, action=what))
                return redirect(_plan_url(assessment, f"action-{action.pk}"))
    else:
        form = ActionProgressForm(action=action)
    return render(
        request,
        "assessments/action_progress.html",
        {
            "assessment": assessment,
            "access": access,
            "action": action,
            "standard": action.response.standard,
            "form": form,
            "history": _status_history(action),
            "ActionStatus": ActionStatus,
        },
    )


@login_required
def completion_file(request, pk, file_pk):
    """A completion file, for anyone who may see the assessment: as an attachment, never shown inline."""
    assessment, _ = get_assessment_for(request.user, pk)
    return attachment(get_object_or_404(CompletionFile, pk=file_pk, action__response__assessment=assessment))


@login_required
@require_POST
def completion_file_delete(request, pk, file_pk):
    assessment, access = get_assessment_for(request.user, pk)
    evidence = get_object_or_404(
        CompletionFile.objects.select_related("action__response", "action__carried_to__response__assessment"),
        pk=file_pk,
        action__response__assessment=assessment,
    )
    action = evidence.action
    action.response.assessment = assessment
    deny(access.why_not_progress(action))
    try:
        services.completion_file_delete(evidence=evidence, actor=request.user, membership=access.membership)
    except services.WorkflowError as exc:
        deny(" ".join(exc.messages))
    messages.success(request, FILE_REMOVED.format(name=evidence.original_name))
    return redirect("assessments:action_progress", pk=assessment.pk, action_pk=action.pk)


@login_required
def interim_rating(request, pk, code):
    """A lead re-rates a standard of an accepted assessment once every action on it is done."""
    assessment, access = get_assessment_for(request.user, pk)
    responses = Response.objects.select_related("standard", "rating").prefetch_related("actions", interim_ratings())
    response = get_object_or_404(responses, assessment=assessment, standard__code=code)
    response.assessment = assessment
    deny(plan_refusal(assessment) or interim_refusal(access.membership, assessment.partnership))
    actions = list(response.actions.all())
    done = all_actions_done(actions)
    form = InterimRatingForm(request.POST or None, levels=Scale.of(assessment.version).levels) if done else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.interim_rating_record(
                response=response,
                actor=request.user,
                membership=access.membership,
                rating=form.level,
                note=form.cleaned_data["note"],
            )
        except services.WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, INTERIM_SAVED.format(code=code, rating=form.level.label.lower()))
            return redirect(_plan_url(assessment, f"standard-{code}"))
    return render(
        request,
        "assessments/interim.html",
        {
            "assessment": assessment,
            "access": access,
            "response": response,
            "standard": response.standard,
            "actions": actions,
            "interims": list(response.interim_ratings.all()),
            "form": form,
            "not_done": None if done else INTERIM_NEEDS_DONE.format(code=code),
        },
    )
