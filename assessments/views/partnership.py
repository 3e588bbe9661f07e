"""A partnership's profile and teams, and inviting colleagues."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..access import deny, get_partnership_for, invite_refusal, may_edit_profile, require_editor, require_profile_editor
from ..forms import AcceptInvitationForm, InvitationForm, TeamForm
from ..forms.partnership import ProfileForm
from ..models import LEADERSHIP_FIELDS, Membership, Partnership, Role, Team
from ..selectors import records
from ..selectors.trend import partnership_trend
from ..services import WorkflowError
from ..services import partnership as partnership_services
from ..services import people as people_services
from .errors import add_service_errors

PROFILE_SAVED = "The partnership's profile is saved."
INVITATION_SENT = "Invitation sent to {email}. The link works once, for {days} days."


@login_required
def partnership_detail(request, pk):
    partnership, membership = get_partnership_for(request.user, pk)
    team_records = records.teams_by_year(partnership)
    teams = [record.team for record in team_records]
    totals = partnership.teams.aggregate(social_workers=Sum("social_workers"), amhps=Sum("amhps"))
    headcount = sum(t.headcount for t in teams)
    share = round(100 * (totals["social_workers"] or 0) / headcount, 1) if headcount else None
    assessments = partnership.assessments.select_related("version__framework").order_by("-period")
    return render(
        request,
        "assessments/partnership.html",
        {
            "partnership": partnership,
            "membership": membership,
            "teams": teams,
            "totals": totals,
            "headcount": headcount,
            "share": share,
            "isolated": [t for t in teams if t.is_isolated],
            "leadership": records.leadership_facts(partnership),
            "team_records": team_records,
            "profile_years": records.profile_by_year(partnership),
            "leadership_terms": records.LEADERSHIP_TERMS.values(),
            "assessments": assessments,
            "latest_accepted": services.latest_accepted(partnership),  # its s75 review pack is linked
            "trend": partnership_trend(partnership),
            "can_edit": membership is not None and membership.can_edit,
            "can_edit_profile": may_edit_profile(membership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, pk):
    partnership, membership = get_partnership_for(request.user, pk)
    require_profile_editor(membership)
    form = ProfileForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            partnership_services.partnership_profile_update(
                partnership=partnership, actor=request.user, data=form.profile_data()
            )
        except WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, PROFILE_SAVED)
            return redirect("assessments:partnership", pk=partnership.pk)
    return render(request, "assessments/profile_form.html", {"form": form, "partnership": partnership})


PROFILE_LABELS = {
    "name": "Name",
    "trust": "Trust",
    "arrangement": "Arrangement",
    "continuum_stage": "Stage on the continuum of integration",
    "social_worker_employment": "Social workers are",
    "agreement_start": "Agreement started",
    "next_review_date": "Next annual review",
    "notes": "Notes",
    **records.LEADERSHIP_TERMS,
}
TEAM_LABELS = {"amhps": "AMHPs"}


def _shown(record, field):
    """A historical record's field as a person reads it: a choice's label, yes or no, a fact not said."""
    value = getattr(record, field)
    model_field = record._meta.get_field(field)
    if field == "trust":
        return str(record.trust)
    if field in LEADERSHIP_FIELDS:
        return records.fact_answer(record, field)
    if model_field.choices and value:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, BooleanField):
        return "Yes" if value else "No"
    return value


def _team_label(field):
    return TEAM_LABELS.get(field) or str(Team._meta.get_field(field).verbose_name)


@login_required
@require_http_methods(["GET"])
def profile_history(request, pk):
    """Who changed the profile or the teams, what and when: for everyone who may see the partnership."""
    partnership, _ = get_partnership_for(request.user, pk)
    entries = []
    records = list(
        Partnership.history.filter(id=partnership.pk).select_related("history_user", "trust").order_by("history_date")
    )
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                (PROFILE_LABELS.get(c.field, c.field), _shown(previous, c.field), _shown(record, c.field))
                for c in delta.changes
            ]
        what = record.history_change_reason or "profile recorded"
        entries.append({"record": record, "what": f"Profile: {what}", "changes": changes})
        previous = record
    team_records = Team.history.filter(partnership_id=partnership.pk).select_related("history_user")
    for record in team_records.order_by("history_date"):
        changes = []
        previous = record.prev_record if record.history_type == "~" else None
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                (_team_label(c.field), _shown(previous, c.field), _shown(record, c.field)) for c in delta.changes
            ]
        what = f"{record.name}: {record.history_change_reason or record.get_history_type_display().lower()}"
        entries.append({"record": record, "what": what, "changes": changes})
    entries.sort(key=lambda e: e["record"].history_date, reverse=True)
    return render(request, "assessments/profile_history.html", {"partnership": partnership, "entries": entries})


@login_required
def team_edit(request, pk, team_pk=None):
    partnership, membership = get_partnership_for(request.user, pk)
    require_editor(membership)
    team = get_object_or_404(Team, pk=team_pk, partnership=partnership) if team_pk else None
    form = TeamForm(request.POST or None, instance=team, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            saved = partnership_services.team_save(
                team=form.save(commit=False), actor=request.user, partnership=partnership
            )
        except WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("assessments:partnership", pk=partnership.pk)
    return render(request, "assessments/team_form.html", {"form": form, "partnership": partnership, "team": team})


@login_required
@require_POST
def team_delete(request, pk, team_pk):
    partnership, membership = get_partnership_for(request.user, pk)
    require_editor(membership)
    team = get_object_or_404(Team, pk=team_pk, partnership=partnership)
    partnership_services.team_delete(team=team, actor=request.user)
    messages.success(request, f"{team.name} removed.")
    return redirect("assessments:partnership", pk=partnership.pk)


@login_required
def invitation_create(request, organisation_pk):
    membership = (
        Membership.objects.filter(user=request.user, organisation_id=organisation_pk)
        .exclude(role=Role.OFFICER)
        .select_related("organisation")
        .first()
    )
    if membership is None:  # not their organisation: as elsewhere, do not confirm it exists
        raise Http404("No such organisation.")
    deny(invite_refusal(membership))
    organisation = membership.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = people_services.invitation_create(
                inviter=request.user, organisation=organisation, **form.cleaned_data
            )
        except WorkflowError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, INVITATION_SENT.format(email=invitation.email, days=settings.INVITATION_DAYS))
            return redirect("assessments:dashboard")
    members = organisation.memberships.select_related("user")
    pending = organisation.invitations.filter(accepted_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "assessments/invite.html",
        {"form": form, "organisation": organisation, "members": members, "pending": pending},
    )


def invitation_accept(request, token):
    invitation = people_services.invitation_for_token(token)
    usable = invitation is not None and invitation.is_usable
    form = AcceptInvitationForm(request.POST or None) if usable and not request.user.is_authenticated else None
    if request.method == "POST" and usable:
        if request.user.is_authenticated or form.is_valid():
            try:
                user = people_services.invitation_accept(
                    token=token,
                    user=request.user,
                    password=form.cleaned_data["password1"] if form else None,
                    job_title=form.cleaned_data.get("job_title", "") if form else "",
                )
            except WorkflowError as exc:
                messages.error(request, exc.messages[0])
            else:
                if not request.user.is_authenticated:
                    login(request, user, backend="assessments.auth.EmailBackend")
                messages.success(request, f"You have joined {invitation.organisation}.")
                return redirect("assessments:dashboard")
    status = 200 if usable else 410
    return render(
        request,
        "assessments/invitation_accept.html",
        {"invitation": invitation, "usable": usable, "form": form, "message": people_services.INVITATION_UNUSABLE},
        status=status,
    )
