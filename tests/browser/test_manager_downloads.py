"""The council's service manager downloads the action plan for a board meeting: from the dashboard as a
PDF (first a page saying it is being prepared, then, once the worker has run, the file), and from the
assessment's page as a spreadsheet. Every page visited passes axe-core (WCAG 2.2 A/AA).
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Response
from assessments.services import action_create
from reports.views.downloads import PREPARING
from tests.assessments.service_helpers import action_data, answer

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_downloads_the_pdf_and_the_spreadsheet(
    page, axe, assessment, manager, trust_lead, trust, run_tasks
):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(s1, trust_lead, "partially-met", evidence="Board minutes of 12 March 2026.")
    action_create(
        response=s1,
        actor=trust_lead,
        data=action_data(
            description="Appoint a principal social worker to the Trust Board.",
            responsible_organisation=trust,
            due_date=timezone.localdate() + timedelta(days=60),
        ),
    )

    sign_in(page, manager, axe)
    axe(page)  # the dashboard
    # The worker has not run: the link opens a page that says the plan is being prepared.
    page.get_by_role("link", name="PDF action plan for Mersey Mental Health Partnership 2026/27").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PREPARING)
    axe(page)
    run_tasks()  # the worker renders it; the page's own link (or its refresh) now gives the file
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the action plan", exact=True).click()
    download = pdf_download.value
    assert download.suggested_filename == "action-plan-mersey-mental-health-partnership-2026-27-draft.pdf"
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = re.sub(r"\s+", "", " ".join(p.extract_text() for p in reader.pages)).replace("-", "")
    assert "AppointaprincipalsocialworkertotheTrustBoard." in text
    assert reader.metadata.title.startswith("Action plan: Mersey Mental Health Partnership")

    page.get_by_role("link", name="Back to the assessment").click()
    axe(page)  # the assessment's page, with its downloads
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel (XLSX) action plan").click()
    assert xlsx_download.value.suggested_filename.endswith("-2026-27-draft.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Partnership", "Period", "Assessment status"]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Partnership"] == "Mersey Mental Health Partnership"
    assert "Appoint a principal social worker to the Trust Board." in row.values()
