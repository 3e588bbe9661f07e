"""A partner's own view of a standard: the form its leads and contributors give it with."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def partner_view_edit(request, pk, code):
    raise Http404("Not built yet.")  # built with the standard page (issue 11)
