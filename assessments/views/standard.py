"""One standard of an assessment: the answer form beside the standard, its actions, files and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Value, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import services
from ..access import agreement_refusal, get_assessment_for
from ..forms import ActionForm, EvidenceFileForm, PartnerViewForm, ResponseForm
from ..models import Action, EvidenceFile, PartnerView, Response
from ..scoring import Scale
from ..selectors import last_signoff_clearance, neighbours, with_neighbours
from ..selectors.living_plan import interim_ratings, plan_actions
from ..selectors.partner_views import standard_views, views_prefetch
from .errors import add_service_errors
from .frontline import frontline_for
from .uploads import attachment

STALE_MESSAGE = (
    "{name} saved this standard at {time} while you were editing it. Their answer is shown below and "
    "yours is still in the form: nothing has been overwritten. Check both, then save again to keep yours."
)
HISTORY_PER_PAGE = 25
SAVED_CLEARED = "Saved. Because the assessment had been signed off, the sign-offs were cleared and are needed again."


def response_for(assessment, code, *, views=False):
    """The assessment's answer to the standard `code` (404 when it has none). With `views`, its partners' own
    views are prefetched when they rate first (one query, however many partners)."""
    responses = with_neighbours(Response.objects.filter(assessment=assessment, standard__code=code)).select_related(
        "standard__domain", "standard__version__framework", "rating", "evidence_holder", "updated_by", "expected_rating"
    )
    if views and assessment.partners_rate_first:
        responses = responses.prefetch_related(views_prefetch())
    response = responses.first()
    if response is None:
        raise Http404("No such standard in this assessment.")
    return response


def own_view(response, organisation_id):
    """The organisation's own view of this answer, given or not, from the prefetched views; None when it has none."""
    return next((v for v in response.partner_views.all() if v.organisation_id == organisation_id), None)


def partner_context(assessment, access, response, scale, *, view_form=None) -> dict:
    """For a standard whose partners rate first: their views as this person may see them, the person's own
    organisation's form (when they may give its view), and why the answer cannot be agreed yet (or None).
    Nothing when the partners rate together."""
    if not assessment.partners_rate_first:
        return {}
    views = standard_views(assessment, response, assessment.partnership.partner_organisations(), scale)
    if view_form is None and access.can_give_view:
        organisation = access.membership.organisation
        view_form = PartnerViewForm(
            initial=PartnerViewForm.initial_for(own_view(response, organisation.pk)),
            assessment=assessment,
            organisation=organisation,
            levels=scale.levels,
        )
    return {
        "views": views,
        "view_form": view_form,
        "agreement_refusal": agreement_refusal(assessment, all_given=views.all_given),
    }


@login_required
def response_edit(request, pk, code):
    assessment, access = get_assessment_for(request.user, pk, write=request.method == "POST")
    response = response_for(assessment, code, views=True)
    previous, following, position, total = neighbours(response)
    scale = Scale.of(assessment.version)
    conflict = None
    if request.method == "POST":
        form = ResponseForm(request.POST, assessment=assessment, levels=scale.levels)
        upload = EvidenceFileForm(request.POST, request.FILES) if request.FILES.get("file") else None
        upload_ok = upload is None or upload.is_valid()
        if form.is_valid() and upload_ok:
            had_signoffs = assessment.signoffs.exists()
            try:
                services.response_save(
                    response=response,
                    actor=request.user,
                    lock_version=form.cleaned_data["lock_version"],
                    data=form.to_data(),
                )
                if upload is not None:
                    services.evidence_add(
                        response=response,
                        actor=request.user,
                        uploaded=upload.cleaned_data["file"],
                        content_type=upload.content_type,
                    )
            except services.StaleEdit as stale:
                conflict = stale.current
                data = request.POST.copy()
                data["lock_version"] = str(conflict.lock_version)
                form = ResponseForm(data, assessment=assessment, levels=scale.levels)
                form.is_valid()
                messages.error(
                    request,
                    STALE_MESSAGE.format(
                        name=conflict.updated_by.full_name if conflict.updated_by else "Someone",
                        time=f"{timezone.localtime(conflict.updated_at):%H:%M on %-d %B}",
                    ),
                )
            except services.WorkflowError as exc:
                add_service_errors(form, exc, aliases={"rating": "answer"})
            else:
                # The service clears sign-offs only when something changed: say so only when it did.
                cleared_now = had_signoffs and not assessment.signoffs.exists()
                messages.success(request, SAVED_CLEARED if cleared_now else f"{response.standard.code} saved.")
                return _after_save(request, assessment, response, following)
        upload = upload or EvidenceFileForm()
    else:
        form = ResponseForm(initial=ResponseForm.initial_for(response), assessment=assessment, levels=scale.levels)
        upload = EvidenceFileForm()
    if access.plan_is_live:  # the plan's notes, files and interim ratings come with the actions: flat in queries
        actions = list(plan_actions().filter(response=response))
        prefetch_related_objects([response], interim_ratings())
    else:
        actions = list(response.actions.select_related("responsible_organisation", "carried_to__response__assessment"))
    partners_first = partner_context(assessment, access, response, scale)
    return render(
        request,
        "assessments/standard.html",
        {
            "assessment": assessment,
            "access": access,
            "response": response,
            "standard": response.standard,
            "form": form,
            "upload": upload,
            "conflict": conflict,
            "actions": actions,
            "files": response.files.select_related("uploaded_by"),
            "previous": previous,
            "following": following,
            "position": position,
            "total": total,
            "cleared": last_signoff_clearance(assessment),
            "scale": scale,
            "gap_without_action": scale.is_gap(response.rating) and not actions,
            "frontline": frontline_for(assessment, access, [response]),
            **partners_first,
        },
    )


def _after_save(request, assessment, response, following):
    if "add_action" in request.POST:
        return redirect("assessments:action_new", pk=assessment.pk, code=response.standard.code)
    if "stay" in request.POST:
        return redirect("assessments:standard", pk=assessment.pk, code=response.standard.code)
    if following and "continue" in request.POST:
        return redirect("assessments:standard", pk=assessment.pk, code=following)
    return redirect("assessments:overview", pk=assessment.pk)


@login_required
def action_edit(request, pk, code, action_pk=None):
    assessment, access = get_assessment_for(request.user, pk, write=request.method == "POST")
    response = response_for(assessment, code)
    action = get_object_or_404(Action, pk=action_pk, response=response) if action_pk else None
    if request.method == "POST":
        form = ActionForm(
            request.POST, assessment=assessment, initial=ActionForm.initial_for(action) if action else None
        )
        if form.is_valid():
            try:
                if action:
                    services.action_update(action=action, actor=request.user, data=form.to_data())
                else:
                    services.action_create(response=response, actor=request.user, data=form.to_data())
            except services.WorkflowError as exc:
                add_service_errors(form, exc, aliases={"rating": "answer"})
            else:
                messages.success(request, f"Action {'updated' if action else 'added'} for {code}.")
                return redirect("assessments:standard", pk=pk, code=code)
    else:
        access.require_edit()
        form = ActionForm(initial=ActionForm.initial_for(action) if action else None, assessment=assessment)
    return render(
        request,
        "assessments/action_form.html",
        {"assessment": assessment, "response": response, "standard": response.standard, "form": form, "action": action},
    )


@login_required
@require_POST
def action_delete(request, pk, code, action_pk):
    assessment, _ = get_assessment_for(request.user, pk, write=True)
    response = response_for(assessment, code)
    action = get_object_or_404(Action, pk=action_pk, response=response)
    services.action_delete(action=action, actor=request.user)
    messages.success(request, f"Action removed from {code}.")
    return redirect("assessments:standard", pk=pk, code=code)


@login_required
def evidence_download(request, pk, file_pk):
    assessment, _ = get_assessment_for(request.user, pk)
    return attachment(get_object_or_404(EvidenceFile, pk=file_pk, response__assessment=assessment))


@login_required
@require_POST
def evidence_delete(request, pk, file_pk):
    assessment, _ = get_assessment_for(request.user, pk, write=True)
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("response__standard"), pk=file_pk, response__assessment=assessment
    )
    code = evidence.response.standard.code
    services.evidence_delete(evidence=evidence, actor=request.user)
    messages.success(request, f"Removed {evidence.original_name}.")
    return redirect("assessments:standard", pk=pk, code=code)


# Fields that say where a record belongs rather than what it says.
_HISTORY_SKIP = {
    "id",
    "assessment",
    "standard",
    "response",
    "organisation",  # a partner's view: its organisation is named in the entry
    "lock_version",
    "updated_by",
    "created_at",
}


def _diff(record, previous):
    if previous is None:
        # Answers are created empty in bulk (no history), so the first record is the first save: show what it set.
        return [
            (f.name, None, getattr(record, f.attname))
            for f in record.tracked_fields
            if f.name not in _HISTORY_SKIP and getattr(record, f.attname) not in (None, "", False)
        ] or [("", "", "created")]
    delta = record.diff_against(previous)  # compares ids, not objects: no query
    return [(c.field, c.old, c.new) for c in delta.changes]


class _HistoryKeys:
    """The history records of several kinds (the answer's, its actions', the partners' views) as one list, newest
    first, for a Paginator.

    A page costs one count per kind and one slice of the union, whatever the length of the history.
    """

    def __init__(self, records_by_kind: dict):
        self.streams = [
            qs.order_by().values("history_date", "history_id").annotate(kind=Value(kind))
            for kind, qs in records_by_kind.items()
        ]
        self._count = None

    def count(self):
        if self._count is None:
            self._count = sum(qs.count() for qs in self.streams)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        union = self.streams[0].union(*self.streams[1:], all=True).order_by("-history_date", "-history_id")
        return list(union[window])


def _with_previous(records, pks):
    """The records of `pks`, each with the record before it of the same row: two queries in all."""
    previous = records.filter(
        id=OuterRef("id"), history_date__lte=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_date", "-history_id")
    page = list(
        records.filter(history_id__in=pks)
        .select_related("history_user")
        .annotate(previous_id=Subquery(previous.values("history_id")[:1]))
    )
    before = records.model.objects.in_bulk([r.previous_id for r in page if r.previous_id])
    return {r.history_id: (r, before.get(r.previous_id)) for r in page}


def _shown_views(views, access) -> dict:
    """{organisation id: organisation} of the partners whose own view of this standard the person may see now
    (access.partner_view_shown): only their views' history is listed, so a hidden view leaves no trace."""
    return {cell.organisation.pk: cell.organisation for cell in views.cells(access.viewer_organisation_id) if cell.view}


def _rating_labels(changes, levels):
    labelled = []
    for field, old, new in changes:
        if field in ("rating", "expected_rating"):
            old, new = levels.get(old, old or "—"), levels.get(new, new or "—")
        labelled.append((field.replace("_", " "), old, new))
    return labelled


@login_required
def response_history(request, pk, code):
    assessment, access = get_assessment_for(request.user, pk)
    response = response_for(assessment, code, views=True)
    scale = Scale.of(assessment.version)
    streams = {"answer": response.history.all(), "action": Action.history.filter(response_id=response.pk)}
    shown, views = {}, None
    if assessment.partners_rate_first:
        views = standard_views(assessment, response, assessment.partnership.partner_organisations(), scale)
        shown = _shown_views(views, access)
        streams["view"] = PartnerView.history.filter(response_id=response.pk, organisation_id__in=list(shown))
    page = Paginator(_HistoryKeys(streams), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    keys = list(page.object_list)
    records = {
        kind: _with_previous(qs, [k["history_id"] for k in keys if k["kind"] == kind]) for kind, qs in streams.items()
    }
    levels = {level.pk: level.label for level in scale.levels}
    entries = []
    for key in keys:
        record, previous = records[key["kind"]][key["history_id"]]
        if key["kind"] == "answer":
            changes = _rating_labels(_diff(record, previous), levels)
            what = f"Answer: {record.history_change_reason or 'changed'}"
        elif key["kind"] == "view":
            changes = _rating_labels(_diff(record, previous), levels)
            what = f"{shown[record.organisation_id].name}'s own view: {record.history_change_reason or 'changed'}"
        else:
            changes = _diff(record, previous)
            what = f"Action: {record.history_change_reason or record.get_history_type_display()}"
        unchanged = "No change to the view" if key["kind"] == "view" else "No change to the answer"
        entries.append({"record": record, "what": what, "changes": changes, "unchanged": unchanged})
    return render(
        request,
        "assessments/history.html",
        {
            "assessment": assessment,
            "access": access,
            "response": response,
            "standard": response.standard,
            "entries": entries,
            "page": page,
            "views": views,
        },
    )
