"""Downloading an assessment's CSV and XLSX as a person would, and reading them back by heading."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, user, assessment, kind, fmt):
    client.force_login(user)
    response = client.get(reverse("reports:download", args=[assessment.pk, kind, fmt]))
    assert response.status_code == 200
    return response


def csv_rows(client, user, assessment, kind):
    """The CSV as a header and a list of dicts keyed by heading."""
    response = download(client, user, assessment, kind, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_book(client, user, assessment, kind):
    response = download(client, user, assessment, kind, "xlsx")
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)), response.content


def sheet_dicts(sheet):
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
