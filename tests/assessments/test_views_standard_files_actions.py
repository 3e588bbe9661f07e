"""The page for one standard: its evidence files and its actions."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from assessments.forms.answers import DUE_DATE_PAST
from assessments.forms.evidence import FILE_TOO_BIG, FILE_TYPE_REFUSED
from assessments.models import Action, EvidenceFile, RatingMode

from .page_helpers import (
    PDF,
    answer_post,
    checked_answer,
    docx_upload,
    errors_in_summary,
    page,
    pdf_upload,
    png_upload,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# Evidence files


def test_a_small_pdf_is_stored_with_the_answer(lead_client, assessment, s1, trust_lead, media):
    response = lead_client.post(
        url("standard", assessment.pk, "S1"), {**answer_post(s1, evidence="See minutes"), "file": pdf_upload()}
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get(response=s1)
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "minutes.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.uploaded_by == trust_lead
    assert (media / evidence.file.name).read_bytes() == PDF
    s1.refresh_from_db()
    assert s1.evidence == "See minutes"


def download(client, assessment, evidence):
    response = client.get(url("file", assessment.pk, evidence.pk))
    # Reading to the end closes the file; response.close() would also close the test's database connection.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_an_uploaded_file_downloads_as_an_attachment_only_for_people_who_see_the_assessment(
    lead_client, assessment, s1, manager, outsider
):
    lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "file": pdf_upload()})
    evidence = EvidenceFile.objects.get(response=s1)

    response, body = download(lead_client, assessment, evidence)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body == PDF

    managers, outsiders = Client(), Client()
    managers.force_login(manager)
    outsiders.force_login(outsider)
    assert download(managers, assessment, evidence)[0].status_code == 200
    assert download(outsiders, assessment, evidence)[0].status_code == 404


def test_a_file_of_another_assessment_is_404(lead_client, assessment, s1, partnership, version, trust_lead):
    from assessments.services import assessment_start

    other = assessment_start(
        rating_mode=RatingMode.TOGETHER, partnership=partnership, period="2027/28", version=version, actor=trust_lead
    )
    lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "file": pdf_upload()})
    evidence = EvidenceFile.objects.get(response=s1)
    assert download(lead_client, other, evidence)[0].status_code == 404


def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_stored(lead_client, assessment, s1, media):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf")
    response = lead_client.post(
        url("standard", assessment.pk, "S1"), {**answer_post(s1, evidence="Typed before upload"), "file": fake}
    )
    assert response.status_code == 200
    assert page(response).count(FILE_TYPE_REFUSED) == 2  # in the summary and beside the field
    assert 'href="#id_file"' in errors_in_summary(response)
    assert "<title>Error: " in page(response)
    assert "Typed before upload</textarea>" in page(response)
    assert EvidenceFile.objects.count() == 0
    assert not (media / "evidence").exists()
    s1.refresh_from_db()
    assert s1.evidence == "" and s1.lock_version == 0


def test_a_file_over_10_mb_is_refused_and_nothing_typed_is_saved(lead_client, assessment, s1, media):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4" + b"\x00" * (11 * 1024 * 1024), "application/pdf")
    response = lead_client.post(
        url("standard", assessment.pk, "S1"),
        {**answer_post(s1, answer="largely-met", evidence="Scanned minutes attached"), "file": big},
    )
    assert response.status_code == 200
    text = page(response)
    assert FILE_TOO_BIG.format(size="11.0\xa0MB", limit="10.0\xa0MB") in text
    assert FILE_TOO_BIG.format(size="11.0\xa0MB", limit="10.0\xa0MB") in errors_in_summary(response)
    assert "Scanned minutes attached</textarea>" in text
    assert checked_answer(text) == "largely-met"
    assert EvidenceFile.objects.count() == 0
    s1.refresh_from_db()
    assert (s1.rating, s1.evidence, s1.lock_version) == (None, "", 0)


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (png_upload, "image/png"),
        (docx_upload, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_png_and_word_files_are_accepted(lead_client, assessment, s1, upload, content_type):
    response = lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "file": upload()})
    assert response.status_code == 302
    assert EvidenceFile.objects.get(response=s1).content_type == content_type


def test_removing_a_file_deletes_it_from_the_answer_and_storage(
    lead_client, assessment, s1, media, django_capture_on_commit_callbacks
):
    lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "file": pdf_upload()})
    evidence = EvidenceFile.objects.get(response=s1)
    stored = media / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(url("file_delete", assessment.pk, evidence.pk))
    assert response["Location"] == url("standard", assessment.pk, "S1")
    assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert not stored.exists()


# Actions


def action_data(**fields):
    data = {
        "description": "Provide monthly professional supervision by a social worker",
        "owner_name": "Pat Lead",
        "owner_role": "Principal Social Worker",
        "responsible": "joint",
        "due_date": "2027-03-31",
        "priority": "high",
        "status": "not_started",
    }
    data.update(fields)
    return data


def test_a_new_action_is_due_by_the_partnerships_next_review_by_default(lead_client, assessment, partnership):
    assert partnership.next_review_date == date(2027, 3, 31)
    text = page(lead_client.get(url("action_new", assessment.pk, "S1")))
    assert 'name="due_date" value="2027-03-31"' in text
    assert "31 March 2027" in text  # the help text says why


def test_adding_an_action_saves_it_on_the_standard(lead_client, assessment, s1, council):
    response = lead_client.post(url("action_new", assessment.pk, "S1"), action_data(responsible=str(council.pk)))
    assert response["Location"] == url("standard", assessment.pk, "S1")
    action = Action.objects.get(response=s1)
    assert action.description == "Provide monthly professional supervision by a social worker"
    assert (action.responsible_organisation, action.due_date, action.priority) == (council, date(2027, 3, 31), "high")


def test_an_action_due_in_the_past_is_refused(lead_client, assessment, s1):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = lead_client.post(url("action_new", assessment.pk, "S1"), action_data(due_date=yesterday.isoformat()))
    assert response.status_code == 200
    assert DUE_DATE_PAST in page(response)
    assert not Action.objects.exists()


def test_an_action_without_a_description_is_refused_and_the_rest_is_kept(lead_client, assessment):
    response = lead_client.post(url("action_new", assessment.pk, "S1"), action_data(description=""))
    assert response.status_code == 200
    assert 'href="#id_description"' in errors_in_summary(response)
    assert 'value="Pat Lead"' in page(response)
    assert not Action.objects.exists()


def make_action(response, **fields):
    values = {
        "description": "Recruit a second social worker",
        "owner_name": "Sam Owner",
        "owner_role": "Service Manager",
        "due_date": timezone.localdate() + timedelta(days=40),
    }
    values.update(fields)
    return Action.objects.create(response=response, **values)


def test_changing_an_action_saves_it(lead_client, assessment, s1):
    action = make_action(s1)
    form = page(lead_client.get(url("action_edit", assessment.pk, "S1", action.pk)))
    assert "Recruit a second social worker</textarea>" in form
    response = lead_client.post(
        url("action_edit", assessment.pk, "S1", action.pk), action_data(status="in_progress", priority="low")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.priority, action.description) == (
        "in_progress",
        "low",
        "Provide monthly professional supervision by a social worker",
    )


def test_an_overdue_action_can_still_be_changed_without_moving_its_date(lead_client, assessment, s1):
    action = make_action(s1, due_date=timezone.localdate() - timedelta(days=10))
    response = lead_client.post(
        url("action_edit", assessment.pk, "S1", action.pk),
        action_data(due_date=action.due_date.isoformat(), status="in_progress"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_removing_an_action_deletes_it(lead_client, assessment, s1):
    action = make_action(s1)
    response = lead_client.post(url("action_delete", assessment.pk, "S1", action.pk))
    assert response["Location"] == url("standard", assessment.pk, "S1")
    assert not Action.objects.filter(pk=action.pk).exists()


def test_an_action_of_another_standard_is_404(lead_client, assessment, s1):
    action = make_action(s1)
    assert lead_client.get(url("action_edit", assessment.pk, "S2", action.pk)).status_code == 404
    assert lead_client.post(url("action_delete", assessment.pk, "S2", action.pk)).status_code == 404
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_overdue_action_shows_overdue_on_the_standard_page_and_the_dashboard(lead_client, assessment, s1):
    make_action(s1, description="Overdue thing", due_date=timezone.localdate() - timedelta(days=1))
    make_action(s1, description="Done late", due_date=timezone.localdate() - timedelta(days=5), status="done")
    standard_page = page(lead_client.get(url("standard", assessment.pk, "S1")))
    dashboard = page(lead_client.get(url("dashboard")))
    assert standard_page.count("Overdue</span>") == 1
    assert "1 overdue action" in dashboard
    assert "Overdue thing" in dashboard and "Done late" not in dashboard


def test_unknown_standard_is_404(lead_client, assessment):
    assert lead_client.get(url("standard", assessment.pk, "Z99")).status_code == 404


def test_history_lists_saved_answers_and_actions(lead_client, assessment, s1):
    lead_client.post(url("standard", assessment.pk, "S1"), answer_post(s1, answer="not-met", evidence="None yet"))
    lead_client.post(url("action_new", assessment.pk, "S1"), action_data())
    text = page(lead_client.get(url("history", assessment.pk, "S1")))
    assert "Answer: answer saved" in text
    assert "Action: action added" in text
    assert "Not met" in text
