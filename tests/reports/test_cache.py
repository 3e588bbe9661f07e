"""A repeat download of an unchanged assessment is served from the cache; any change renders afresh (in the worker)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Partnership, Response, Team, User
from assessments.services import WorkflowError, action_create
from assessments.services.partnership import ProfileData, partnership_profile_update, team_delete, team_save
from reports import pdf
from tests.assessments.service_helpers import action_data, answer, drive_to
from tests.factories import make_team
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    admin = User.objects.create_superuser(email="site.admin@example.org", password="x" * 16, full_name="Site Admin")
    admin_client = Client()
    admin_client.force_login(admin)
    return admin_client


def get_pdf(client, assessment):
    """Download the PDF; when it is being prepared (202), run the worker once, as it would, and download again."""
    url = reverse("reports:download", args=[assessment.pk, "action-plan", "pdf"])
    if client.get(url).status_code == 202:
        run_worker()
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_a_second_download_comes_from_the_cache_and_an_edit_renders_afresh(
    client, manager, assessment, trust_lead, renders
):
    client.force_login(manager)
    first = get_pdf(client, assessment)
    again = get_pdf(client, assessment)
    assert len(renders) == 1 and again == first

    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(s1, trust_lead, "partially-met", evidence="Minutes of the Joint Management Group.")
    changed = get_pdf(client, assessment)
    assert len(renders) == 2 and changed != first
    assert "Minutes of the Joint Management Group." in renders[-1]

    action_create(response=s1, actor=trust_lead, data=action_data(description="Write the supervision policy."))
    get_pdf(client, assessment)
    get_pdf(client, assessment)
    assert len(renders) == 3 and "Write the supervision policy." in renders[-1]


def test_a_team_added_through_its_service_renders_afresh(client, manager, assessment, partnership, trust_lead, renders):
    client.force_login(manager)
    get_pdf(client, assessment)
    team = Team(
        name="Sefton Early Intervention Team",
        service="early_intervention",
        social_workers=2,
        social_work_line_manager="social_worker",
    )
    team_save(team=team, actor=trust_lead, partnership=partnership)
    get_pdf(client, assessment)
    assert len(renders) == 2 and "Sefton Early Intervention Team" in renders[-1]

    team_delete(team=team, actor=trust_lead)
    get_pdf(client, assessment)
    assert len(renders) == 3 and "Sefton Early Intervention Team" not in renders[-1]


def test_a_profile_change_through_its_service_renders_afresh_also_for_an_accepted_assessment(
    client, manager, assessment, partnership, council_lead, renders
):
    Assessment.objects.filter(pk=assessment.pk).update(status="accepted")
    client.force_login(manager)
    get_pdf(client, assessment)
    data = ProfileData(
        arrangement="s75_delegated",
        continuum_stage="integrated",
        social_worker_employment="transferred",
        agreement_start=partnership.agreement_start,
        next_review_date=partnership.next_review_date,
    )
    partnership_profile_update(partnership=partnership, actor=council_lead, data=data)
    get_pdf(client, assessment)
    assert len(renders) == 2 and "Integration in one organisation" in renders[-1]


def test_the_cache_key_holds_no_copy_of_the_profile_or_teams(assessment, partnership):
    """The profile and teams are written only by services that count a revision, so the key need not read them."""
    before = pdf.cache_key(Assessment.objects.get(pk=assessment.pk))
    Partnership.objects.filter(pk=partnership.pk).update(continuum_stage="integrated", name="Renamed")
    make_team(partnership)
    assert pdf.cache_key(Assessment.objects.get(pk=assessment.pk)) == before


def test_a_partnership_changed_in_the_admin_renders_afresh(admin_client, client, manager, assessment, renders):
    partnership = assessment.partnership
    client.force_login(manager)
    get_pdf(client, assessment)
    response = admin_client.post(
        reverse("admin:assessments_partnership_change", args=[partnership.pk]),
        {
            "name": partnership.name,
            "trust": partnership.trust_id,
            "councils": [c.pk for c in partnership.councils.all()],
            "arrangement": "collaboration",
            "continuum_stage": "collaborative",
            "social_worker_employment": "council",
            "agreement_start": "2019-04-01",
            "next_review_date": "2027-03-31",
            "notes": "",
            "teams-TOTAL_FORMS": "0",
            "teams-INITIAL_FORMS": "0",
            "teams-MIN_NUM_FORMS": "0",
            "teams-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    get_pdf(client, assessment)
    assert len(renders) == 2 and "Collaborative arrangement" in renders[-1]
    record = Partnership.objects.get(pk=partnership.pk).history.latest()
    assert record.history_user.full_name == "Site Admin" and record.history_change_reason == "changed in the admin"


def test_tomorrow_the_pdf_is_rendered_again_because_actions_fall_overdue(
    client, manager, assessment, renders, monkeypatch
):
    client.force_login(manager)
    get_pdf(client, assessment)
    today = pdf.timezone.localdate()
    monkeypatch.setattr(pdf.timezone, "localdate", lambda: today + timedelta(days=1))
    get_pdf(client, assessment)
    assert len(renders) == 2


def test_a_status_move_renders_afresh(
    client, manager, assessment, trust_lead, council_lead, council2_lead, officer, renders
):
    client.force_login(manager)
    get_pdf(client, assessment)
    drive_to(assessment, "submitted", leads=[trust_lead, council_lead, council2_lead], officer=officer)
    get_pdf(client, assessment)
    assert len(renders) == 2 and "Draft" not in renders[-1].split("<body>")[1].split("<section")[0]


def test_every_write_service_counts_a_revision_and_a_refused_one_does_not(assessment, trust_lead):
    start = Assessment.objects.get(pk=assessment.pk).revision
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(s1, trust_lead, "not-met")
    action = action_create(response=s1, actor=trust_lead, data=action_data())
    assert Assessment.objects.get(pk=assessment.pk).revision == start + 2

    Assessment.objects.filter(pk=assessment.pk).update(status="accepted")
    with pytest.raises(WorkflowError):
        action_create(response=s1, actor=trust_lead, data=action_data())
    assert Assessment.objects.get(pk=assessment.pk).revision == start + 2
    assert action.pk


def assert_an_edit_elsewhere_renders_afresh(client, manager, assessment, renders, instance, field, value):
    """An edit the assessment's revision does not count (the admin, the profile pages) still gives a new PDF."""
    client.force_login(manager)
    get_pdf(client, assessment)
    setattr(instance, field, value)
    instance.save(update_fields=[field])
    get_pdf(client, assessment)
    assert len(renders) == 2 and value in renders[-1]


def test_a_reviewer_renamed_in_the_admin_renders_afresh(
    client, manager, assessment, trust_lead, council_lead, council2_lead, officer, renders
):
    assessment = drive_to(assessment, "in_review", leads=[trust_lead, council_lead, council2_lead], officer=officer)
    assert_an_edit_elsewhere_renders_afresh(
        client, manager, assessment, renders, officer, "full_name", "Olive Okonkwo-Officer"
    )


def test_a_council_given_its_ons_code_renders_afresh(client, manager, assessment, council, renders):
    assert_an_edit_elsewhere_renders_afresh(client, manager, assessment, renders, council, "code", "E08000015")
