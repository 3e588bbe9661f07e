"""The s75 review pack's PDF against PDF/UA-1, as the action plan's is checked (tests/reports/test_pdf_ua.py): the
independent checker (pdfua), running headers and footers as artifacts, every table header cell with its scope,
the facts' terms labelling their descriptions, its title, language and bookmarks.

Two packs: the Mersey plan a year on (tests/reports/review_pack_helpers.py), and a long one whose trust table runs
over several pages, so the column headings WeasyPrint repeats on each page are checked too.
"""

import io

import pdfplumber
import pdfua
import pytest
from pypdf import PdfReader

from assessments.models import ActionNote, Response
from reports.pdf import review_pack_pdf

from .conftest import add_actions
from .partner_view_helpers import squash
from .review_pack_helpers import plan_a_year_on
from .test_pdf_ua import findings, struct_tree, text_of

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
HEADER_BOTTOM = 18 * MM  # the pack's top margin (landscape): the running header's box
FOOTER_FROM_FOOT = 16 * MM  # its bottom margin: the footer's box
LONG_NOTE = "Supervision audited in the team, with the social workers' own account of how often it happens. " * 3


@pytest.fixture
def packs(assessment, trust, council, council2, leads, officer, partnership, version):
    """{"accepted": the Mersey plan a year on, "long": a draft whose trust table spans pages}."""
    from assessments.services import assessment_start

    accepted = review_pack_pdf(plan_a_year_on(assessment, trust, council, council2, leads, officer), use_cache=False)[0]
    draft = assessment_start(partnership=partnership, period="2027/28", version=version, actor=leads[0])
    for code in ("S1", "S2", "S3", "S4"):
        response = Response.objects.get(assessment=draft, standard__code=code)
        add_actions(response, leads[0], [(f"{code}: step {n} of the plan.", trust, "high", 10 + n) for n in range(8)])
        for each in response.actions.all():
            ActionNote.objects.create(action=each, text=LONG_NOTE, status="in_progress", written_by=leads[0])
    return {"accepted": accepted, "long": review_pack_pdf(draft, use_cache=False)[0]}


def test_pdfua_finds_nothing_in_either_pack(packs, tmp_path):
    assert len(PdfReader(io.BytesIO(packs["long"])).pages) >= 4  # the trust's table ran over pages
    for name, body in packs.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(body)
        report = pdfua.validate(str(path))
        assert report.findings == (), findings(report)
        assert report.exit_code == 0
        assert {outcome.rule_id for outcome in report.skipped} <= {"UA-14-001"}, report.skipped  # pdfua's own bug


def test_running_headers_and_footers_are_artifacts_and_the_rest_is_tagged(packs):
    for name, body in packs.items():
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                footer_top = page.height - FOOTER_FROM_FOOT
                header = "".join(c["text"] for c in page.chars if c["bottom"] <= HEADER_BOTTOM)
                footer = "".join(c["text"] for c in page.chars if c["top"] >= footer_top)
                assert header.startswith("Mersey Mental Health Partnership · s75 review pack"), (name, number)
                assert f"Page {number} of {len(pdf.pages)}" in footer, (name, number, footer)
                margins = [c for c in page.chars if c["bottom"] <= HEADER_BOTTOM or c["top"] >= footer_top]
                assert {c["tag"] for c in margins} == {"Artifact"} and all(c["mcid"] is None for c in margins)
                body_chars = [c for c in page.chars if HEADER_BOTTOM < c["top"] and c["bottom"] < footer_top]
                assert body_chars and all(c["mcid"] is not None for c in body_chars), (name, number)


def test_every_table_header_cell_has_its_scope_in_the_repeated_headings_too(packs):
    for name, body in packs.items():
        _, elements, _ = struct_tree(body)
        assert {parent for _, e, parent in elements if e["/S"] == "/TH"} == {"/TR"}
        rows = [e for _, e, _ in elements if e["/S"] == "/TR"]
        assert rows, name
        by_group = {}
        for _, element, _ in elements:
            if element["/S"] in ("/THead", "/TBody"):
                for kid in element["/K"]:
                    row = kid.get_object()
                    by_group.setdefault(element["/S"], []).append(row)
        for group, expected in (("/THead", "/Column"), ("/TBody", "/Row")):
            for row in by_group[group]:
                cells = [kid.get_object() for kid in row["/K"]]
                headers = [cell for cell in cells if cell["/S"] == "/TH"]
                assert headers, (name, group)
                assert {cell["/A"]["/Scope"] for cell in headers} == {expected}, (name, group)
                if group == "/TBody":
                    assert [cell["/S"] for cell in cells][0] == "/TH"  # each row is named by its first cell


def test_the_long_tables_repeated_headings_are_headings_on_every_page_it_spans(packs):
    reader, elements, texts = struct_tree(packs["long"])
    heads = [(page, e) for page, e, _ in elements if e["/S"] == "/THead"]
    head_pages = [page for page, head in heads]
    trust_pages = {page for page, e, _ in elements if e["/S"] == "/TR"}
    assert len(heads) >= 3 and len(trust_pages) >= 3
    for page, head in heads:
        row = head["/K"][0].get_object()
        cells = [squash(text_of(cell.get_object(), page, texts)) for cell in row["/K"]]
        assert cells[0] in ("Action", "Responsible", "Standard"), cells
    assert head_pages == sorted(head_pages)


def test_the_pack_is_tagged_in_british_english_with_its_title_facts_and_bookmarks(packs):
    reader, elements, texts = struct_tree(packs["accepted"])
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title == "s75 review pack: Mersey Mental Health Partnership, 2026/27"
    assert reader.metadata.author == "Mersey Mental Health Partnership"

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    outline = list(titles(reader.outline))
    assert outline[:3] == [
        "Mersey Mental Health Partnership: progress on the 2026/27 action plan",
        "Progress at a glance",
        "Actions by responsible organisation",
    ]
    assert outline[-1] == "Standards whose actions are all done"
    assert "Northshire NHS Trust: 2 actions" in outline and "Jointly: 1 action" in outline
    pairs = []
    for page, item in ((page, e) for page, e, _ in elements if e["/S"] == "/LI"):
        kids = [kid.get_object() for kid in item["/K"]]
        assert [kid["/S"] for kid in kids] == ["/Lbl", "/LBody"]
        pairs.append(tuple(text_of(kid, page, texts).strip() for kid in kids))
    assert ("Annual review of the agreement", "31 March 2027") in pairs
    assert ("Partnership", "Mersey Mental Health Partnership") in pairs
