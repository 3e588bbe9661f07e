"""The page for one standard: the answer form, the stale-save guard, evidence files and actions."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from assessments.forms import (
    DUE_DATE_PAST,
    FILE_TOO_BIG,
    FILE_TYPE_REFUSED,
    NA_REASON_REQUIRED,
    RATING_REQUIRED,
)
from assessments.models import Action, EvidenceFile, Response
from assessments.views.standard import SAVED_CLEARED, STALE_MESSAGE

from .page_helpers import (
    PDF,
    answer_all,
    answer_post,
    docx_upload,
    level,
    pdf_upload,
    png_upload,
    sign_off_all,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def s1(assessment):
    return Response.objects.get(assessment=assessment, standard__code="S1")


@pytest.fixture
def lead_client(client, trust_lead):
    client.force_login(trust_lead)
    return client


def page(response):
    return html.unescape(response.content.decode())


def checked_answer(text):
    """The value of the rating radio that is checked, or None."""
    found = re.search(r'<input type="radio"[^>]*name="answer" value="([^"]+)"[^>]*checked', text)
    return found.group(1) if found else None


def errors_in_summary(response):
    text = page(response)
    start = text.index('class="error-summary"')
    return text[start : text.index("</div>", start)]


# The answer


def test_saving_an_answer_stores_it_and_goes_to_the_next_standard_in_task_list_order(
    lead_client, assessment, s1, trust_lead, council
):
    response = lead_client.post(
        url("standard", assessment.pk, "S1"),
        answer_post(s1, answer="largely-met", evidence="Monthly supervision audit.", evidence_holder=str(council.pk)),
    )
    assert response.status_code == 302
    assert response["Location"] == url("standard", assessment.pk, "S3")  # S2 is in the next domain
    s1.refresh_from_db()
    assert s1.rating == level(assessment, "largely-met")
    assert s1.evidence == "Monthly supervision audit."
    assert s1.evidence_holder == council
    assert s1.updated_by == trust_lead
    assert s1.lock_version == 1


def test_save_and_stay_and_save_and_add_an_action_go_where_they_say(lead_client, assessment, s1):
    stay = lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "stay": ""})
    s1.refresh_from_db()
    add = lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "add_action": ""})
    assert stay["Location"] == url("standard", assessment.pk, "S1")
    assert add["Location"] == url("action_new", assessment.pk, "S1")


def test_the_last_standard_saves_to_the_overview(lead_client, assessment):
    last = Response.objects.filter(assessment=assessment).order_by("standard__source_order").last()
    response = lead_client.post(url("standard", assessment.pk, last.standard.code), answer_post(last))
    assert response["Location"] == url("overview", assessment.pk)


def test_the_form_shows_the_saved_answer(lead_client, assessment, s1):
    Response.objects.filter(pk=s1.pk).update(rating=level(assessment, "partially-met"), evidence="Board minutes")
    text = page(lead_client.get(url("standard", assessment.pk, "S1")))
    assert checked_answer(text) == "partially-met"
    assert "Board minutes</textarea>" in text
    assert "Standard 3 of 8" in text  # two principles come first


def test_not_applicable_without_a_reason_is_refused_beside_the_field_and_keeps_what_was_typed(
    lead_client, assessment, s1
):
    response = lead_client.post(
        url("standard", assessment.pk, "S1"),
        answer_post(s1, answer="not_applicable", not_applicable_reason=" ", evidence="We have no AMHPs."),
    )
    assert response.status_code == 200
    text = page(response)
    assert NA_REASON_REQUIRED in errors_in_summary(response)
    assert 'href="#id_not_applicable_reason"' in errors_in_summary(response)
    assert text.count(NA_REASON_REQUIRED) == 2  # in the summary and beside the field
    assert "We have no AMHPs.</textarea>" in text
    assert text.startswith("<!doctype html>") and "<title>Error: " in text
    s1.refresh_from_db()
    assert (s1.not_applicable, s1.evidence, s1.lock_version) == (False, "", 0)


def test_not_applicable_with_a_reason_is_saved(lead_client, assessment, s1):
    lead_client.post(
        url("standard", assessment.pk, "S1"),
        answer_post(s1, answer="not_applicable", not_applicable_reason="No inpatient service."),
    )
    s1.refresh_from_db()
    assert s1.not_applicable and s1.rating is None
    assert s1.not_applicable_reason == "No inpatient service."


def test_no_rating_is_refused_with_rating_required(lead_client, assessment, s1):
    data = answer_post(s1, evidence="Draft notes")
    del data["answer"]
    response = lead_client.post(url("standard", assessment.pk, "S1"), data)
    assert response.status_code == 200
    assert RATING_REQUIRED in errors_in_summary(response)
    assert 'href="#id_answer_0"' in errors_in_summary(response)
    assert "Draft notes</textarea>" in page(response)
    s1.refresh_from_db()
    assert s1.rating is None and s1.evidence == ""


def test_a_rating_from_another_scale_is_refused(lead_client, assessment, s1):
    response = lead_client.post(url("standard", assessment.pk, "S1"), answer_post(s1, answer="excellent"))
    assert response.status_code == 200
    s1.refresh_from_db()
    assert s1.rating is None


def test_saving_after_sign_off_clears_the_sign_offs_and_says_so(
    lead_client, assessment, s1, trust_lead, council_lead, council2_lead
):
    answer_all(assessment)
    s1.refresh_from_db()
    sign_off_all(assessment, trust_lead, council_lead, council2_lead)
    response = lead_client.post(
        url("standard", assessment.pk, "S1"), answer_post(s1, evidence="New evidence"), follow=True
    )
    assert SAVED_CLEARED in page(response)
    assert "Sign-offs were cleared" in page(response)
    assert assessment.signoffs.count() == 0


def test_saving_the_same_answer_after_sign_off_keeps_the_sign_offs_and_does_not_say_they_were_cleared(
    lead_client, assessment, s1, trust_lead, council_lead, council2_lead
):
    answer_all(assessment)
    s1.refresh_from_db()
    sign_off_all(assessment, trust_lead, council_lead, council2_lead)
    response = lead_client.post(
        url("standard", assessment.pk, "S1"), answer_post(s1, evidence=s1.evidence), follow=True
    )
    assert SAVED_CLEARED not in page(response)
    assert assessment.signoffs.count() == 3


# Two people editing the same standard


def test_a_stale_save_shows_the_other_answer_and_keeps_mine(assessment, s1, trust_lead, council_lead):
    first, second = Client(), Client()
    first.force_login(trust_lead)
    second.force_login(council_lead)
    path = url("standard", assessment.pk, "S1")
    first.get(path)
    second.get(path)  # both open the page at lock_version 0

    saved = first.post(path, answer_post(s1, answer="fully-met", evidence="Trust: supervision audit 2026."))
    assert saved.status_code == 302
    response = second.post(path, answer_post(s1, answer="not-met", evidence="Council: no supervision since May."))

    assert response.status_code == 200
    text = page(response)
    s1.refresh_from_db()
    expected = STALE_MESSAGE.format(name="Tara Trustlead", time=f"{timezone.localtime(s1.updated_at):%H:%M on %-d %B}")
    assert expected in text
    assert "Trust: supervision audit 2026." in text  # their answer, shown
    assert "Council: no supervision since May.</textarea>" in text  # mine, still in the form
    assert 'name="lock_version" value="1"' in text  # saving again now keeps mine
    assert (s1.rating.code, s1.evidence, s1.updated_by) == ("fully-met", "Trust: supervision audit 2026.", trust_lead)


def test_the_stale_message_gives_the_time_in_local_time(assessment, s1, trust_lead, council_lead):
    first, second = Client(), Client()
    first.force_login(trust_lead)
    second.force_login(council_lead)
    path = url("standard", assessment.pk, "S1")
    first.post(path, answer_post(s1, evidence="Trust answer"))
    Response.objects.filter(pk=s1.pk).update(updated_at=datetime(2026, 7, 1, 12, 5, tzinfo=UTC))
    response = second.post(path, answer_post(s1, evidence="Council answer"))
    assert STALE_MESSAGE.format(name="Tara Trustlead", time="13:05 on 1 July") in page(response)


def test_saving_again_after_a_conflict_keeps_mine(assessment, s1, trust_lead, council_lead):
    first, second = Client(), Client()
    first.force_login(trust_lead)
    second.force_login(council_lead)
    path = url("standard", assessment.pk, "S1")
    first.post(path, answer_post(s1, evidence="Trust answer"))
    second.post(path, answer_post(s1, evidence="Council answer"))
    s1.refresh_from_db()
    second.post(path, answer_post(s1, evidence="Council answer"))
    s1.refresh_from_db()
    assert (s1.evidence, s1.updated_by, s1.lock_version) == ("Council answer", council_lead, 2)


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

    other = assessment_start(partnership=partnership, period="2027/28", version=version, actor=trust_lead)
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
