"""The national picture of the frontline pulse, for BASW officers (to be built)."""

from django.http import HttpResponse


def national_frontline(request):
    return HttpResponse("Not built yet", status=501)
