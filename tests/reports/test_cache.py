"""A repeat download of an unchanged assessment is served from the cache; any change renders afresh."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse

from assessments.models import Assessment, Response
from assessments.services import WorkflowError, action_create
from reports import pdf
from tests.assessments.service_helpers import action_data, answer, drive_to
from tests.factories import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Count real renders, and start from an empty cache."""
    caches["reports"].clear()
    calls = []
    real = pdf.render_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls


def get_pdf(client, assessment):
    response = client.get(reverse("reports:download", args=[assessment.pk, "action-plan", "pdf"]))
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


def test_a_change_to_the_partnerships_teams_renders_afresh(client, manager, assessment, partnership, renders):
    client.force_login(manager)
    get_pdf(client, assessment)
    make_team(partnership, name="Sefton Early Intervention Team")
    get_pdf(client, assessment)
    assert len(renders) == 2 and "Sefton Early Intervention Team" in renders[-1]


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
