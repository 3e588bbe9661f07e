"""The leads' pages for the frontline pulse: open it, invite by email, print codes, close it, its results, comments.

Who may is access's: the partnership's governance leads run the pulse while the assessment is being written
(pulse_run_refusal); its results are for every member of the partnership, and for BASW once the assessment is
sent (pulse_results_refusal); the free-text comments are for the leads only (pulse_comments_refusal). Anyone
else who may see the assessment gets a 403 with the reason; anyone who may not, a 404 (get_assessment_for).
Every figure comes from selectors.pulse.pulse_results, which already applies the small-number rules; every
write is a service's (services/pulse.py). Codes are shown once, on the response to the form, and never stored.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import deny, get_assessment_for, pulse_comments_refusal, pulse_results_refusal, pulse_run_refusal
from ..forms.pulse import PulseCodesForm, PulseInviteForm, PulseOpenForm
from ..models import InvitationKind, Pulse, PulseInvitation, Response
from ..selectors.pulse import pulse_results
from ..services import WorkflowError
from ..services import pulse as pulse_service
from .errors import add_service_errors

PULSE_OPENED = "The frontline pulse is open until {date}. Now invite the teams: by email, or with printed codes."
INVITATIONS_SENT = "{count} invitation{s} {are} being sent; the addresses are deleted once sent."
PULSE_CLOSED_NOW = "The frontline pulse is closed: it takes no more answers."
COMMENT_WITHHELD = "The comment is withheld: its text is deleted, and no page or download has it."
CODES_SHOWN_ONCE = "These codes are shown once: print them or save this page now."
BAR_STEPS = 10  # a text bar of ten blocks: one for each 10%


def _pulse_of(assessment) -> Pulse:
    pulse = Pulse.objects.filter(assessment=assessment).prefetch_related("teams").first()
    if pulse is None:
        raise Http404("This assessment has no frontline pulse.")
    pulse.assessment = assessment  # already read, with its partnership
    return pulse


def _bar(share: int) -> str:
    filled = round(share * BAR_STEPS / 100)
    return "█" * filled + "░" * (BAR_STEPS - filled)


def _rows(cells: dict, responses: dict | None = None) -> list[dict]:
    """One row per statement for the distribution tables: its cell, the agreed answer, and text bars."""
    rows = []
    for standard_id, cell in cells.items():
        d = cell.distribution
        bars = {}
        if d is not None:
            bars = {"agree": _bar(d.agree_share), "neutral": _bar(d.neutral_share), "disagree": _bar(d.disagree_share)}
        rows.append({"cell": cell, "response": (responses or {}).get(standard_id), "bars": bars})
    return rows


def _invitation_counts(pulse) -> list[dict]:
    """How many links and codes were issued and used (counts of invitations, not results)."""
    counts = {
        row["kind"]: row
        for row in PulseInvitation.objects.filter(pulse=pulse)
        .values("kind")
        .annotate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
    }
    empty = {"issued": 0, "used": 0}
    return [{"label": kind.label, **{k: counts.get(kind, empty)[k] for k in empty}} for kind in InvitationKind]


def _thresholds() -> dict:
    return {
        "min_answers": settings.PULSE_MIN_ANSWERS,
        "min_team": settings.PULSE_MIN_TEAM_ANSWERS,
        "min_comments": settings.PULSE_MIN_COMMENT_ANSWERS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def pulse(request, pk):
    """The pulse's state and results; for a lead while there is none, the form that opens it."""
    assessment, access = get_assessment_for(request.user, pk)
    deny(pulse_results_refusal(access.membership, assessment, officer=access.officer))
    run_refusal = pulse_run_refusal(access.membership, assessment)
    form = None
    if request.method == "POST":
        deny(run_refusal)
        form = PulseOpenForm(request.POST, partnership=assessment.partnership)
        if form.is_valid():
            try:
                opened = pulse_service.pulse_open(
                    actor=request.user,
                    membership=access.membership,
                    assessment=assessment,
                    teams=form.cleaned_data["teams"],
                    closes_on=form.cleaned_data["closes_on"],
                )
            except WorkflowError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, PULSE_OPENED.format(date=f"{opened.closes_on:%-d %B %Y}"))
                return redirect("assessments:pulse", pk=assessment.pk)
    results = pulse_results(assessment)
    if form is None and not results.exists and run_refusal is None:
        form = PulseOpenForm(partnership=assessment.partnership)
    context = {
        "assessment": assessment,
        "access": access,
        "results": results,
        "form": form,
        "run_refusal": run_refusal,
        "has_teams": assessment.partnership.teams.exists(),
        **_thresholds(),
    }
    if results.exists:
        responses = {
            r.standard_id: r
            for r in Response.objects.filter(assessment=assessment).select_related("rating", "standard")
        }
        context.update(
            pulse=results.pulse,
            rows=_rows(results.cells, responses),
            teams=[(team, _rows(team.cells)) for team in results.teams],
            invitations=_invitation_counts(results.pulse),
        )
    return render(request, "assessments/pulse/pulse.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pulse_invite(request, pk):
    """Invite by email: one single-use link for each address, sent by a task, the addresses then deleted."""
    assessment, access = get_assessment_for(request.user, pk)
    deny(pulse_run_refusal(access.membership, assessment))
    pulse = _pulse_of(assessment)
    form = PulseInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = pulse_service.pulse_invite_emails(
                membership=access.membership, pulse=pulse, addresses=form.cleaned_data["addresses"]
            )
        except WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            plural = count != 1
            message = INVITATIONS_SENT.format(count=count, s="s" if plural else "", are="are" if plural else "is")
            messages.success(request, message)
            return redirect("assessments:pulse", pk=assessment.pk)
    context = {"assessment": assessment, "access": access, "pulse": pulse, "form": form}
    return render(request, "assessments/pulse/invite.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def pulse_codes(request, pk):
    """Issue single-use codes. The response to the form is the printable page: shown once, kept by no one."""
    assessment, access = get_assessment_for(request.user, pk)
    deny(pulse_run_refusal(access.membership, assessment))
    pulse = _pulse_of(assessment)
    form = PulseCodesForm(request.POST or None)
    context = {"assessment": assessment, "access": access, "pulse": pulse, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            codes = pulse_service.pulse_issue_codes(
                membership=access.membership, pulse=pulse, count=form.cleaned_data["count"]
            )
        except WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            answer_url = settings.SITE_URL + reverse("pulse:start")
            context.update(codes=codes, answer_url=answer_url, shown_once=CODES_SHOWN_ONCE)
            return render(request, "assessments/pulse/codes_print.html", context)
    return render(request, "assessments/pulse/codes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pulse_close(request, pk):
    """Close the pulse now, before its closing date: GET asks to confirm, POST closes."""
    assessment, access = get_assessment_for(request.user, pk)
    deny(pulse_run_refusal(access.membership, assessment))
    pulse = _pulse_of(assessment)
    if request.method == "POST":
        try:
            pulse_service.pulse_close(membership=access.membership, pulse=pulse)
        except WorkflowError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, PULSE_CLOSED_NOW)
        return redirect("assessments:pulse", pk=assessment.pk)
    return render(
        request,
        "assessments/pulse/close.html",
        {"assessment": assessment, "access": access, "pulse": pulse, **_thresholds()},
    )


@login_required
@require_GET
def pulse_comments(request, pk):
    """The free-text answers, for the partnership's leads, once the pulse has closed with enough answers."""
    assessment, access = get_assessment_for(request.user, pk)
    deny(pulse_comments_refusal(access.membership))
    results = pulse_results(assessment, with_comments=True)
    if not results.exists:
        raise Http404("This assessment has no frontline pulse.")
    return render(
        request,
        "assessments/pulse/comments.html",
        {"assessment": assessment, "access": access, "results": results, "pulse": results.pulse, **_thresholds()},
    )


@login_required
@require_POST
def pulse_withhold(request, pk, reply_id):
    """Withhold a comment that identifies someone: its text is deleted for good."""
    assessment, access = get_assessment_for(request.user, pk)
    deny(pulse_comments_refusal(access.membership))
    try:
        pulse_service.comment_withhold(membership=access.membership, assessment=assessment, reply_id=reply_id)
    except WorkflowError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, COMMENT_WITHHELD)
    return redirect("assessments:pulse_comments", pk=assessment.pk)
