"""The forms on their own: what an upload's bytes must be, and the rules the pages rely on."""

import io
import zipfile
from datetime import timedelta

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.forms import ActionForm, ResponseForm, TeamForm, detect_evidence_type
from assessments.forms.answers import DUE_DATE_PAST, NA_REASON_REQUIRED
from assessments.forms.evidence import FILE_EMPTY, FILE_TYPE_REFUSED
from assessments.forms.teams import TEAM_NAME_TAKEN
from assessments.templatetags.audit import field_anchor
from tests import factories

from .page_helpers import PDF, docx_upload, png_upload

pytestmark = pytest.mark.django_db


def refused(upload):
    with pytest.raises(forms.ValidationError) as excinfo:
        detect_evidence_type(upload)
    return excinfo.value.messages[0]


def test_an_empty_file_is_refused():
    assert refused(SimpleUploadedFile("empty.pdf", b"")) == FILE_EMPTY


def test_the_name_must_match_the_content():
    assert refused(SimpleUploadedFile("minutes.docx", PDF)) == FILE_TYPE_REFUSED
    assert refused(docx_upload("policy.pdf")) == FILE_TYPE_REFUSED
    assert refused(png_upload("chart.jpg")) == FILE_TYPE_REFUSED


def test_a_plain_zip_named_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    assert refused(SimpleUploadedFile("policy.docx", buffer.getvalue())) == FILE_TYPE_REFUSED


def test_text_and_html_are_refused():
    assert refused(SimpleUploadedFile("notes.pdf", b"just some text")) == FILE_TYPE_REFUSED
    assert refused(SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>")) == FILE_TYPE_REFUSED


def test_accepted_types_are_told_from_their_bytes():
    assert detect_evidence_type(SimpleUploadedFile("Minutes.PDF", PDF)) == "application/pdf"
    assert detect_evidence_type(png_upload()) == "image/png"


def test_the_evidence_holder_must_be_a_partner(assessment):
    stranger = factories.make_organisation(kind="nhs_trust")
    form = ResponseForm(
        {"answer": "fully-met", "evidence_holder": str(stranger.pk), "lock_version": 0}, assessment=assessment
    )
    assert not form.is_valid()
    assert "evidence_holder" in form.errors


def test_not_applicable_needs_a_reason(assessment):
    form = ResponseForm({"answer": "not_applicable", "lock_version": 0}, assessment=assessment)
    assert form.errors["not_applicable_reason"] == [NA_REASON_REQUIRED]


def action_form(assessment, **fields):
    data = {
        "description": "Recruit",
        "owner_name": "Sam",
        "owner_role": "PSW",
        "responsible": "joint",
        "due_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "priority": "low",
        "status": "not_started",
    }
    data.update(fields)
    return ActionForm(data, assessment=assessment)


def test_a_new_action_cannot_be_due_in_the_past_unless_it_is_done(assessment):
    assert action_form(assessment).errors["due_date"] == [DUE_DATE_PAST]
    assert action_form(assessment, status="done").is_valid()


def test_a_drafts_action_cannot_be_dropped_there_since_dropping_is_recorded_with_a_reason_on_the_accepted_plan(
    assessment,
):
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = action_form(assessment, status="dropped", due_date=future)
    assert not form.is_valid() and "status" in form.errors
    assert action_form(assessment, status="in_progress", due_date=future).is_valid()


def test_team_names_are_unique_in_a_partnership_whatever_the_case(partnership):
    factories.make_team(partnership, name="Wirral CMHT")
    data = {"name": "wirral cmht", "service": "working_age", "social_work_line_manager": "nurse"}
    for field in ("social_workers", "amhps", "nurses", "occupational_therapists", "psychologists"):
        data[field] = 1
    for field in ("psychiatrists", "support_workers", "others"):
        data[field] = 0
    form = TeamForm(data, partnership=partnership)
    assert form.errors["name"] == [TEAM_NAME_TAKEN.format(name="wirral cmht")]


def test_the_error_summary_links_to_a_prefixed_forms_field_by_the_id_it_renders_with(assessment):
    form = ResponseForm({"prefixed-evidence": "x"}, assessment=assessment, prefix="prefixed")
    html = str(form["answer"]) + str(form["evidence"])
    for name, anchor in (("answer", field_anchor(form, "answer")), ("evidence", field_anchor(form, "evidence"))):
        assert f'id="{anchor}"' in html, name
    assert field_anchor(form, "evidence") == "id_prefixed-evidence"
