"""The action plan and every answer as CSV and XLSX, and who may download what."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Response
from assessments.services import action_create
from reports.spreadsheets import ACTION_PLAN, RESPONSES
from tests.assessments.service_helpers import action_data, answer, drive_to

from .conftest import add_actions, query_with_reply, rate

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"]


@pytest.fixture
def plan(assessment, trust, council, trust_lead):
    s1 = rate(assessment, "S1", trust_lead, "not-met", "No social care lead attends the Board.")
    s2 = rate(assessment, "S2", trust_lead, "partially-met", "Supervision audit of March 2026.")
    add_actions(
        s1,
        trust_lead,
        [
            ("Joint: review the agreement.", None, "high", 10),
            ("Council: open council systems to seconded staff.", council, "low", 20),
            ("Trust: add social care to the Board agenda.", trust, "medium", -5),
            ("Trust: appoint a principal social worker.", trust, "high", 40),
        ],
    )
    add_actions(s2, trust_lead, [("Audit every team.", None, "medium", 30)])
    query_with_reply(s2, "One team only.", "Appendix B covers the rest.")
    return assessment


def get(client, user, assessment, kind, fmt):
    client.force_login(user)
    return client.get(reverse("reports:download", args=[assessment.pk, kind, fmt]))


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_manager_gets_the_action_plan_as_csv_in_plan_order(client, manager, plan):
    rows = read_csv(get(client, manager, plan, "action-plan", "csv"))
    assert rows[0] == [c.heading for c in ACTION_PLAN]
    descriptions = [r[6] for r in rows[1:]]
    assert descriptions == [
        "Trust: appoint a principal social worker.",  # the trust first, high before medium
        "Trust: add social care to the Board agenda.",
        "Council: open council systems to seconded staff.",  # then each council
        "Joint: review the agreement.",  # then joint actions, high before medium
        "Audit every team.",
    ]
    overdue = {r[6]: r[10] for r in rows[1:]}
    assert overdue["Trust: add social care to the Board agenda."] == "Yes"
    assert overdue["Trust: appoint a principal social worker."] == "No"
    first = rows[1]
    assert first[0] == plan.partnership.trust.name and first[1] == "High" and first[3] == "S1"
    assert first[5] == "Not met" and first[2] == (timezone.localdate() + timedelta(days=40)).isoformat()


def test_the_responses_csv_has_every_standard_with_review_and_reply(client, manager, plan):
    rows = read_csv(get(client, manager, plan, "responses", "csv"))
    assert rows[0] == [c.heading for c in RESPONSES]
    assert len(rows) == 1 + plan.responses.count()
    by_code = {r[1]: r for r in rows[1:]}
    assert by_code["S1"][3] == "Not met" and by_code["S1"][5] == "No social care lead attends the Board."
    assert by_code["S1"][11] == "4"
    assert by_code["S2"][7:11] == ["Queried", "One team only.", "", "Appendix B covers the rest."]
    assert by_code["P1"][3] == "Not yet rated"


def test_the_xlsx_action_plan_has_real_dates_a_frozen_bold_header_and_widths(client, manager, plan):
    response = get(client, manager, plan, "action-plan", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "Action plan" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [c.heading for c in ACTION_PLAN]
    assert all(c.font.bold for c in sheet[1])
    due = sheet.cell(row=2, column=3)
    assert isinstance(due.value, datetime) and due.value.date() == timezone.localdate() + timedelta(days=40)
    assert due.number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["G"].width == 60 and sheet.max_row == 6
    assert book.properties.title == "Action plan: Mersey Mental Health Partnership, 2026/27"


@pytest.mark.parametrize("typed", FORMULAS)
def test_typed_text_that_looks_like_a_formula_stays_text(client, manager, plan, trust_lead, typed):
    s3 = Response.objects.get(assessment=plan, standard__code="S3")
    answer(s3, trust_lead, "not-met", evidence=typed)
    action_create(response=s3, actor=trust_lead, data=action_data(description=typed, owner_name=typed))

    rows = read_csv(get(client, manager, plan, "action-plan", "csv"))
    ours = [r for r in rows[1:] if r[3] == "S3"][0]
    assert ours[6] == "'" + typed and ours[7] == "'" + typed
    responses = read_csv(get(client, manager, plan, "responses", "csv"))
    assert [r for r in responses if r[1] == "S3"][0][5] == "'" + typed

    sheet = load_workbook(io.BytesIO(get(client, manager, plan, "action-plan", "xlsx").content)).active
    cell = [row for row in sheet.iter_rows(min_row=2) if row[3].value == "S3"][0][6]
    as_read = typed.replace("\r", "\n")  # XML reads a carriage return back as a line feed
    assert cell.data_type == "s" and cell.value == as_read and cell.quotePrefix
    sheet = load_workbook(io.BytesIO(get(client, manager, plan, "responses", "xlsx").content)).active
    cell = [row for row in sheet.iter_rows(min_row=2) if row[1].value == "S3"][0][5]
    assert cell.data_type == "s" and cell.value == as_read


def test_ordinary_text_is_left_alone(client, manager, plan):
    rows = read_csv(get(client, manager, plan, "action-plan", "csv"))
    assert not any(value.startswith("'") for row in rows for value in row)


DOWNLOADS = [
    ("action-plan", "pdf"),
    ("action-plan", "xlsx"),
    ("action-plan", "csv"),
    ("responses", "xlsx"),
    ("responses", "csv"),
]


@pytest.mark.parametrize("kind, fmt", DOWNLOADS)
def test_outsiders_get_404_and_strangers_are_sent_to_sign_in(client, outsider, plan, kind, fmt):
    url = reverse("reports:download", args=[plan.pk, kind, fmt])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_everyone_in_the_partnership_downloads_with_a_telling_file_name(
    client, plan, trust_lead, council_lead, contributor, manager
):
    for user in (trust_lead, council_lead, contributor, manager):
        response = get(client, user, plan, "action-plan", "csv")
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="action-plan-mersey-mental-health-partnership-2026-27-draft.csv"'
        )
    assert get(client, manager, plan, "responses", "xlsx")["Content-Disposition"].endswith(
        'responses-mersey-mental-health-partnership-2026-27-draft.xlsx"'
    )


def test_officers_see_downloads_only_once_the_assessment_is_submitted(
    client, officer, plan, trust_lead, council_lead, council2_lead
):
    assert get(client, officer, plan, "action-plan", "csv").status_code == 404
    drive_to(plan, "submitted", leads=[trust_lead, council_lead, council2_lead], officer=officer)
    response = get(client, officer, plan, "action-plan", "csv")
    assert response.status_code == 200 and "-2026-27-submitted.csv" in response["Content-Disposition"]


def test_there_is_no_responses_pdf(client, manager, plan):
    client.force_login(manager)
    assert client.get(f"/reports/assessments/{plan.pk}/responses.pdf").status_code == 404
    assert client.get(f"/reports/assessments/{plan.pk}/action-plan.csv").status_code == 200


def test_the_assessment_page_and_the_dashboard_link_to_the_downloads(client, manager, plan):
    client.force_login(manager)
    pdf = reverse("reports:download", args=[plan.pk, "action-plan", "pdf"])
    overview = client.get(reverse("assessments:overview", args=[plan.pk])).content.decode()
    for kind, fmt in DOWNLOADS:
        assert f'href="{reverse("reports:download", args=[plan.pk, kind, fmt])}"' in overview
    dashboard = client.get(reverse("assessments:dashboard")).content.decode()
    assert f'href="{pdf}"' in dashboard
