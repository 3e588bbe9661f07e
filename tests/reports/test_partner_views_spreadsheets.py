"""The responses CSV and XLSX of an assessment whose partners rate first: a rating and a comment column for
each partner, the divergence, the agreed rating and the rationale.

In `apart` (partner_view_helpers.rate_apart) Northshire NHS Trust, Eastshire Council and Westshire Council have
rated every standard on their own: S1 divergent, S2 differs, five the same, and S6 not open yet (Westshire has
not given its view). A download is shared, so S6's partner cells stay empty for everyone, the trust included.
Manny Manager (at Eastshire) may read everything and change nothing, so he is the one who downloads.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Organisation, RatingMode, Role
from assessments.services import assessment_start, partner_views_reveal
from reports.spreadsheets import RESPONSES
from tests import factories
from tests.assessments.service_helpers import membership

from .partner_view_helpers import (
    COUNCIL,
    COUNCIL2,
    COUNCIL2_ON_S1,
    COUNCIL_ON_S1,
    COUNCIL_ON_S6,
    RATIONALE_S1,
    TRUST,
    TRUST_ON_S1,
    TRUST_ON_S6,
    agree,
    give_view,
    name_partners,
    rate_apart,
)
from .spreadsheet_helpers import csv_rows, download, sheet_dicts, xlsx_book

pytestmark = pytest.mark.django_db

HEADINGS = [
    *["Partnership", "Period", "Assessment status", "Domain", "Standard", "Standard title"],
    *[f"{TRUST} rating", f"{TRUST} comment", f"{COUNCIL} rating", f"{COUNCIL} comment"],
    *[f"{COUNCIL2} rating", f"{COUNCIL2} comment"],
    *["Divergence", "Agreed rating", "Why we agreed this"],
    *[c.heading for c in RESPONSES[7:]],  # as in a joint rating's, from "Why not applicable" on
]
PARTNER_CELLS = [h for h in HEADINGS if h.startswith((TRUST, COUNCIL, COUNCIL2))] + ["Divergence"]


@pytest.fixture
def apart(split_assessment, trust, council, council2, trust_lead, council_lead, council2_lead):
    """S1 divergent, S2 differs, five the same, S6 not open yet (partner_view_helpers.rate_apart)."""
    name_partners(trust, council, council2)
    return rate_apart(split_assessment, trust_lead, council_lead, council2_lead)


def by_code(rows):
    return {r["Standard"]: r for r in rows}


def test_the_responses_csv_has_a_rating_and_a_comment_column_for_each_partner_trust_first(client, manager, apart):
    header, rows = csv_rows(client, manager, apart, "responses")

    assert header == HEADINGS
    assert RESPONSES[6].heading == "Rating" and "Rating" not in header  # the one rating is the agreed one here
    assert [r["Standard"] for r in rows] == ["P1", "P2", "S1", "S3", "S5", "S2", "S4", "S6"]


def test_each_row_holds_every_partners_view_the_divergence_the_agreed_rating_and_why(client, manager, apart):
    rows = by_code(csv_rows(client, manager, apart, "responses")[1])

    s1 = rows["S1"]
    assert {h: s1[h] for h in PARTNER_CELLS} == {
        f"{TRUST} rating": "Largely met",
        f"{TRUST} comment": TRUST_ON_S1,
        f"{COUNCIL} rating": "Not met",
        f"{COUNCIL} comment": COUNCIL_ON_S1,
        f"{COUNCIL2} rating": "Partially met",
        f"{COUNCIL2} comment": COUNCIL2_ON_S1,
        "Divergence": "divergent",
    }
    assert (s1["Agreed rating"], s1["Why we agreed this"]) == ("Partially met", RATIONALE_S1)
    s2 = rows["S2"]
    ratings = [s2[f"{name} rating"] for name in (TRUST, COUNCIL, COUNCIL2)]
    assert ratings == ["Fully met", "Largely met", "Largely met"]
    assert (s2["Divergence"], s2["Agreed rating"], s2["Why we agreed this"]) == ("differs", "Largely met", "")
    assert rows["P1"][f"{COUNCIL2} comment"] == "" and rows["P1"]["Evidence"]  # no comment given; the evidence is


def test_the_divergence_column_holds_divergent_differs_or_same_and_nothing_until_the_views_are_open(
    client, manager, apart
):
    rows = csv_rows(client, manager, apart, "responses")[1]

    assert {r["Standard"]: r["Divergence"] for r in rows} == {
        "P1": "same",
        "P2": "same",
        "S1": "divergent",
        "S3": "same",
        "S5": "same",
        "S2": "differs",
        "S4": "same",
        "S6": "",
    }


@pytest.mark.parametrize("who", ["trust_lead", "council_lead", "council2_lead", "manager"])
def test_a_standard_whose_views_are_not_all_given_shows_no_partners_view_in_csv_or_xlsx(client, apart, who, request):
    """S6: the trust and Eastshire gave theirs, Westshire has not. Whoever downloads, the cells are empty."""
    user = request.getfixturevalue(who)
    s6 = by_code(csv_rows(client, user, apart, "responses")[1])["S6"]

    assert {h: s6[h] for h in PARTNER_CELLS} == dict.fromkeys(PARTNER_CELLS, "")
    assert (s6["Agreed rating"], s6["Why we agreed this"]) == ("Not yet rated", "")
    book, body = xlsx_book(client, user, apart, "responses")
    s6 = next(r for r in sheet_dicts(book.active) if r["Standard"].value == "S6")
    assert all(s6[h].value is None for h in PARTNER_CELLS), {h: s6[h].value for h in PARTNER_CELLS}
    for secret in (TRUST_ON_S6, COUNCIL_ON_S6):
        assert secret not in download(client, user, apart, "responses", "csv").content.decode("utf-8-sig")
        assert not any(secret in str(cell.value) for row in book.active.iter_rows() for cell in row)


def test_once_a_lead_shows_every_view_the_download_shows_them_and_the_one_not_given(client, manager, apart, trust_lead):
    partner_views_reveal(assessment=apart, actor=trust_lead, membership=membership(trust_lead))
    s6 = by_code(csv_rows(client, manager, apart, "responses")[1])["S6"]

    assert {h: s6[h] for h in PARTNER_CELLS} == {
        f"{TRUST} rating": "Fully met",
        f"{TRUST} comment": TRUST_ON_S6,
        f"{COUNCIL} rating": "Not met",
        f"{COUNCIL} comment": COUNCIL_ON_S6,
        f"{COUNCIL2} rating": "Not given",
        f"{COUNCIL2} comment": "",
        "Divergence": "divergent",  # fully met beside not met
    }


def test_the_responses_xlsx_holds_the_same_cells_as_the_csv(client, manager, apart):
    _, csv_dicts = csv_rows(client, manager, apart, "responses")
    book, _ = xlsx_book(client, manager, apart, "responses")
    sheet = book.active

    assert [c.value for c in sheet[1]] == HEADINGS and all(c.font.bold for c in sheet[1])
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.freeze_panes == "A2"
    rows = [{k: c.value for k, c in r.items()} for r in sheet_dicts(sheet)]
    as_text = [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]
    assert as_text == csv_dicts
    s1 = next(r for r in sheet_dicts(sheet) if r["Standard"].value == "S1")
    assert s1[f"{TRUST} comment"].alignment.wrap_text and not s1[f"{TRUST} rating"].alignment.wrap_text


def test_a_partner_that_says_not_applicable_makes_the_standard_divergent_and_says_why(
    client, manager, apart, council2_lead
):
    give_view(apart, "S3", council2_lead, not_applicable=True, reason="No AMHP service runs here.", comment="See s75.")
    s3 = by_code(csv_rows(client, manager, apart, "responses")[1])["S3"]

    assert s3[f"{COUNCIL2} rating"] == "Not applicable"
    assert s3[f"{COUNCIL2} comment"] == "Why not applicable: No AMHP service runs here.\nSee s75."
    assert (s3[f"{TRUST} rating"], s3["Divergence"]) == ("Largely met", "divergent")


TYPED = '=HYPERLINK("http://evil.example","Click")'


def test_a_partners_comment_or_name_that_looks_like_a_formula_is_kept_as_text(
    client, manager, apart, trust_lead, council
):
    give_view(apart, "S4", trust_lead, "largely-met", comment=TYPED)
    agree(apart, "S4", trust_lead, "largely-met", rationale=TYPED)
    Organisation.objects.filter(pk=council.pk).update(name="=Eastshire")

    header, rows = csv_rows(client, manager, apart, "responses")
    s4 = by_code(rows)["S4"]
    assert (s4[f"{TRUST} comment"], s4["Why we agreed this"]) == ("'" + TYPED, "'" + TYPED)
    assert "'=Eastshire rating" in header and "=Eastshire rating" not in header
    book, _ = xlsx_book(client, manager, apart, "responses")
    sheet = book.active
    heading = next(c for c in sheet[1] if c.value == "=Eastshire rating")
    assert (heading.data_type, heading.quotePrefix) == ("s", True)
    s4 = next(r for r in sheet_dicts(sheet) if r["Standard"].value == "S4")
    for cell in (s4[f"{TRUST} comment"], s4["Why we agreed this"]):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (TYPED, "s", True)


def test_responses_where_the_partners_rate_together_keep_their_columns(client, manager, assessment):
    header, _ = csv_rows(client, manager, assessment, "responses")
    assert header == [c.heading for c in RESPONSES]


# Reading the views costs one query, whatever the number of standards or partners.


def partners_first(*, practices, councils):
    partnership = factories.make_partnership(councils=councils)
    partners = partnership.partner_organisations()
    leads = [factories.make_member(org, Role.LEAD, f"Lee Lead {n}") for n, org in enumerate(partners)]
    viewer = factories.make_member(partnership.trust, Role.MANAGER, "Mo Manager")
    version = factories.make_version(practices=practices)
    mode = RatingMode.PARTNERS_FIRST
    a = assessment_start(partnership=partnership, period="2026/27", version=version, actor=leads[0], rating_mode=mode)
    for response in a.responses.select_related("standard"):
        for n, lead in enumerate(leads):
            give_view(a, response.standard.code, lead, "largely-met" if n else "not-met", comment=f"View {n}.")
        agree(a, response.standard.code, leads[0], "partially-met", rationale="We met and agreed.")
    return a, viewer


def queries(client, user, assessment) -> int:
    client.force_login(user)
    url = reverse("reports:download", args=[assessment.pk, "responses", "csv"])
    client.get(url)  # warm anything cached per process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_responses_download_reads_the_same_number_of_queries_at_three_times_the_data(client):
    small, small_viewer = partners_first(practices=4, councils=1)  # 6 standards, 2 partners
    large, large_viewer = partners_first(practices=16, councils=2)  # 18 standards, 3 partners
    assert large.responses.count() == 3 * small.responses.count()

    assert queries(client, large_viewer, large) == queries(client, small_viewer, small)
