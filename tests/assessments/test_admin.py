"""The admin site: a site administrator sets up organisations and partnerships; assessments are shown only.

Who: `admin_user` is a superuser (site administrator). Assessments' statuses change only through the
workflow services, so the admin shows them read-only, even to a superuser.
"""

import pytest
from django.urls import reverse

from assessments.admin import EMAIL_TAKEN
from assessments.models import Assessment, Organisation, OrganisationKind, Partnership, Status, User
from tests import factories


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser(email="site.admin@example.org", password="x" * 16, full_name="Site Admin")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", ["organisation", "partnership", "user", "invitation", "assessment", "response"])
def test_superuser_opens_every_changelist(admin_client, assessment, model):
    response = admin_client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["organisation", "partnership", "user"])
def test_superuser_opens_the_add_pages(admin_client, model):
    response = admin_client.get(reverse(f"admin:assessments_{model}_add"))
    assert response.status_code == 200


def test_superuser_creates_an_organisation_with_a_member(admin_client, trust_lead):
    response = admin_client.post(
        reverse("admin:assessments_organisation_add"),
        {
            "kind": OrganisationKind.LOCAL_AUTHORITY,
            "name": "Fellside Borough Council",
            "code": "E07000999",
            "region": "north_west",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": trust_lead.pk,
            "memberships-0-role": "contributor",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    council = Organisation.objects.get(name="Fellside Borough Council")
    assert council.memberships.get().user == trust_lead


def test_superuser_creates_a_partnership_with_a_team(admin_client):
    trust = factories.make_organisation(kind=OrganisationKind.NHS_TRUST, name="Northshire Mental Health Trust")
    council = factories.make_organisation(kind=OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    response = admin_client.post(
        reverse("admin:assessments_partnership_add"),
        {
            "name": "Northshire Partnership",
            "trust": trust.pk,
            "councils": [council.pk],
            "arrangement": "s75_pooled",
            "continuum_stage": "pooled",
            "social_worker_employment": "seconded",
            "agreement_start": "2014-04-01",
            "next_review_date": "2027-03-31",
            "notes": "",
            "teams-TOTAL_FORMS": "1",
            "teams-INITIAL_FORMS": "0",
            "teams-MIN_NUM_FORMS": "0",
            "teams-MAX_NUM_FORMS": "1000",
            "teams-0-name": "Fellside Valley CMHT",
            "teams-0-service": "working_age",
            "teams-0-social_workers": "1",
            "teams-0-amhps": "1",
            "teams-0-nurses": "17",
            "teams-0-occupational_therapists": "1",
            "teams-0-psychologists": "1",
            "teams-0-psychiatrists": "2",
            "teams-0-support_workers": "4",
            "teams-0-others": "0",
            "teams-0-social_work_line_manager": "nurse",
            "teams-0-has_social_work_supervision": "on",
            "teams-0-supervision_frequency": "quarterly",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    partnership = Partnership.objects.get(name="Northshire Partnership")
    assert partnership.trust == trust
    assert list(partnership.councils.all()) == [council]
    assert partnership.teams.get().nurses == 17


def test_partnership_form_offers_only_trusts_as_trust(admin_client):
    council = factories.make_organisation(kind=OrganisationKind.LOCAL_AUTHORITY)
    response = admin_client.get(reverse("admin:assessments_partnership_add"))
    assert council not in response.context["adminform"].form.fields["trust"].queryset


def test_superuser_adds_a_person_with_email_and_name(admin_client):
    response = admin_client.post(
        reverse("admin:assessments_user_add"),
        {
            "email": "New.Person@Example.org",
            "full_name": "New Person",
            "password1": "a-long-passphrase-26",
            "password2": "a-long-passphrase-26",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.org")
    assert person.check_password("a-long-passphrase-26")


def test_adding_a_person_twice_is_refused(admin_client, trust_lead):
    response = admin_client.post(
        reverse("admin:assessments_user_add"),
        {
            "email": trust_lead.email.upper(),
            "full_name": "Again",
            "password1": "a-long-passphrase-26",
            "password2": "a-long-passphrase-26",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [EMAIL_TAKEN]


def test_assessment_status_is_read_only_in_the_admin(admin_client, assessment):
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "status" not in page.context["adminform"].form.fields
    assert "status" in page.context["adminform"].readonly_fields
    refused = admin_client.post(url, {"status": Status.ACCEPTED})
    assert refused.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_assessments_cannot_be_added_or_deleted_in_the_admin(admin_client, assessment):
    assert admin_client.get(reverse("admin:assessments_assessment_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:assessments_assessment_delete", args=[assessment.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_response_history_page_opens(admin_client, assessment):
    response = assessment.responses.first()
    page = admin_client.get(reverse("admin:assessments_response_history", args=[response.pk]))
    assert page.status_code == 200


def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, trust_lead):
    client.force_login(trust_lead)
    response = client.get(reverse("admin:assessments_organisation_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
