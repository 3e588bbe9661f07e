"""The action plan and every answer as CSV and XLSX: what is in them, in which order, and how typed text is kept safe.

The Mersey partnership (see tests/conftest.py) has a trust and two councils. In `plan` its leads have rated two
standards as gaps and agreed nine actions spread over the trust, each council and the partners jointly; BASW's
officer has queried one answer and the partnership has replied. Manny Manager (at the first council) may read all
of it and change nothing, so he is the one who downloads.
"""

import io
import zipfile
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl.utils import get_column_letter

from assessments.models import EvidenceFile, Response, ReviewQuery
from assessments.services import action_create
from reports.content import JOINT
from reports.spreadsheets import ACTION_PLAN, RESPONSES
from standards.models import RatingLevel
from tests.assessments.service_helpers import action_data, answer

from .spreadsheet_helpers import csv_rows, sheet_dicts, xlsx_book

pytestmark = pytest.mark.django_db

PLAN_HEADINGS = [c.heading for c in ACTION_PLAN]
RESPONSE_HEADINGS = [c.heading for c in RESPONSES]
# Every way a typed value can start that a spreadsheet program would run as a formula.
FORMULAS = {
    "equals": '=HYPERLINK("http://evil.example","Click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(A1:A2)",
    "tab": "\t=1+1",
    "carriage-return": "\r=1+1",
}


def days(n):
    return timezone.localdate() + timedelta(days=n)


def rate(assessment, code, actor, level, evidence="", **extra) -> Response:
    response = Response.objects.get(assessment=assessment, standard__code=code)
    return answer(response, actor, level, evidence=evidence, **extra)


def add_action(response, actor, description, organisation, priority, due_in_days, **extra):
    data = action_data(
        description=description,
        responsible_organisation=organisation,
        priority=priority,
        due_date=days(due_in_days),
        **extra,
    )
    return action_create(response=response, actor=actor, data=data)


@pytest.fixture
def plan(assessment, trust, council, council2, trust_lead):
    """Two gaps with nine actions, added in an order that is neither plan order nor due-date order."""
    s1 = rate(assessment, "S1", trust_lead, "not-met", "No social care lead attends the Board.")
    s2 = rate(assessment, "S2", trust_lead, "partially-met", "Supervision audit of March 2026.")
    rate(assessment, "S3", trust_lead, None, not_applicable=True, reason="No AMHP service runs in this partnership.")
    rate(assessment, "S4", trust_lead, "fully-met", "Social work strategy 2025.")
    for action in [
        ("Joint: refresh the section 75 agreement.", None, "low", 5),
        ("Second council: second an AMHP lead.", council2, "high", 50),
        ("Trust: publish a social work newsletter.", trust, "low", 1),
        ("Trust: appoint a principal social worker.", trust, "high", 40),
        ("Council: open council systems to seconded staff.", council, "medium", 15),
        ("Joint: agree one supervision policy.", None, "high", 60),
        ("Trust: add social care to the Board agenda.", trust, "medium", -5),
        ("Trust: name a social care lead on the Board.", trust, "high", 20),
    ]:
        add_action(s1, trust_lead, *action, owner_name="Tara Trustlead", owner_role="Director of Social Care")
    add_action(s2, trust_lead, "Trust: audit supervision in every team.", trust, "high", 10, status="in_progress")
    add_action(s2, trust_lead, "Joint: close the old audit.", None, "medium", -30, status="done")

    # The officer's query and the partnership's reply, as the review would leave them.
    s2.review_state = "queried"
    s2.review_comment = "The audit covers one team only."
    s2.expected_rating = RatingLevel.objects.get(version=assessment.version, code="not-met")
    s2.reply = "Appendix B covers the other five teams."
    s2.save(update_fields=["review_state", "review_comment", "expected_rating", "reply"])
    ReviewQuery.objects.create(
        response=s2,
        comment=s2.review_comment,
        expected_rating=s2.expected_rating,
        asked_at=timezone.make_aware(datetime(2026, 3, 20, 10)),
        reply=s2.reply,
    )
    s4 = Response.objects.get(assessment=assessment, standard__code="S4")
    s4.review_state = "agreed"
    s4.save(update_fields=["review_state"])
    for name in ("Board minutes March 2026.pdf", "Supervision audit.xlsx"):
        # Only the name is shown in the spreadsheet, so no file need exist.
        EvidenceFile.objects.create(
            response=s1,
            file=f"evidence/{assessment.pk}/{name}",
            original_name=name,
            content_type="application/pdf",
            size=1000,
            uploaded_by=trust_lead,
        )
    return assessment


PLAN_ORDER = [
    # The trust first; high before medium before low; the sooner due first, whichever standard.
    "Trust: audit supervision in every team.",
    "Trust: name a social care lead on the Board.",
    "Trust: appoint a principal social worker.",
    "Trust: add social care to the Board agenda.",
    "Trust: publish a social work newsletter.",
    # Then each council, in the order the partnership lists them.
    "Council: open council systems to seconded staff.",
    "Second council: second an AMHP lead.",
    # Then what the partners do jointly.
    "Joint: agree one supervision policy.",
    "Joint: close the old audit.",
    "Joint: refresh the section 75 agreement.",
]


# The action plan


def test_the_manager_downloads_the_action_plan_as_csv_and_every_action_is_there_in_plan_order(
    client, manager, plan, trust, council, council2
):
    header, rows = csv_rows(client, manager, plan, "action-plan")

    assert header == PLAN_HEADINGS
    assert [r["Action"] for r in rows] == PLAN_ORDER
    responsible = [trust.name] * 5 + [council.name, council2.name] + [JOINT] * 3
    assert [r["Responsible organisation"] for r in rows] == responsible
    assert [r["Priority"] for r in rows] == [
        *["High", "High", "High", "Medium", "Low"],
        *["Medium", "High"],
        *["High", "Medium", "Low"],
    ]


def test_each_action_row_says_what_where_who_when_and_how_it_stands(client, manager, plan):
    _, rows = csv_rows(client, manager, plan, "action-plan")
    by_action = {r["Action"]: r for r in rows}

    assert by_action["Trust: appoint a principal social worker."] == {
        "Partnership": "Mersey Mental Health Partnership",
        "Period": "2026/27",
        "Assessment status": "Draft",
        "Responsible organisation": plan.partnership.trust.name,
        "Priority": "High",
        "Due date": days(40).isoformat(),
        "Standard": "S1",
        "Standard title": "Practice 1",
        "Rating": "Not met",
        "Action": "Trust: appoint a principal social worker.",
        "Owner": "Tara Trustlead",
        "Owner's role": "Director of Social Care",
        "Status": "Not started",
        "Overdue": "No",
    }
    audit = by_action["Trust: audit supervision in every team."]
    assert (audit["Standard"], audit["Rating"], audit["Status"]) == ("S2", "Partially met", "In progress")


def test_only_open_actions_past_their_due_date_are_overdue(client, manager, plan):
    _, rows = csv_rows(client, manager, plan, "action-plan")
    overdue = {r["Action"]: r["Overdue"] for r in rows}

    assert overdue["Trust: add social care to the Board agenda."] == "Yes"  # due five days ago, not started
    assert overdue["Joint: close the old audit."] == "No"  # due a month ago, but done
    assert [action for action, flag in overdue.items() if flag == "Yes"] == [
        "Trust: add social care to the Board agenda."
    ]


def test_an_assessment_without_actions_gives_a_csv_with_only_the_header(client, manager, assessment):
    header, rows = csv_rows(client, manager, assessment, "action-plan")
    assert header == PLAN_HEADINGS and rows == []


def test_the_action_plan_xlsx_has_a_bold_frozen_header_real_dates_and_set_widths(client, manager, plan):
    book, _ = xlsx_book(client, manager, plan, "action-plan")
    sheet = book.active

    assert book.sheetnames == ["Action plan"] and sheet.title == "Action plan"
    assert [c.value for c in sheet[1]] == PLAN_HEADINGS
    assert all(c.font.bold for c in sheet[1])
    assert not any(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{len(PLAN_ORDER) + 1}"
    for index, column in enumerate(ACTION_PLAN, start=1):
        assert sheet.column_dimensions[get_column_letter(index)].width == column.width, column.heading

    rows = sheet_dicts(sheet)
    assert [r["Action"].value for r in rows] == PLAN_ORDER
    due = [r["Due date"] for r in rows]
    assert all(isinstance(c.value, datetime) and c.is_date and c.number_format == "dd/mm/yyyy" for c in due)
    assert [c.value.date() for c in due[:5]] == [days(10), days(20), days(40), days(-5), days(1)]
    assert rows[0]["Action"].alignment.wrap_text and not rows[0]["Owner"].alignment.wrap_text
    assert book.properties.title == "Action plan: Mersey Mental Health Partnership, 2026/27"
    assert book.properties.creator == "Mersey Mental Health Partnership"


# The responses


def test_the_responses_csv_has_one_row_per_standard_in_domain_order(client, manager, plan):
    header, rows = csv_rows(client, manager, plan, "responses")

    assert header == RESPONSE_HEADINGS
    assert [r["Standard"] for r in rows] == ["P1", "P2", "S1", "S3", "S5", "S2", "S4", "S6"]
    assert [r["Domain"] for r in rows] == ["Principles"] * 2 + ["Governance"] * 3 + ["Leadership"] * 3
    assert {r["Standard"]: r["Rating"] for r in rows} == {
        "P1": "Not yet rated",
        "P2": "Not yet rated",
        "S1": "Not met",
        "S2": "Partially met",
        "S3": "Not applicable",
        "S4": "Fully met",
        "S5": "Not yet rated",
        "S6": "Not yet rated",
    }


def test_the_responses_csv_carries_the_evidence_the_officers_review_and_the_partnerships_reply(client, manager, plan):
    _, rows = csv_rows(client, manager, plan, "responses")
    by_code = {r["Standard"]: r for r in rows}

    assert by_code["S2"] == {
        "Partnership": "Mersey Mental Health Partnership",
        "Period": "2026/27",
        "Assessment status": "Draft",
        "Domain": "Leadership",
        "Standard": "S2",
        "Standard title": "Practice 2",
        "Rating": "Partially met",
        "Why not applicable": "",
        "Evidence": "Supervision audit of March 2026.",
        "Evidence files": "",
        "Officer's review": "Queried",
        "Officer's comment": "The audit covers one team only.",
        "Rating the evidence supports": "Not met",
        "Partnership's reply": "Appendix B covers the other five teams.",
        "Queries, replies and decisions": "Query 1 (20 Mar 2026): The audit covers one team only. Rating the evidence "
        "supports: Not met. / Reply: Appendix B covers the other five teams. / Decision: open",
        "Actions": "2",
    }
    s1 = by_code["S1"]
    assert s1["Evidence"] == "No social care lead attends the Board."
    assert s1["Evidence files"] == "Board minutes March 2026.pdf; Supervision audit.xlsx"
    assert s1["Actions"] == "8" and s1["Officer's review"] == ""
    assert by_code["S3"]["Why not applicable"] == "No AMHP service runs in this partnership."
    assert by_code["S4"]["Officer's review"] == "Agreed" and by_code["S4"]["Officer's comment"] == ""


def test_the_responses_xlsx_holds_the_same_answers_as_the_csv(client, manager, plan):
    _, csv_dicts = csv_rows(client, manager, plan, "responses")
    book, _ = xlsx_book(client, manager, plan, "responses")
    sheet = book.active

    assert sheet.title == "Responses" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == RESPONSE_HEADINGS and all(c.font.bold for c in sheet[1])
    for index, column in enumerate(RESPONSES, start=1):
        assert sheet.column_dimensions[get_column_letter(index)].width == column.width, column.heading
    rows = [{k: c.value for k, c in r.items()} for r in sheet_dicts(sheet)]
    # openpyxl reads empty cells as None and the action count as a number; otherwise the two agree.
    as_text = [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]
    assert as_text == csv_dicts
    s2 = next(r for r in rows if r["Standard"] == "S2")
    assert s2["Officer's comment"] == "The audit covers one team only."
    assert s2["Partnership's reply"] == "Appendix B covers the other five teams."
    assert s2["Rating the evidence supports"] == "Not met" and s2["Actions"] == 2


# Typed text that looks like a formula


@pytest.mark.parametrize("typed", FORMULAS.values(), ids=FORMULAS.keys())
def test_typed_text_that_looks_like_a_formula_gets_an_apostrophe_in_csv(client, manager, plan, trust_lead, typed):
    s5 = rate(plan, "S5", trust_lead, "not-met", typed)
    add_action(s5, trust_lead, typed, None, "high", 30, owner_name=typed, owner_role=typed)
    Response.objects.filter(pk=s5.pk).update(review_state="queried", review_comment=typed, reply=typed)

    _, actions = csv_rows(client, manager, plan, "action-plan")
    ours = next(r for r in actions if r["Standard"] == "S5")
    assert ours["Action"] == ours["Owner"] == ours["Owner's role"] == "'" + typed
    _, responses = csv_rows(client, manager, plan, "responses")
    ours = next(r for r in responses if r["Standard"] == "S5")
    assert ours["Evidence"] == ours["Officer's comment"] == ours["Partnership's reply"] == "'" + typed


@pytest.mark.parametrize("typed", FORMULAS.values(), ids=FORMULAS.keys())
def test_typed_text_that_looks_like_a_formula_is_a_quoted_text_cell_in_xlsx(client, manager, plan, trust_lead, typed):
    s5 = rate(plan, "S5", trust_lead, "not-met", typed)
    add_action(s5, trust_lead, typed, None, "high", 30)
    # A bare carriage return is read back as a line feed unless the writer escapes it (openpyxl with lxml writes
    # &#13;); either way the cell starts with no formula character.
    as_read = {typed, typed.replace("\r", "\n")}

    book, body = xlsx_book(client, manager, plan, "action-plan")
    cell = next(r for r in sheet_dicts(book.active) if r["Standard"].value == "S5")["Action"]
    assert (cell.data_type, cell.value in as_read, cell.quotePrefix) == ("s", True, True)
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml")

    book, body = xlsx_book(client, manager, plan, "responses")
    cell = next(r for r in sheet_dicts(book.active) if r["Standard"].value == "S5")["Evidence"]
    assert (cell.data_type, cell.value in as_read, cell.quotePrefix) == ("s", True, True)
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml")


ORDINARY = "Re-audit supervision - quarterly; email psw@example.org; 3+ teams; total = 4"


def test_ordinary_text_is_left_as_typed(client, manager, plan, trust_lead):
    s5 = rate(plan, "S5", trust_lead, "not-met", ORDINARY)
    add_action(s5, trust_lead, ORDINARY, None, "high", 30)

    _, actions = csv_rows(client, manager, plan, "action-plan")
    assert next(r for r in actions if r["Standard"] == "S5")["Action"] == ORDINARY
    assert not any(value.startswith("'") for row in actions for value in row.values())
    _, responses = csv_rows(client, manager, plan, "responses")
    assert next(r for r in responses if r["Standard"] == "S5")["Evidence"] == ORDINARY

    book, _ = xlsx_book(client, manager, plan, "action-plan")
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row]
    assert next(c for c in cells if c.value == ORDINARY).data_type == "s"
    assert not any(c.quotePrefix for c in cells)


def test_evidence_pasted_with_a_control_character_still_downloads_as_xlsx(client, manager, plan, trust_lead):
    pasted = "Board minutes\x0bMarch 2026"  # Word's manual line break, as some copy-and-paste carries it
    rate(plan, "S5", trust_lead, "not-met", pasted)
    assert next(r for r in csv_rows(client, manager, plan, "responses")[1] if r["Standard"] == "S5")["Evidence"]

    book, _ = xlsx_book(client, manager, plan, "responses")
    cell = next(r for r in sheet_dicts(book.active) if r["Standard"].value == "S5")["Evidence"]
    assert cell.value == "Board minutes\nMarch 2026"  # Word's manual line break, as a line break


# Plans from several partnerships, combined

WHICH_ASSESSMENT = ["Partnership", "Period", "Assessment status"]
MERSEY_DRAFT = ("Mersey Mental Health Partnership", "2026/27", "Draft")


@pytest.mark.parametrize("kind", ["action-plan", "responses"])
def test_every_csv_row_names_the_partnership_period_and_status_so_plans_combine(client, manager, plan, kind):
    header, rows = csv_rows(client, manager, plan, kind)

    assert header[:3] == WHICH_ASSESSMENT
    assert rows and all((r["Partnership"], r["Period"], r["Assessment status"]) == MERSEY_DRAFT for r in rows)


@pytest.mark.parametrize("kind", ["action-plan", "responses"])
def test_every_xlsx_row_names_the_partnership_period_and_status(client, manager, plan, kind):
    book, _ = xlsx_book(client, manager, plan, kind)
    rows = sheet_dicts(book.active)

    assert [c.value for c in book.active[1]][:3] == WHICH_ASSESSMENT
    assert rows and all(
        (r["Partnership"].value, r["Period"].value, r["Assessment status"].value) == MERSEY_DRAFT for r in rows
    )


def test_a_partnership_named_like_a_formula_is_neutralised_on_every_row(client, manager, plan):
    plan.partnership.name = "=Mersey"
    plan.partnership.save(update_fields=["name"])
    _, rows = csv_rows(client, manager, plan, "action-plan")
    assert {r["Partnership"] for r in rows} == {"'=Mersey"}
