"""Who gives a partner's own view, who sees it, and who shows every view at once (access.py's rules).

People (tests/conftest.py): trust_lead and contributor give the trust's view; council_lead the first council's,
council2_lead the second's; manager (first council) reads; officer (BASW) reads once submitted; outsider is a
lead in another partnership. `split_assessment` is a draft whose three partners rate first.

Until a partner has given its own view of a standard it sees only its own; once it has, it sees the others'.
Every view is open to everyone who may see the assessment once all partners gave theirs, once a lead has
shown them all for a joint meeting, and once the assessment went to BASW. A shared document (PDF, CSV) asks
as nobody's own (viewer None): it shows a view only when it is open.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.access import (
    ALREADY_REVEALED,
    NOT_A_LEAD_REVEAL,
    NOT_A_PARTNER_VIEW,
    NOT_A_VIEW_EDITOR,
    NOT_EDITABLE_STATUS,
    NOT_RATING_APART,
    get_assessment_for,
    partner_membership,
    partner_view_refusal,
    partner_view_shown,
    partner_views_open,
    reveal_refusal,
)
from assessments.models import (
    EDITABLE_STATUSES,
    SENT_TO_BASW_STATUSES,
    Assessment,
    Membership,
    PartnerView,
    Role,
    Status,
)
from assessments.scoring import Divergence, Scale
from assessments.selectors.partner_views import standard_views
from assessments.services import partner_views_reveal
from tests.assessments.service_helpers import membership

from .partner_view_helpers import drive_split_to, give_view

pytestmark = pytest.mark.django_db


def as_status(assessment, status):
    """The same assessment in another status, in memory: the rules read only its fields."""
    return Assessment(
        pk=assessment.pk,
        partnership=assessment.partnership,
        version=assessment.version,
        status=status,
        rating_mode=assessment.rating_mode,
    )


def views_of(assessment, code="S1"):
    response = assessment.responses.get(standard__code=code)
    return standard_views(
        assessment, response, assessment.partnership.partner_organisations(), Scale.of(assessment.version)
    )


def shown(views, user):
    """{organisation name: rating label, 'hidden' or None (not given)} as this person sees one standard."""
    viewer = membership(user).organisation_id if user else None
    return {
        cell.organisation.name: ("hidden" if cell.hidden else cell.view.rating.label if cell.view else None)
        for cell in views.cells(viewer)
    }


# Which views are open


def test_views_are_not_open_on_a_fresh_draft(split_assessment):
    assert not partner_views_open(split_assessment, all_given=False)


def test_views_open_once_every_partner_gave_its_own(split_assessment):
    assert partner_views_open(split_assessment, all_given=True)


def test_views_open_once_a_lead_showed_them_all(split_assessment):
    split_assessment.views_revealed_at = timezone.now()
    assert partner_views_open(split_assessment, all_given=False)


@pytest.mark.parametrize("status", sorted(SENT_TO_BASW_STATUSES))
def test_views_open_once_the_assessment_went_to_basw(split_assessment, status):
    assert partner_views_open(as_status(split_assessment, status), all_given=False)


# Whose view a person sees


def test_a_partner_always_sees_its_own_view():
    assert partner_view_shown(open=False, viewer_organisation_id=1, organisation_id=1, given_ids={})
    assert partner_view_shown(open=False, viewer_organisation_id=1, organisation_id=1, given_ids={1: "view"})


def test_a_partner_sees_anothers_view_only_once_it_gave_its_own():
    assert not partner_view_shown(open=False, viewer_organisation_id=1, organisation_id=2, given_ids={2: "view"})
    assert partner_view_shown(open=False, viewer_organisation_id=1, organisation_id=2, given_ids={1: "a", 2: "b"})


def test_a_shared_document_shows_a_view_only_once_open():
    assert not partner_view_shown(open=False, viewer_organisation_id=None, organisation_id=2, given_ids={2: "view"})
    assert partner_view_shown(open=True, viewer_organisation_id=None, organisation_id=2, given_ids={2: "view"})


def test_the_council_cannot_see_the_trusts_rating_until_it_gives_its_own(
    split_assessment, trust_lead, council_lead, council2_lead, manager, trust, council, council2
):
    s1 = split_assessment.responses.get(standard__code="S1")
    give_view(s1, trust_lead, "fully-met")
    views = views_of(split_assessment)
    assert not views.open and views.divergence is None  # a divergence would hint at views not yet shown
    assert shown(views, trust_lead) == {trust.name: "Fully met", council.name: None, council2.name: None}
    assert shown(views, council_lead) == {trust.name: "hidden", council.name: None, council2.name: None}
    assert shown(views, manager) == shown(views, council_lead)  # a manager sees as their organisation does
    assert shown(views, None) == {trust.name: "hidden", council.name: None, council2.name: None}

    give_view(s1, council_lead, "not-met")
    views = views_of(split_assessment)
    assert shown(views, council_lead) == {trust.name: "Fully met", council.name: "Not met", council2.name: None}
    assert shown(views, council2_lead) == {trust.name: "hidden", council.name: "hidden", council2.name: None}
    assert shown(views, None) == {trust.name: "hidden", council.name: "hidden", council2.name: None}
    assert [cell.own for cell in views.cells(membership(council_lead).organisation_id)] == [False, True, False]

    give_view(s1, council2_lead, "largely-met")
    views = views_of(split_assessment)
    assert views.open and views.all_given and views.divergence == Divergence.DIVERGENT
    assert shown(views, None) == {trust.name: "Fully met", council.name: "Not met", council2.name: "Largely met"}


def test_showing_every_view_opens_them_to_all_even_before_all_are_given(split_assessment, trust_lead, council_lead):
    s1 = split_assessment.responses.get(standard__code="S1")
    give_view(s1, trust_lead, "fully-met")
    give_view(s1, council_lead, "partially-met")
    partner_views_reveal(assessment=split_assessment, actor=council_lead, membership=membership(council_lead))
    split_assessment.refresh_from_db()
    views = views_of(split_assessment)
    assert views.open and not views.all_given
    assert views.divergence == Divergence.DIVERGENT  # between the views given
    assert sum(1 for cell in views.cells(None) if cell.view) == 2


def test_basw_sees_every_view_once_submitted(split_assessment, leads, officer):
    drive_split_to(split_assessment, Status.SUBMITTED, leads=leads, officer=officer)
    assessment, access = get_assessment_for(officer, split_assessment.pk)
    assert access.viewer_organisation_id is None
    views = views_of(assessment)
    assert views.open and all(cell.view for cell in views.cells(None))


# Who gives a partner's own view


@pytest.mark.parametrize("person", ["trust_lead", "contributor", "council_lead", "council2_lead"])
def test_leads_and_contributors_of_each_partner_give_its_view(request, split_assessment, person):
    user = request.getfixturevalue(person)
    assert partner_view_refusal(membership(user), split_assessment) is None
    assert get_assessment_for(user, split_assessment.pk)[1].can_give_view


def test_a_manager_reads_the_views_but_does_not_give_one(split_assessment, manager):
    refusal = partner_view_refusal(membership(manager), split_assessment)
    assert refusal == NOT_A_VIEW_EDITOR.format(role="Manager")
    assert not get_assessment_for(manager, split_assessment.pk)[1].can_give_view


def test_a_basw_officer_gives_no_view(split_assessment, officer):
    assert partner_view_refusal(None, split_assessment) == NOT_A_VIEW_EDITOR.format(role="BASW officer")
    basw = Membership.objects.get(user=officer)
    assert partner_view_refusal(basw, split_assessment) == NOT_A_VIEW_EDITOR.format(role=basw.get_role_display())


def test_a_lead_of_another_partnership_gives_no_view(split_assessment, outsider):
    assert partner_view_refusal(membership(outsider), split_assessment) == NOT_A_PARTNER_VIEW


def test_nobody_gives_a_view_when_the_partners_rate_together(assessment, trust_lead):
    assert partner_view_refusal(membership(trust_lead), assessment) == NOT_RATING_APART
    assert not get_assessment_for(trust_lead, assessment.pk)[1].can_give_view


@pytest.mark.parametrize("status", sorted(set(Status) - EDITABLE_STATUSES))
def test_nobody_gives_a_view_once_the_assessment_is_not_editable(split_assessment, trust_lead, status):
    locked = as_status(split_assessment, status)
    expected = NOT_EDITABLE_STATUS.format(status=locked.get_status_display().lower())
    assert partner_view_refusal(membership(trust_lead), locked) == expected


def test_a_returned_assessment_takes_views_again(split_assessment, trust_lead):
    assert partner_view_refusal(membership(trust_lead), as_status(split_assessment, Status.CHANGES_REQUESTED)) is None


def test_the_access_names_whose_own_view_a_person_sees_first(split_assessment, council_lead, council):
    assert get_assessment_for(council_lead, split_assessment.pk)[1].viewer_organisation_id == council.pk


# Who shows every view at once


@pytest.mark.parametrize("person", ["trust_lead", "council_lead", "council2_lead"])
def test_any_partners_lead_may_show_every_view(request, split_assessment, person):
    user = request.getfixturevalue(person)
    assert reveal_refusal(partner_membership(user, split_assessment.partnership), split_assessment) is None
    assert get_assessment_for(user, split_assessment.pk)[1].can_reveal_views


@pytest.mark.parametrize("person", ["contributor", "manager", "outsider"])
def test_only_a_lead_shows_every_view(request, split_assessment, person):
    user = request.getfixturevalue(person)
    assert reveal_refusal(membership(user), split_assessment) == NOT_A_LEAD_REVEAL


def test_an_officer_does_not_show_the_views(split_assessment, officer):
    assert reveal_refusal(None, split_assessment) == NOT_A_LEAD_REVEAL
    assert reveal_refusal(Membership.objects.get(user=officer), split_assessment) == NOT_A_LEAD_REVEAL


def test_views_rated_together_have_nothing_to_show(assessment, trust_lead):
    assert reveal_refusal(membership(trust_lead), assessment) == NOT_RATING_APART


def test_views_are_shown_once_and_only_while_editable(split_assessment, trust_lead):
    submitted = as_status(split_assessment, Status.SUBMITTED)
    assert reveal_refusal(membership(trust_lead), submitted) == NOT_EDITABLE_STATUS.format(status="submitted")
    split_assessment.views_revealed_at = timezone.now()
    assert reveal_refusal(membership(trust_lead), split_assessment) == ALREADY_REVEALED


# The admin: staff see the views and their history, and change none of them


@pytest.fixture
def admin_client(client, db):
    from assessments.models import User

    client.force_login(User.objects.create_superuser(email="site.admin@example.org", password="x" * 16, full_name="S"))
    return client


@pytest.fixture
def given(split_assessment, trust_lead):
    return give_view(split_assessment.responses.get(standard__code="S1"), trust_lead, "partially-met")


def test_staff_see_the_views_in_the_admin_without_adding_or_changing_them(admin_client, given):
    page = admin_client.get(reverse("admin:assessments_partnerview_changelist"))
    assert page.status_code == 200
    assert given in page.context["cl"].result_list
    assert not page.context["has_add_permission"]
    assert reverse("admin:assessments_partnerview_add") not in page.content.decode()
    assert admin_client.get(reverse("admin:assessments_partnerview_add")).status_code == 403

    change_url = reverse("admin:assessments_partnerview_change", args=[given.pk])
    detail = admin_client.get(change_url)
    assert detail.status_code == 200 and not detail.context["has_change_permission"]
    assert admin_client.post(change_url, {"comment": "Changed in the admin."}).status_code == 403
    delete_url = reverse("admin:assessments_partnerview_delete", args=[given.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    given.refresh_from_db()
    assert given.comment != "Changed in the admin."
    assert PartnerView.objects.filter(pk=given.pk).exists()


def test_staff_read_a_views_history_in_the_admin(admin_client, given, trust_lead):
    page = admin_client.get(reverse("admin:assessments_partnerview_history", args=[given.pk]))
    assert page.status_code == 200
    assert trust_lead.full_name in page.content.decode() or trust_lead.email in page.content.decode()


def test_only_leads_and_contributors_hold_editing_roles():
    """The rule above reads Membership.can_edit: leads and contributors, never a manager or an officer."""
    assert {role for role in Role if Membership(role=role).can_edit} == {Role.LEAD, Role.CONTRIBUTOR}


def test_a_council_that_left_the_partnership_no_longer_counts(split_assessment, leads, partnership, council2):
    """Its view stays in the database and the history, but the standard is judged on the partners' views."""
    s1 = split_assessment.responses.get(standard__code="S1")
    for lead, code in zip(leads, ["fully-met", "largely-met", "not-met"], strict=True):
        give_view(s1, lead, code)
    assert views_of(split_assessment).divergence == Divergence.DIVERGENT
    partnership.councils.remove(council2)
    views = views_of(Assessment.objects.get(pk=split_assessment.pk))
    assert council2.pk not in views.given and views.all_given and views.open
    assert views.divergence == Divergence.DIFFERS
    assert PartnerView.objects.filter(response=s1, organisation=council2).exists()
