"""The s75 review pack: what it says, read back from its PDF (pdftotext, and its tables through the PDF's tags as a
screen reader meets them) and from its XLSX by heading; export_action_plan --kind progress; its queries.

The plan is the Mersey partnership's accepted 2026/27 assessment a year on (tests/reports/review_pack_helpers.py):
the trust's audit done (with an interim rating of S2), its policy in progress, Eastshire's access not started,
Westshire's AMHP places dropped, the joint review of the agreement overdue. A PDF costs about half a second, so
each spec renders at most one.
"""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone
from openpyxl import load_workbook

from assessments.models import ActionNote, InterimRating, Partnership, Response
from assessments.services import assessment_start
from reports import review_pack_sheets
from reports.exports import export
from reports.pdf import render_pack_html, review_pack_pdf
from reports.review_pack import CARRIED_IN, NO_REVIEW_DATE, NOT_LIVE, pack_for
from standards.models import RatingLevel

from .conftest import add_actions
from .partner_view_helpers import COUNCIL, COUNCIL2, TRUST, in_order, pdftotext, row, squash, tagged_tables
from .review_pack_helpers import (
    ACCESS,
    AMHP,
    AUDIT,
    AUDIT_FIRST_NOTE,
    AUDIT_NOTE,
    DROPPED_REASON,
    INTERIM_NOTE,
    POLICY,
    POLICY_NOTE,
    REVIEW,
    action,
    plan_a_year_on,
)
from .spreadsheet_helpers import sheet_dicts

pytestmark = pytest.mark.django_db

ACTIONS_CAPTION = "{org}: each action with its standard, owner, due date, status and latest progress note"
ACTION_HEADINGS = ("Action", "Standard", "Owner", "Due", "Status", "Latest progress note")
TOTAL_HEADINGS = ("Responsible", "Done", "In progress", "Not started", "Overdue", "Dropped", "Carried forward")
OWNER = "Tara Trustlead, Director"  # every action's owner, as the pack prints it
NO_NOTE = "No progress noted yet."


@pytest.fixture
def plan(assessment, trust, council, council2, leads, officer):
    return plan_a_year_on(assessment, trust, council, council2, leads, officer)


def day(value) -> str:
    """A date as the pack's tables print it (e.g. 3 Dec 2026)."""
    return dateformat.format(value, "j M Y")


def due(description) -> str:
    return day(action(description).due_date)


def test_the_pdf_reads_cover_totals_then_each_organisation_then_the_standards_done(plan):
    text = pdftotext(review_pack_pdf(plan, use_cache=False)[0])
    in_order(
        text,
        [
            "Mersey Mental Health Partnership: progress on the 2026/27 action plan",
            "Annual review of the agreement",
            "31 March 2027",
            f"accepted by BASW on {dateformat.format(timezone.localtime(plan.accepted_at), 'j F Y')}",
            "Progress at a glance",
            "5 actions: 1 done, 1 in progress, 2 not started, 1 dropped. 1 overdue.",
            "Actions by responsible organisation",
            f"{TRUST}: 2 actions",
            f"{COUNCIL}: 1 action",
            f"{COUNCIL2}: 1 action",
            "Jointly: 1 action",
            "Standards whose actions are all done",
            INTERIM_NOTE,
        ],
    )
    assert squash(AUDIT_NOTE) in squash(text)
    assert squash(AUDIT_FIRST_NOTE) not in squash(text)  # only the latest note
    assert squash("Page 1 of") in squash(text)


def test_each_organisations_actions_are_a_table_with_status_owner_due_date_and_latest_note(plan):
    tables = tagged_tables(review_pack_pdf(plan, use_cache=False)[0])
    today = day(timezone.localdate())
    heading = row(*ACTION_HEADINGS)
    assert tables[squash(ACTIONS_CAPTION.format(org=TRUST))] == [
        heading,
        row(AUDIT, "S2 Practice 2", OWNER, due(AUDIT), "Done", f"{today}, Tara Trustlead: {AUDIT_NOTE}"),
        row(
            POLICY,
            "S1 Practice 1",
            "Tara Trustlead, Director",
            due(POLICY),
            "In progress",
            f"{today}, Tara Trustlead: {POLICY_NOTE}",
        ),
    ]
    assert tables[squash(ACTIONS_CAPTION.format(org=COUNCIL))][1] == row(
        ACCESS, "S1 Practice 1", OWNER, due(ACCESS), "Not started", NO_NOTE
    )
    assert tables[squash(ACTIONS_CAPTION.format(org=COUNCIL2))][1] == row(
        AMHP, "S1 Practice 1", OWNER, due(AMHP), f"Dropped: {DROPPED_REASON}", NO_NOTE
    )
    assert tables[squash(ACTIONS_CAPTION.format(org="Jointly"))][1] == row(
        REVIEW, "S1 Practice 1", OWNER, due(REVIEW), "Overdue, not started", NO_NOTE
    )
    totals = tables[squash("Actions by status, for each responsible organisation")]
    assert totals == [
        row(*TOTAL_HEADINGS, "All actions"),
        row(TRUST, "1", "1", "0", "0", "0", "0", "2"),
        row(COUNCIL, "0", "0", "1", "0", "0", "0", "1"),
        row(COUNCIL2, "0", "0", "0", "0", "1", "0", "1"),
        row("Jointly", "0", "0", "1", "1", "0", "0", "1"),
        row("All organisations", "1", "1", "2", "1", "1", "0", "5"),
    ]
    assert tables[squash("Standards whose actions are all done, with their interim ratings")] == [
        row("Standard", "Rated at the assessment", "Interim rating", "Why"),
        row("S2 Practice 2", "Largely met", f"Fully met, {today}", INTERIM_NOTE),
    ]


def test_the_pack_says_when_the_review_date_is_missing_and_when_the_plan_is_not_accepted_yet(
    assessment, trust_lead, partnership
):
    add_actions(
        Response.objects.get(assessment=assessment, standard__code="S1"), trust_lead, [(POLICY, None, "high", 9)]
    )
    Partnership.objects.filter(pk=partnership.pk).update(next_review_date=None)
    pack = pack_for(assessment)
    assert pack.review_date is None and pack.review_date_label == NO_REVIEW_DATE
    html = render_pack_html(pack)
    assert f"<dt>Annual review of the agreement</dt><dd>{NO_REVIEW_DATE}</dd>" in html.replace("&#x27;", "'")
    assert NOT_LIVE in html.replace("&#x27;", "'")


def test_a_plan_carried_forward_to_the_next_year_says_where_each_open_action_went(
    plan, partnership, version, trust_lead
):
    next_year = assessment_start(
        partnership=partnership, period="2027/28", version=version, actor=trust_lead, carry_forward=True
    )
    pack = pack_for(plan)
    carried = {item.action.description: item.status for item in pack.items if item.action.carried_to_id}
    assert carried == dict.fromkeys((POLICY, ACCESS, REVIEW), "Carried forward to 2027/28")
    t = pack.totals
    assert (t.done, t.in_progress, t.not_started, t.overdue, t.dropped, t.carried, t.total) == (1, 0, 0, 0, 1, 3, 5)
    assert [d.code for d in pack.done_standards] == ["S2"]  # the carried actions were on S1

    rows = sheet_dicts(load_workbook(io.BytesIO(export(plan, "progress", "xlsx").body))["Actions"])
    assert {r["Action"].value: r["Carried forward"].value for r in rows if r["Carried forward"].value} == carried
    assert {r["Action"].value for r in rows if r["Overdue"].value == "Yes"} == set()

    moved = pack_for(next_year)
    assert {item.action.description: item.carried for item in moved.items} == dict.fromkeys(
        (POLICY, ACCESS, REVIEW), CARRIED_IN
    )
    assert "(carried forward from the last assessment)" in render_pack_html(moved)


def test_the_xlsx_has_the_same_actions_totals_and_standards_done(plan):
    book = load_workbook(io.BytesIO(export(plan, "progress", "xlsx").body))
    assert book.sheetnames == ["Actions", "Totals", "Standards done"]
    assert book.properties.title == "s75 review pack: Mersey Mental Health Partnership, 2026/27"
    rows = [{k: cell.value for k, cell in r.items()} for r in sheet_dicts(book["Actions"])]
    assert [(r["Responsible organisation"], r["Action"]) for r in rows] == [
        (TRUST, AUDIT),
        (TRUST, POLICY),
        (COUNCIL, ACCESS),
        (COUNCIL2, AMHP),
        ("Jointly", REVIEW),
    ]
    first = rows[0]
    assert (first["Partnership"], first["Period"], first["Assessment status"]) == (
        "Mersey Mental Health Partnership",
        "2026/27",
        "Accepted",
    )
    assert first["Annual review of the agreement"].date().isoformat() == "2027-03-31"
    assert (first["Standard"], first["Standard title"], first["Owner"], first["Owner's role"]) == (
        "S2",
        "Practice 2",
        "Tara Trustlead",
        "Director",
    )
    assert first["Due date"].date() == action(AUDIT).due_date
    assert (first["Status"], first["Overdue"], first["Latest note: by"], first["Latest note"]) == (
        "Done",
        "No",
        "Tara Trustlead",
        AUDIT_NOTE,
    )
    assert first["Latest note: date"].date() == timezone.localdate()
    by_action = {r["Action"]: r for r in rows}
    assert (by_action[AMHP]["Status"], by_action[AMHP]["Why dropped"]) == ("Dropped", DROPPED_REASON)
    assert (by_action[REVIEW]["Status"], by_action[REVIEW]["Overdue"]) == ("Not started", "Yes")
    assert by_action[ACCESS]["Latest note"] is None

    totals = [[c.value for c in r] for r in book["Totals"].iter_rows()]
    assert totals[0] == [column.heading for column in review_pack_sheets.TOTALS]
    assert totals[1:] == [
        [TRUST, 1, 1, 0, 0, 0, 0, 2],
        [COUNCIL, 0, 0, 1, 0, 0, 0, 1],
        [COUNCIL2, 0, 0, 0, 0, 1, 0, 1],
        ["Jointly", 0, 0, 1, 1, 0, 0, 1],
        ["All organisations", 1, 1, 2, 1, 1, 0, 5],
    ]
    (done,) = [{k: cell.value for k, cell in r.items()} for r in sheet_dicts(book["Standards done"])]
    assert (done["Standard"], done["Rated at the assessment"], done["Actions"]) == ("S2", "Largely met", 1)
    assert (done["Interim rating"], done["Interim rating: why"]) == ("Fully met", INTERIM_NOTE)


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://127.0.0.1/","x")', "+44 151 000 0000", "@SUM(A1)", "-1"])
def test_typed_text_that_looks_like_a_formula_is_a_quoted_text_cell(assessment, trust_lead, typed):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    add_actions(s1, trust_lead, [(typed, None, "high", 9)])
    body = export(assessment, "progress", "xlsx").body
    (ours,) = sheet_dicts(load_workbook(io.BytesIO(body))["Actions"])
    cell = ours["Action"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (typed, "s", True)
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        assert not any(b"<f>" in book.read(name) for name in book.namelist() if name.startswith("xl/worksheets/"))


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_action_plan", *args, stdout=out)
    return out.getvalue()


def test_export_action_plan_writes_the_pack_as_pdf_and_xlsx(plan, tmp_path):
    output = run(str(plan.pk), "--kind", "progress", "--format", "pdf", "-o", str(tmp_path / "pack.pdf"))
    assert "s75-review-pack-mersey-mental-health-partnership-2026-27-accepted.pdf" in output
    body = (tmp_path / "pack.pdf").read_bytes()
    assert body.startswith(b"%PDF-") and squash(f"{COUNCIL2}: 1 action") in squash(pdftotext(body))

    output = run(str(plan.pk), "--kind", "progress", "--format", "xlsx", "-o", str(tmp_path / "pack.xlsx"))
    assert "s75-review-pack-mersey-mental-health-partnership-2026-27-accepted.xlsx" in output
    book = load_workbook(tmp_path / "pack.xlsx")
    assert book.sheetnames == ["Actions", "Totals", "Standards done"] and book["Actions"].max_row == 1 + 5

    with pytest.raises(CommandError, match="progress is not offered as csv"):
        run(str(plan.pk), "--kind", "progress", "--format", "csv", "-o", str(tmp_path / "pack.csv"))
    assert not (tmp_path / "pack.csv").exists()


def grow(assessment, trust_lead, trust, per_standard: int):
    """Actions on four standards, each with two notes, and an interim rating on each standard (written as rows:
    a query count cares about their shape, not how they were written)."""
    level = RatingLevel.objects.get(version=assessment.version, code="fully-met")
    for code in ("S1", "S2", "S3", "S4"):
        response = Response.objects.get(assessment=assessment, standard__code=code)
        add_actions(response, trust_lead, [(f"{code} step {n}", trust, "high", n - 2) for n in range(per_standard)])
        for each in response.actions.all():
            for text in ("Begun.", "Going well."):
                ActionNote.objects.create(action=each, text=text, status="in_progress", written_by=trust_lead)
        InterimRating.objects.create(response=response, rating=level, note="Better.", recorded_by=trust_lead)


def test_the_pack_reads_a_plan_in_five_queries_whatever_its_size(assessment, trust_lead, trust, council):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            pack = pack_for(assessment)
            review_pack_sheets.as_xlsx(pack)
            render_pack_html(pack)
        return len(captured), len(pack.items)

    grow(assessment, trust_lead, trust, 1)
    assert queries() == (5, 4)
    grow(assessment, trust_lead, council, 2)  # three times as many actions
    assert queries() == (5, 12)
