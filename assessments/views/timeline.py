"""A partnership's integration timeline: the dated events its governance leads record.

Everyone in the partnership reads it, and BASW officers once the partnership has sent an assessment to BASW
(access.get_timeline_for: anyone else gets 404). Only its governance leads record, change and remove events
(access.timeline_refusal: 403 with the reason).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import deny, get_timeline_for, timeline_refusal
from ..forms import TimelineEventForm
from ..models import RETREAT_KINDS, TimelineEvent
from ..selectors.timeline import timeline_by_year, timeline_changes
from ..services import WorkflowError
from ..services import timeline as timeline_services
from .errors import add_service_errors

EVENT_RECORDED = "The event is added to the timeline."
EVENT_CHANGED = "The event is changed."
EVENT_REMOVED = "The event is removed from the timeline. Its history keeps what it was."


@login_required
@require_GET
def timeline(request, pk):
    partnership, membership = get_timeline_for(request.user, pk)
    years = timeline_by_year(partnership)
    return render(
        request,
        "assessments/timeline.html",
        {
            "partnership": partnership,
            "membership": membership,
            "years": years,
            "events": sum(len(y.events) for y in years),
            "changes": timeline_changes(partnership),
            "can_record": timeline_refusal(membership) is None,
            "retreat_kinds": RETREAT_KINDS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def timeline_event_edit(request, pk, event_pk=None):
    partnership, membership = get_timeline_for(request.user, pk)
    deny(timeline_refusal(membership))
    event = get_object_or_404(TimelineEvent, pk=event_pk, partnership=partnership) if event_pk else None
    form = TimelineEventForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data, actor = form.to_data(), request.user
        try:
            if event is None:
                timeline_services.timeline_event_record(partnership=partnership, actor=actor, data=data)
            else:
                timeline_services.timeline_event_change(event=event, partnership=partnership, actor=actor, data=data)
        except WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, EVENT_RECORDED if event is None else EVENT_CHANGED)
            return redirect("assessments:timeline", pk=partnership.pk)
    return render(request, "assessments/timeline_form.html", {"form": form, "partnership": partnership, "event": event})


@login_required
@require_POST
def timeline_event_delete(request, pk, event_pk):
    partnership, membership = get_timeline_for(request.user, pk)
    deny(timeline_refusal(membership))
    event = get_object_or_404(TimelineEvent, pk=event_pk, partnership=partnership)
    timeline_services.timeline_event_remove(event=event, partnership=partnership, actor=request.user)
    messages.success(request, EVENT_REMOVED)
    return redirect("assessments:timeline", pk=partnership.pk)
