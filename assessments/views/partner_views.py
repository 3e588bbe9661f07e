"""A partner's own view of a standard: the form its leads and contributors give it with.

The standard page shows the form and posts here; this page shows it alone (GET), and again with the
person's input when it is refused or when a colleague at the same organisation saved the view meanwhile.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import services
from ..access import deny, get_assessment_for, partner_view_refusal
from ..forms import PartnerViewForm
from ..scoring import Scale
from .errors import add_service_errors
from .standard import own_view, partner_context, response_for

VIEW_SAVED = (
    "{organisation}'s own view of {code} is saved. The other partners' views of it are now shown to you where "
    "they have given theirs."
)
VIEW_SAVED_CLEARED = (
    f"{VIEW_SAVED} Because the assessment had been signed off, the sign-offs were cleared and are needed again."
)
VIEW_STALE_MESSAGE = (
    "{name} saved {organisation}'s own view of this standard at {time} while you were editing it. Their view is "
    "shown below and yours is still in the form: nothing has been overwritten. Check both, then save again to "
    "keep yours."
)


@login_required
@require_http_methods(["GET", "POST"])
def partner_view_edit(request, pk, code):
    """The person's organisation's own view of one standard (only its leads and contributors, while editable)."""
    assessment, access = get_assessment_for(request.user, pk)
    response = response_for(assessment, code, views=True)
    deny(partner_view_refusal(access.membership, assessment))
    organisation = access.membership.organisation
    current = own_view(response, organisation.pk)
    scale = Scale.of(assessment.version)
    conflict = None
    if request.method == "POST":
        form = PartnerViewForm(request.POST, assessment=assessment, organisation=organisation, levels=scale.levels)
        if form.is_valid():
            had_signoffs = assessment.signoffs.exists()
            try:
                services.partner_view_save(
                    response=response,
                    actor=request.user,
                    membership=access.membership,
                    lock_version=form.cleaned_data["lock_version"],
                    data=form.to_data(),
                )
            except services.StaleEdit as stale:
                conflict = stale.current
                data = request.POST.copy()
                data["lock_version"] = str(conflict.lock_version)
                form = PartnerViewForm(data, assessment=assessment, organisation=organisation, levels=scale.levels)
                form.is_valid()
                messages.error(
                    request,
                    VIEW_STALE_MESSAGE.format(
                        name=conflict.updated_by.full_name if conflict.updated_by else "Someone",
                        organisation=organisation.name,
                        time=f"{timezone.localtime(conflict.updated_at):%H:%M on %-d %B}",
                    ),
                )
            except services.WorkflowError as exc:
                add_service_errors(form, exc)
            else:
                cleared_now = had_signoffs and not assessment.signoffs.exists()
                message = VIEW_SAVED_CLEARED if cleared_now else VIEW_SAVED
                messages.success(request, message.format(organisation=organisation.name, code=response.standard.code))
                return redirect("assessments:standard", pk=assessment.pk, code=response.standard.code)
    else:
        form = PartnerViewForm(
            initial=PartnerViewForm.initial_for(current),
            assessment=assessment,
            organisation=organisation,
            levels=scale.levels,
        )
    return render(
        request,
        "assessments/our_view.html",
        {
            "assessment": assessment,
            "access": access,
            "response": response,
            "standard": response.standard,
            "organisation": organisation,
            "conflict": conflict,
            "form": form,
            **partner_context(assessment, access, response, scale, view_form=form),
        },
    )
