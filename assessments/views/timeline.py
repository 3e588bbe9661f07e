"""A partnership's integration timeline: the dated events its leads record."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def timeline(request, pk):
    raise Http404("Not built yet.")  # issue 13


@login_required
def timeline_event_edit(request, pk, event_pk=None):
    raise Http404("Not built yet.")  # issue 13


@login_required
def timeline_event_delete(request, pk, event_pk):
    raise Http404("Not built yet.")  # issue 13
