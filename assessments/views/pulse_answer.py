"""The frontline's answer pages: no account, no session, a single-use link or code. Included at /pulse/.

Whether a link or code may answer, and what an answer may hold, is the service's (services.pulse). What these
pages add is that a link or code never goes anywhere it could outlive the answer:

- A typed code travels only in POST bodies (a hidden field once entered): never in a URL, a redirect, a cookie
  or the session. An emailed link's token is in its URL, so every response says `Referrer-Policy: no-referrer`
  (the URL is not sent on to anyone) and `Cache-Control: no-store`.
- Every response is marked as logged (`_has_been_logged`, which django.utils.log.log_response honours), so
  django.request does not write a refusal's path, and with it a token, to the log. Error reports mask the POST.
- No CSRF token, so no cookie at all: the pages read no session or cookie, so there is no ambient credential to
  forge a request with; the form carries its own unguessable single-use secret. Under `no-referrer` a browser
  also sends `Origin: null` with the POST, which Django's CSRF check would refuse (and log, path and all).
- Posts are rate-limited per network address (django-ratelimit, PULSE_RATE_LIMIT); one over the limit is
  refused before the link or code is even looked at, so nothing is spent.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.decorators import ratelimit

from standards.models import Statement

from ..forms.pulse_answer import CodeForm, PulseAnswerForm
from ..services import WorkflowError
from ..services import pulse as pulse_service
from .errors import add_service_errors

# A refusal of the link or code itself, and the status its page answers with.
REFUSAL_STATUS = {pulse_service.NOT_VALID: 404, pulse_service.ALREADY_USED: 410, pulse_service.PULSE_CLOSED: 410}
REFUSAL_TITLES = {
    pulse_service.NOT_VALID: "This link or code is not valid",
    pulse_service.ALREADY_USED: "This link or code has already been used",
    pulse_service.PULSE_CLOSED: "This survey has closed",
}
TOO_MANY = "Too many attempts from your network; try again in an hour."
RATE_GROUP = "pulse-answer"  # both pages count together


def pulse_rate(group, request) -> str:
    """Read when each request is counted, so a deployment's (or a spec's) setting applies."""
    return settings.PULSE_RATE_LIMIT


def private(response):
    """What every answer page's response says, refusals and redirects included."""
    add_never_cache_headers(response)  # Cache-Control: ... no-cache, no-store, must-revalidate, private
    response.headers["Referrer-Policy"] = "no-referrer"
    # django.request logs a 4xx response with its path, which holds an emailed link's token: it must not.
    response._has_been_logged = True
    return response


def answer_page(view):
    """One of the pages anyone may open: GET and POST only, no CSRF cookie, the headers and logging above."""

    @csrf_exempt
    @sensitive_post_parameters()
    @wraps(view)
    def page(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "POST"):
            return private(HttpResponseNotAllowed(["GET", "POST"]))
        return private(view(request, *args, **kwargs))

    return page


def _refusal(exc: WorkflowError) -> str | None:
    """The service's refusal of the link or code itself (not valid, used, closed), if that is what `exc` is."""
    if hasattr(exc, "error_dict"):
        return None
    return next((message for message in exc.messages if message in REFUSAL_STATUS), None)


def _refused(request, message: str):
    context = {"title": REFUSAL_TITLES[message], "message": message}
    return render(request, "pulse/refused.html", context, status=REFUSAL_STATUS[message])


def _too_many(request):
    return render(request, "pulse/too_many.html", {"message": TOO_MANY}, status=429)


def _thresholds() -> dict:
    return {
        "min_answers": settings.PULSE_MIN_ANSWERS,
        "min_team_answers": settings.PULSE_MIN_TEAM_ANSWERS,
        "min_comment_answers": settings.PULSE_MIN_COMMENT_ANSWERS,
    }


def _answer(request, token: str, *, typed: bool, data=None):
    """The answer form for the link or code `token` (a typed code rides in the form), or the refusal of it.

    With `data` (the person's POST) the answers are recorded and the person sent to the thanks page; wrong answers
    come back on the form, with the person's choices, and nothing is spent.
    """
    try:
        invitation = pulse_service.invitation_for(token)
    except WorkflowError as exc:
        return _refused(request, _refusal(exc) or pulse_service.NOT_VALID)
    pulse = invitation.pulse
    statements = list(Statement.objects.of_version(pulse.assessment.version))
    action = reverse("pulse:start") if typed else request.path
    hidden = pulse_service.normalise_token(token) if typed else None
    form = PulseAnswerForm(data, pulse=pulse, statements=statements, action=action, token=hidden)
    if data is not None and form.is_valid():
        try:
            pulse_service.pulse_answer(token=token, **form.answer_data())
        except WorkflowError as exc:
            if refusal := _refusal(exc):
                return _refused(request, refusal)
            add_service_errors(form, exc, aliases={"answers": form.first_statement})
        else:
            return redirect("pulse:thanks")
    context = {
        "form": form,
        "pulse": pulse,
        "partnership": pulse.assessment.partnership,
        "statement_count": len(statements),
        **_thresholds(),
    }
    return render(request, "pulse/answer.html", context)


@answer_page
@ratelimit(group=RATE_GROUP, key="ip", rate=pulse_rate, method="POST", block=False)
def enter_code(request):
    """Enter a printed code; then the answer form, posted back here with the code in a hidden field."""
    if request.method != "POST":
        return render(request, "pulse/enter_code.html", {"form": CodeForm()})
    if request.limited:
        return _too_many(request)
    if "token" in request.POST:  # the answer form, reached with a typed code
        return _answer(request, request.POST["token"], typed=True, data=request.POST)
    form = CodeForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"]
        try:
            pulse_service.invitation_for(code)
        except WorkflowError as exc:
            for message in exc.messages:
                form.add_error("code", message)
        else:
            return _answer(request, code, typed=True)
    return render(request, "pulse/enter_code.html", {"form": form})


@answer_page
@ratelimit(group=RATE_GROUP, key="ip", rate=pulse_rate, method="POST", block=False)
def answer(request, token):
    """An emailed link: its form, or why it cannot answer (404 not valid, 410 used or closed)."""
    if request.method == "POST" and request.limited:
        return _too_many(request)
    return _answer(request, token, typed=False, data=request.POST if request.method == "POST" else None)


@answer_page
def thanks(request):
    if request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "pulse/thanks.html", _thresholds())
