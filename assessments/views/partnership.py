"""A partnership's profile and teams, and inviting colleagues."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..access import NOT_AN_EDITOR, get_partnership_for
from ..forms import AcceptInvitationForm, InvitationForm, TeamForm
from ..models import Membership, Role, Team
from ..services import WorkflowError
from ..services import people as people_services


@login_required
def partnership_detail(request, pk):
    partnership, membership = get_partnership_for(request.user, pk)
    teams = list(partnership.teams.all())
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
            "assessments": assessments,
            "can_edit": membership is not None and membership.can_edit,
        },
    )


def _require_editor(membership):
    if membership is None or not membership.can_edit:
        raise PermissionDenied(NOT_AN_EDITOR.format(role=membership.get_role_display() if membership else "none"))


@login_required
def team_edit(request, pk, team_pk=None):
    partnership, membership = get_partnership_for(request.user, pk)
    _require_editor(membership)
    team = get_object_or_404(Team, pk=team_pk, partnership=partnership) if team_pk else None
    form = TeamForm(request.POST or None, instance=team, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{form.instance.name} saved.")
        return redirect("assessments:partnership", pk=partnership.pk)
    return render(request, "assessments/team_form.html", {"form": form, "partnership": partnership, "team": team})


@login_required
@require_POST
def team_delete(request, pk, team_pk):
    partnership, membership = get_partnership_for(request.user, pk)
    _require_editor(membership)
    team = get_object_or_404(Team, pk=team_pk, partnership=partnership)
    team.delete()
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
    if membership.role != Role.LEAD:
        raise PermissionDenied(people_services.INVITE_ONLY_OWN_ORG)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = people_services.invitation_create(
                inviter=request.user, organisation=organisation, **form.cleaned_data
            )
        except WorkflowError as exc:
            # A WorkflowError holds either field errors (error_dict) or general ones (error_list), never both.
            errors_by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, errors in errors_by_field.items():
                for error in errors:
                    form.add_error(field, error.messages[0])
        else:
            messages.success(request, f"Invitation sent to {invitation.email}. The link works once, for 7 days.")
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
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"You have joined {invitation.organisation}.")
                return redirect("assessments:dashboard")
    status = 200 if usable else 410
    return render(
        request,
        "assessments/invitation_accept.html",
        {"invitation": invitation, "usable": usable, "form": form, "message": people_services.INVITATION_UNUSABLE},
        status=status,
    )
