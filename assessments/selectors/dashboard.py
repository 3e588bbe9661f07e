"""What a person's dashboard shows: their assessments and what needs them."""

from django.db.models import Count, Exists, OuterRef, Q

from ..models import Action, Assessment, Membership, Role, SignOff


def dashboard_items(user, partnerships):
    """A person's assessments and what needs them: sign-offs waiting, changes requested, overdue actions."""
    memberships = list(Membership.objects.filter(user=user).exclude(role=Role.OFFICER).select_related("organisation"))
    lead_org_ids = {m.organisation_id for m in memberships if m.role == Role.LEAD}
    assessments = (
        Assessment.objects.filter(partnership__in=partnerships)
        .select_related("partnership", "version__framework")
        .annotate(
            answered=Count("responses", filter=Q(responses__not_applicable=True) | Q(responses__rating__isnull=False)),
            total=Count("responses"),
            signed_by_me=Exists(
                SignOff.objects.filter(assessment=OuterRef("pk"), organisation_id__in=lead_org_ids or [0])
            ),
        )
        .order_by("partnership__name", "-period")
    )
    overdue = (
        Action.objects.filter(response__assessment__partnership__in=partnerships)
        .overdue()  # the national list's rule too: a carried-forward action counts once, where it moved to
        .select_related("response__standard", "response__assessment__partnership")
        .order_by("due_date")[:50]
    )
    return memberships, lead_org_ids, list(assessments), list(overdue)
