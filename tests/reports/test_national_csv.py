"""The national picture's CSV keeps typed text safe the same way as every other spreadsheet download."""

import csv
import io

import pytest
from django.urls import reverse

from tests import factories
from tests.reports.test_national import make_accepted

pytestmark = pytest.mark.django_db

# Every way a partnership's name can start that a spreadsheet program would run as a formula.
FORMULA_NAMES = {
    "equals": "=1+1 Partnership",
    "plus": "+1 Partnership",
    "minus": "-1 Partnership",
    "at": "@SUM Partnership",
    "tab": "\t=1+1 Partnership",
    "carriage-return": "\r=1+1 Partnership",
}


@pytest.mark.parametrize("name", FORMULA_NAMES.values(), ids=FORMULA_NAMES.keys())
def test_a_partnership_named_like_a_formula_gets_an_apostrophe_in_the_national_heatmap_csv(
    client, officer, version, name
):
    make_accepted(factories.make_partnership(name=name), version, {})
    client.force_login(officer)

    response = client.get(reverse("reports:national_csv", args=["heatmap"]))

    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    assert header[0] == "Partnership"
    assert [row[0] for row in rows] == ["'" + name]


def test_ordinary_names_in_the_national_csv_are_left_as_typed(client, officer, version):
    make_accepted(factories.make_partnership(name="North - East Partnership"), version, {})
    client.force_login(officer)
    text = client.get(reverse("reports:national_csv", args=["heatmap"])).content.decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:] == ["North - East Partnership"]
