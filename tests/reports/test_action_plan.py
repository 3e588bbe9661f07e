"""Managers download the action plan as PDF, XLSX and CSV; outsiders get nothing."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from reports.action_plan import COLUMNS, _fetch_nothing_but_our_stylesheet

from assessments.models import Action, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(assessment, trust):
    """Two actions on S1 (one overdue), one on S2 whose description looks like a spreadsheet formula."""
    today = timezone.localdate()
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    s2 = Response.objects.get(assessment=assessment, standard__code="S2")
    Action.objects.create(
        response=s1,
        description="Appoint a principal social worker to the Trust Board.",
        owner_name="Tara Trustlead",
        owner_role="Director of Social Care",
        responsible_organisation=trust,
        due_date=today + timedelta(days=90),
        priority="high",
    )
    Action.objects.create(
        response=s1,
        description="Give seconded social workers access to council systems.",
        owner_name="Colin Councillead",
        owner_role="Principal Social Worker",
        due_date=today - timedelta(days=3),
        priority="medium",
        status="in_progress",
    )
    Action.objects.create(
        response=s2,
        description='=HYPERLINK("http://evil.example")',
        owner_name="X",
        owner_role="Y",
        due_date=today + timedelta(days=10),
    )
    return assessment


def url(assessment, fmt):
    return reverse("reports:action_plan", args=[assessment.pk, fmt])


def test_manager_downloads_the_pdf_and_its_text_holds_every_action(client, manager, plan):
    client.force_login(manager)
    response = client.get(url(plan, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Action plan: Mersey Mental Health Partnership" in text
    assert "Appoint a principal social worker to the Trust Board." in text
    assert "Give seconded social workers access to council systems." in text
    assert "Overdue" in text
    assert reader.metadata.title == "Action plan: Mersey Mental Health Partnership 2026/27"


def test_xlsx_has_a_row_per_action_with_formulas_neutralised(client, manager, plan):
    client.force_login(manager)
    response = client.get(url(plan, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 4
    descriptions = [r[3] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in descriptions
    overdue = {r[3]: r[10] for r in rows[1:]}
    assert overdue["Give seconded social workers access to council systems."] == "Yes"


def test_csv_lists_actions_in_standard_order(client, council_lead, plan):
    client.force_login(council_lead)
    response = client.get(url(plan, "csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == COLUMNS
    assert [r[0] for r in rows[1:]] == ["S1", "S1", "S2"]
    assert rows[1][3] == "Give seconded social workers access to council systems."  # earlier due date first


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_outsider_gets_404_for_every_format(client, outsider, plan, fmt):
    client.force_login(outsider)
    assert client.get(url(plan, fmt)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, plan):
    response = client.get(url(plan, "pdf"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_pdf_fetcher_refuses_files_and_urls():
    for target in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"):
        with pytest.raises(ValueError) as excinfo:
            _fetch_nothing_but_our_stylesheet(target)
        assert "fetches no external resources" in str(excinfo.value)
