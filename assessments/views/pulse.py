"""The leads' pulse pages (to be built): open, invite, print codes, close, results, comments."""

from django.http import HttpResponse


def pulse(request, pk):
    return HttpResponse("Not built yet", status=501)


def pulse_invite(request, pk):
    return HttpResponse("Not built yet", status=501)


def pulse_codes(request, pk):
    return HttpResponse("Not built yet", status=501)


def pulse_close(request, pk):
    return HttpResponse("Not built yet", status=501)


def pulse_comments(request, pk):
    return HttpResponse("Not built yet", status=501)


def pulse_withhold(request, pk, reply_id):
    return HttpResponse("Not built yet", status=501)
