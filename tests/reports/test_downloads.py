"""Who may download an assessment's reports, what the files are called, and where the pages link to them.

The Mersey partnership's 2026/27 assessment (tests/conftest.py) starts as a draft. Everyone at the trust and the
two councils may download it: the leads Tara, Colin and Cara, Connie Contributor and Manny Manager. Olive Officer
(BASW) may download it once it has been submitted. Otto Outsider, a lead in another partnership, gets a 404 for
every download, and anyone not signed in is sent to sign in first.

A PDF costs about half a second to render, so each test asks for at most one, and checks only its headers. The
worker renders it (tests/reports/test_render_worker.py): until it has run, the PDF's address gives a page saying
the plan is being prepared (202), so a test runs the worker (`run_tasks`) and downloads again.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from assessments.models import Status
from tests.assessments.service_helpers import drive_to

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("action-plan", "pdf"),
    ("action-plan", "xlsx"),
    ("action-plan", "csv"),
    ("responses", "xlsx"),
    ("responses", "csv"),
]
SPREADSHEETS = [download for download in DOWNLOADS if download[1] != "pdf"]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PARTNERS = ["trust_lead", "council_lead", "council2_lead", "contributor", "manager"]


def url(assessment, kind, fmt):
    return reverse("reports:download", args=[assessment.pk, kind, fmt])


def attachment(name):
    return f'attachment; filename="{name}"'


def assert_a_download(response, kind, fmt, status="draft"):
    """A 200 with the right type, a private cache header and a file name of partnership, period and status."""
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == attachment(
        f"{kind}-mersey-mental-health-partnership-2026-27-{status}.{fmt}"
    )
    assert response["Cache-Control"] == "private, no-store"


# Who may not


@pytest.mark.parametrize("kind, fmt", DOWNLOADS)
def test_the_outsider_gets_404_for_every_download(client, outsider, assessment, kind, fmt):
    client.force_login(outsider)
    assert client.get(url(assessment, kind, fmt)).status_code == 404


@pytest.mark.parametrize("kind, fmt", DOWNLOADS)
def test_someone_not_signed_in_is_sent_to_sign_in_and_back(client, assessment, kind, fmt):
    address = url(assessment, kind, fmt)
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={address}"


def test_a_download_of_an_assessment_that_does_not_exist_is_404(client, manager, assessment):
    client.force_login(manager)
    assert (
        client.get(url(assessment, "action-plan", "csv").replace(f"/{assessment.pk}/", "/999999/")).status_code == 404
    )


def test_there_is_no_responses_pdf_nor_any_other_format(client, manager, assessment):
    with pytest.raises(NoReverseMatch):
        reverse("reports:download", args=[assessment.pk, "responses", "pdf"])
    client.force_login(manager)
    for path in ("responses.pdf", "action-plan.docx", "responses.json", "everything.csv"):
        assert client.get(f"/reports/assessments/{assessment.pk}/{path}").status_code == 404, path
    assert client.get(f"/reports/assessments/{assessment.pk}/responses.csv").status_code == 200


# Who may


@pytest.mark.parametrize("person", PARTNERS)
def test_everyone_in_the_partnership_downloads_the_action_plan_csv_named_for_it(client, request, assessment, person):
    client.force_login(request.getfixturevalue(person))
    response = client.get(url(assessment, "action-plan", "csv"))
    assert_a_download(response, "action-plan", "csv")
    assert response.content.decode().startswith("\ufeffPartnership,Period,Assessment status,Responsible organisation,")


@pytest.mark.parametrize("kind, fmt", SPREADSHEETS)
def test_the_manager_downloads_every_spreadsheet_named_for_partnership_period_and_status(
    client, manager, assessment, kind, fmt
):
    assert assessment.period == "2026/27"
    client.force_login(manager)
    response = client.get(url(assessment, kind, fmt))
    assert_a_download(response, kind, fmt)
    if fmt == "xlsx":
        assert response.content.startswith(b"PK")  # a zip, as every XLSX is
    else:
        assert response.content.count(b"\n") == 1 + (assessment.responses.count() if kind == "responses" else 0)


def test_the_manager_downloads_the_action_plan_pdf_once_the_worker_has_rendered_it(
    client, manager, assessment, run_tasks
):
    client.force_login(manager)
    assert client.get(url(assessment, "action-plan", "pdf")).status_code == 202  # being prepared
    run_tasks()
    response = client.get(url(assessment, "action-plan", "pdf"))
    assert_a_download(response, "action-plan", "pdf")
    assert response.content.startswith(b"%PDF-")


def test_the_officer_gets_404_on_a_draft(client, officer, assessment):
    client.force_login(officer)
    for kind, fmt in DOWNLOADS:
        assert client.get(url(assessment, kind, fmt)).status_code == 404, (kind, fmt)
    assert client.post(url(assessment, "action-plan", "pdf")).status_code == 404  # nor may they try again


def test_the_officer_downloads_once_the_partnership_has_submitted(
    client, officer, assessment, trust_lead, council_lead, council2_lead, run_tasks
):
    drive_to(assessment, Status.SUBMITTED, leads=[trust_lead, council_lead, council2_lead], officer=officer)
    client.force_login(officer)
    for kind, fmt in SPREADSHEETS:
        assert_a_download(client.get(url(assessment, kind, fmt)), kind, fmt, status="submitted")
    assert client.get(url(assessment, "action-plan", "pdf")).status_code == 202
    run_tasks()
    assert_a_download(client.get(url(assessment, "action-plan", "pdf")), "action-plan", "pdf", status="submitted")


@pytest.mark.parametrize(
    "status, in_name",
    [
        (Status.IN_REVIEW, "in-review"),
        (Status.CHANGES_REQUESTED, "changes-requested"),
        (Status.ACCEPTED, "accepted"),
    ],
)
def test_the_file_name_follows_the_assessment_through_review(
    client, officer, manager, assessment, trust_lead, council_lead, council2_lead, status, in_name
):
    drive_to(assessment, status, leads=[trust_lead, council_lead, council2_lead], officer=officer)
    for person in (officer, manager):
        client.force_login(person)
        assert_a_download(client.get(url(assessment, "responses", "csv")), "responses", "csv", status=in_name)


# Where the pages link to them


def test_the_assessment_overview_links_to_every_download(client, manager, assessment):
    client.force_login(manager)
    page = client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    for kind, fmt in DOWNLOADS:
        assert f'href="{url(assessment, kind, fmt)}"' in page, (kind, fmt)
    assert "PDF, marked draft" in page


def test_the_dashboard_links_to_the_action_plan_pdf_for_the_partnerships_people_only(
    client, manager, outsider, assessment
):
    pdf = f'href="{url(assessment, "action-plan", "pdf")}"'
    client.force_login(manager)
    assert pdf in client.get(reverse("assessments:dashboard")).content.decode()
    client.force_login(outsider)
    dashboard = client.get(reverse("assessments:dashboard"))
    assert dashboard.status_code == 200 and pdf not in dashboard.content.decode()


def test_a_download_is_only_ever_a_get(client, manager, assessment):
    client.force_login(manager)
    url = reverse("reports:download", args=[assessment.pk, "action-plan", "csv"])
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405
