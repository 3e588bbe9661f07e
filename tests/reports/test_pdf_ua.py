"""The action plan PDF against PDF/UA-1: an independent checker (pdfua), and what it does not check, by hand.

pdfplumber reads each character with the marked content around it (`tag`, `mcid`): running headers,
footers and the watermark must be `Artifact`, everything else tagged content. pypdf reads the structure tree.
"""

import io
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pdfua
import pytest
from pypdf import PdfReader

from reports.pdf import action_plan_pdf
from tests.assessments.service_helpers import drive_to

from .conftest import add_actions, rate

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
HEADER_BOTTOM = 22 * MM  # the page's top margin: the running header's box
FOOTER_TOP = 297 * MM - 20 * MM  # the bottom margin: the footer's box


@pytest.fixture
def plans(assessment, trust, council, trust_lead, council_lead, council2_lead, officer):
    """The PDF of a draft with actions, and of the same assessment once accepted."""
    s1 = rate(assessment, "S1", trust_lead, "partially-met", "Board minutes of 12 March 2026.")
    s2 = rate(assessment, "S2", trust_lead, "largely-met", "Quarterly supervision audit.")
    add_actions(s2, trust_lead, [("Audit supervision in every team.", council, "medium", 30)])
    add_actions(
        s1,
        trust_lead,
        [
            ("Joint: review the section 75 agreement.", None, "low", 200),
            ("Trust: publish a policy.", trust, "high", -3),
        ],
    )
    draft = action_plan_pdf(assessment, use_cache=False)[0]
    accepted = drive_to(assessment, "accepted", leads=[trust_lead, council_lead, council2_lead], officer=officer)
    return {"draft": draft, "accepted": action_plan_pdf(accepted, use_cache=False)[0]}


def findings(report) -> list[str]:
    return [f"{f.rule_id} {f.severity.name} page {f.location.page}: {f.message}" for f in report.findings]


def test_pdfua_finds_no_errors_and_no_warnings_in_a_draft_or_an_accepted_plan(plans, tmp_path):
    for name, body in plans.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(body)
        report = pdfua.validate(str(path))
        counts = report.count_by_severity()
        assert counts.get(pdfua.Severity.ERROR, 0) == 0, findings(report)
        assert counts.get(pdfua.Severity.WARNING, 0) == 0, findings(report)
        assert report.findings == (), findings(report)
        assert report.exit_code == 0
        # pdfua 0.1.3's empty-heading rule stops on any heading whose /K is an array (a bug of the checker:
        # pikepdf raises ValueError, not AttributeError); every other rule must run.
        assert {outcome.rule_id for outcome in report.skipped} <= {"UA-14-001"}, report.skipped
    # The command line too, as a person or CI would run it: exit 0 is "no findings".
    done = subprocess.run(
        [str(Path(sys.executable).with_name("pdfua")), "check", str(tmp_path / "draft.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_running_headers_footers_and_the_draft_mark_are_artifacts_and_the_rest_is_tagged(plans):
    for name, body in plans.items():
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                header = "".join(c["text"] for c in page.chars if c["bottom"] <= HEADER_BOTTOM)
                footer = "".join(c["text"] for c in page.chars if c["top"] >= FOOTER_TOP)
                assert header.startswith("Mersey Mental Health Partnership"), (name, number, header)
                assert f"Page {number} of {len(pdf.pages)}" in footer, (name, number, footer)
                margins = [c for c in page.chars if c["bottom"] <= HEADER_BOTTOM or c["top"] >= FOOTER_TOP]
                assert {c["tag"] for c in margins} == {"Artifact"}, (name, number)
                assert all(c["mcid"] is None for c in margins), (name, number)
                body_chars = [c for c in page.chars if HEADER_BOTTOM < c["top"] and c["bottom"] < FOOTER_TOP]
                untagged = [c for c in body_chars if c["tag"] == "Artifact" or c["mcid"] is None]
                watermark = "".join(c["text"] for c in untagged if c["size"] > 40)
                assert watermark == ("Draft" if name == "draft" else ""), (name, number, watermark)
                assert {c["tag"] for c in untagged} <= {"Artifact"} and all(c["mcid"] is None for c in untagged)
                assert "".join(c["text"] for c in untagged if c["size"] <= 40) == "", (name, number)
                assert not [c for c in body_chars if c["size"] > 40 and c["tag"] != "Artifact"], (name, number)


def struct_tree(body: bytes):
    """(reader, [(page number, element, parent's /S)] in reading order, and each page's MCID -> text)."""
    reader = PdfReader(io.BytesIO(body))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    elements = []

    def walk(element, parent_role):
        page = element.get("/Pg")
        elements.append((pages.get(page.idnum) if page is not None else None, element, parent_role))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
                walk(kid, element["/S"])

    for kid in reader.trailer["/Root"]["/StructTreeRoot"]["/K"]:
        walk(kid.get_object(), "/StructTreeRoot")
    texts = defaultdict(str)
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for char in page.chars:
                if char["mcid"] is not None:
                    texts[number, char["mcid"]] += char["text"]
    return reader, elements, texts


def text_of(element, page, texts) -> str:
    kids = element.get("/K", [])
    result = ""
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        result += texts[page, int(kid)] if isinstance(kid, int) else text_of(kid, page, texts)
    return result


def test_no_structure_element_holds_the_header_footer_or_watermark(plans):
    for name, body in plans.items():
        _, elements, texts = struct_tree(body)
        tagged = "".join(text_of(e, page, texts) for page, e, parent in elements if parent == "/Document")
        assert "Page 1 of" not in tagged and "Generated" not in tagged, name
        top_level = [e["/S"] for page, e, parent in elements if parent == "/Document"]
        assert "/Div" not in top_level, (name, top_level)  # the Draft mark was a Div on every page


def test_every_table_header_cell_has_its_scope(plans):
    _, elements, _ = struct_tree(plans["draft"])
    cells = [(e, parent) for _, e, parent in elements if e["/S"] == "/TH"]
    assert len(cells) == 6  # Domain, Standards rated, Score; a row header for each of three domains
    scopes = [(e.get("/A", {}).get("/Scope"), parent) for e, parent in cells]
    assert scopes == [("/Column", "/TR")] * 3 + [("/Row", "/TR")] * 3, scopes
    parents_of_rows = [parent for _, e, parent in elements if e["/S"] == "/TR"]
    assert parents_of_rows == ["/THead", "/TBody", "/TBody", "/TBody"]


def test_every_list_item_has_its_label_then_its_body(plans):
    _, elements, texts = struct_tree(plans["accepted"])
    items = [(page, e) for page, e, _ in elements if e["/S"] == "/LI"]
    pairs = []
    for page, item in items:
        kids = [kid.get_object() for kid in item["/K"]]
        assert [kid["/S"] for kid in kids] == ["/Lbl", "/LBody"], [kid["/S"] for kid in kids]
        pairs.append(tuple(text_of(kid, page, texts).strip() for kid in kids))
    # The cover's facts: each term labels its description.
    assert ("Partnership", "Mersey Mental Health Partnership") in pairs
    assert ("Period", "2026/27") in pairs
    assert ("Status", "Accepted") in pairs
    assert ("Region", "North West") in pairs  # the profile's facts, at the end
    # Bulleted lists: the bullet labels the item.
    assert [body for label, body in pairs if label == "•" and body.startswith("Largely met: ")], pairs
    assert [body for label, body in pairs if label == "•" and body.endswith("(Local authority)")], pairs
    assert all(label for label, _ in pairs), pairs
