"""The living action plan of an accepted assessment: its progress through the year."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def plan(request, pk):
    raise Http404("Not built yet.")  # issue 12


@login_required
def action_progress(request, pk, action_pk):
    raise Http404("Not built yet.")  # issue 12


@login_required
def completion_file(request, pk, file_pk):
    raise Http404("Not built yet.")  # issue 12


@login_required
def completion_file_delete(request, pk, file_pk):
    raise Http404("Not built yet.")  # issue 12


@login_required
def interim_rating(request, pk, code):
    raise Http404("Not built yet.")  # issue 12
