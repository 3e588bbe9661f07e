"""The people of a partnership's partner organisations: who may own an action with their account.

One rule for the action form's list and the service's check: an active person with a membership at the trust
or one of the partnership's councils, in any role but BASW officer's.
"""

from ..models import Membership, Role


def partner_memberships(partnership):
    """The memberships of active people at the partnership's trust and councils (officers' aside), unordered."""
    org_ids = [organisation.pk for organisation in partnership.partner_organisations()]
    return Membership.objects.filter(organisation_id__in=org_ids, user__is_active=True).exclude(role=Role.OFFICER)


def partner_people(partnership) -> list[Membership]:
    """Each person of the partner organisations once, with their membership: the trust's first, then each
    council's by name, by name within each. One query. A person at two partners is listed at the first."""
    order = {organisation.pk: i for i, organisation in enumerate(partnership.partner_organisations())}
    memberships = sorted(
        partner_memberships(partnership).select_related("user", "organisation"),
        key=lambda m: (order[m.organisation_id], m.user.full_name.lower(), m.user_id),
    )
    seen, people = set(), []
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            people.append(membership)
    return people


def person_label(membership) -> str:
    """How a person is named in a list of owners: "Name, job title — Organisation" (their role without a title)."""
    return f"{membership.user.full_name}, {role_of(membership)} — {membership.organisation.name}"


def role_of(membership) -> str:
    """The role an owner with an account is recorded with: their job title, else their role at the organisation."""
    return membership.user.job_title or membership.get_role_display()
