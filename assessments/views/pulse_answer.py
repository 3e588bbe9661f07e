"""The frontline's answer pages (to be built): enter a code, answer with a link or code, thank you."""

from django.http import HttpResponse


def enter_code(request):
    return HttpResponse("Not built yet", status=501)


def answer(request, token):
    return HttpResponse("Not built yet", status=501)


def thanks(request):
    return HttpResponse("Not built yet", status=501)
