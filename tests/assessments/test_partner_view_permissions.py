"""Who may give a partner's own view of a standard (assessments:our_view), and who reads the views.

A partner's view is written only by that partner's own leads and contributors, while the assessment is open
for edits (access.partner_view_refusal); the partnership's members read the views as access.partner_view_shown
allows; BASW reads them once the assessment is submitted (drafts are not visible to BASW at all); outsiders get
404. The people are tests/conftest.py's.
"""

import pytest

from assessments.access import NOT_A_VIEW_EDITOR, NOT_EDITABLE_STATUS, NOT_RATING_APART
from assessments.models import PartnerView, Response, SignOff
from assessments.views.partner_views import VIEW_SAVED

from .page_helpers import level, page, url
from .view_helpers import TRUST_COMMENT, give_view, submitted_split, view_post, view_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def s1(split_assessment):
    return Response.objects.get(assessment=split_assessment, standard__code="S1")


def views_snapshot():
    """Every partner view as stored, to show a refused request changed nothing."""
    return list(PartnerView.objects.values_list("pk", "organisation_id", "rating_id", "comment", "lock_version"))


def test_a_contributor_at_the_trust_gives_the_trusts_view(client, split_assessment, s1, trust, contributor):
    client.force_login(contributor)
    assert client.get(url("our_view", split_assessment.pk, "S1")).status_code == 200
    response = client.post(
        url("our_view", split_assessment.pk, "S1"), view_post(rating="partially-met", comment=TRUST_COMMENT)
    )
    assert response.status_code == 302
    view = PartnerView.objects.get(response=s1)
    assert view.organisation == trust  # always the person's own organisation
    assert view.rating == level(split_assessment, "partially-met")
    assert view.comment == TRUST_COMMENT and view.updated_by == contributor and view.lock_version == 1
    assert VIEW_SAVED.format(organisation=trust.name, code="S1") in page(client.get(response["Location"]))


def test_a_council_lead_gives_the_councils_view_and_never_the_trusts(
    client, split_assessment, s1, council, council_lead
):
    client.force_login(council_lead)
    assert client.post(url("our_view", split_assessment.pk, "S1"), view_post()).status_code == 302
    assert list(PartnerView.objects.values_list("organisation_id", flat=True)) == [council.pk]


def test_a_manager_is_refused_with_the_reason_and_nothing_changes(client, split_assessment, s1, trust_lead, manager):
    give_view(s1, trust_lead, comment=TRUST_COMMENT)
    before = views_snapshot()
    client.force_login(manager)
    refusal = NOT_A_VIEW_EDITOR.format(role="Manager")
    for response in (
        client.get(url("our_view", split_assessment.pk, "S1")),
        client.post(url("our_view", split_assessment.pk, "S1"), view_post(rating="not-met")),
    ):
        assert response.status_code == 403
        assert refusal in page(response)
    assert views_snapshot() == before


def test_a_manager_reads_the_standard_page_without_the_own_view_form(client, split_assessment, manager):
    client.force_login(manager)
    text = page(client.get(url("standard", split_assessment.pk, "S1")))
    assert "Each partner's own view" in text
    assert url("our_view", split_assessment.pk, "S1") not in text and 'name="rating"' not in text


def test_a_basw_officer_gets_404_on_a_drafts_views_because_drafts_are_not_visible_to_basw(
    client, split_assessment, s1, trust_lead, officer
):
    give_view(s1, trust_lead, comment=TRUST_COMMENT)
    client.force_login(officer)
    assert client.get(url("our_view", split_assessment.pk, "S1")).status_code == 404
    assert client.post(url("our_view", split_assessment.pk, "S1"), view_post()).status_code == 404
    assert client.get(url("standard", split_assessment.pk, "S1")).status_code == 404
    assert client.get(url("history", split_assessment.pk, "S1")).status_code == 404
    assert PartnerView.objects.count() == 1


def test_once_submitted_the_officer_reads_every_view_but_cannot_give_one(client, split_assessment, leads, officer):
    assessment = submitted_split(split_assessment, leads)
    before = views_snapshot()
    client.force_login(officer)
    standard = client.get(url("standard", assessment.pk, "S1"))
    for organisation, lead in zip(assessment.partnership.partner_organisations(), leads, strict=True):
        row = view_row(standard, organisation)
        assert "Fully met" in row and f"{lead.full_name} on S1." in row
    history = page(client.get(url("history", assessment.pk, "S1")))
    assert all(f"{lead.full_name} on S1." in history for lead in leads)
    response = client.post(url("our_view", assessment.pk, "S1"), view_post(rating="not-met"))
    assert response.status_code == 403
    assert NOT_A_VIEW_EDITOR.format(role="BASW officer") in page(response)
    assert views_snapshot() == before


def test_nobody_gives_a_view_once_the_assessment_is_submitted(client, split_assessment, leads, trust_lead):
    assessment = submitted_split(split_assessment, leads)
    before = views_snapshot()
    client.force_login(trust_lead)
    response = client.post(url("our_view", assessment.pk, "S1"), view_post(rating="not-met"))
    assert response.status_code == 403
    assert NOT_EDITABLE_STATUS.format(status="submitted") in page(response)
    assert views_snapshot() == before
    assert SignOff.objects.filter(assessment=assessment).count() == 3


def test_an_outsider_gets_404_on_get_and_post_of_our_view(client, split_assessment, s1, trust_lead, outsider):
    give_view(s1, trust_lead)
    before = views_snapshot()
    client.force_login(outsider)
    assert client.get(url("our_view", split_assessment.pk, "S1")).status_code == 404
    assert client.post(url("our_view", split_assessment.pk, "S1"), view_post(rating="not-met")).status_code == 404
    assert client.get(url("standard", split_assessment.pk, "S1")).status_code == 404
    assert client.get(url("history", split_assessment.pk, "S1")).status_code == 404
    assert views_snapshot() == before


def test_anonymous_is_sent_to_sign_in(client, split_assessment):
    response = client.post(url("our_view", split_assessment.pk, "S1"), view_post())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not PartnerView.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_our_view_refuses_other_methods_with_405(client, split_assessment, trust_lead, method):
    client.force_login(trust_lead)
    assert getattr(client, method)(url("our_view", split_assessment.pk, "S1")).status_code == 405
    assert not PartnerView.objects.exists()


def test_an_unknown_standard_is_404(client, split_assessment, trust_lead):
    client.force_login(trust_lead)
    assert client.get(url("our_view", split_assessment.pk, "NOPE")).status_code == 404
    assert client.post(url("our_view", split_assessment.pk, "NOPE"), view_post()).status_code == 404


def test_an_assessment_rated_together_has_no_own_views(client, assessment, trust_lead):
    client.force_login(trust_lead)
    response = client.post(url("our_view", assessment.pk, "S1"), view_post())
    assert response.status_code == 403
    assert NOT_RATING_APART in page(response)
    assert not PartnerView.objects.exists()
    text = page(client.get(url("standard", assessment.pk, "S1")))
    assert "Each partner's own view" not in text and "The agreed answer" not in text
    assert 'name="agreed_rationale"' not in text
