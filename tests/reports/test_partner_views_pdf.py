"""The action plan PDF of an assessment whose partners rate first: each partner's own view beside the agreed one.

The Mersey partnership's trust and councils are named here Northshire NHS Trust, Eastshire Council and Westshire
Council (partner_view_helpers.name_partners). In `apart` they have rated every standard on their own: S1 is
divergent, S2 differs, five are the same, and S6 is not open yet (the second council has not given its view).
The PDF is one document for everyone who may download it, so it shows a view only where every partner may see
it: not S6's, to anyone, not even to the trust whose view it partly is.

The prose is read with pdftotext; the tables through the PDF's tags (tagged_tables), as a screen reader reads
them, since pdftotext's order for table cells depends on where the draft mark falls.
"""

import pytest
from django.urls import reverse

from assessments.services import partner_views_reveal
from reports.content import VIEWS_NOT_OPEN
from reports.pdf import action_plan_pdf
from tests.assessments.service_helpers import membership
from tests.worker import run_worker

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
    in_order,
    name_partners,
    pdftotext,
    rate_apart,
    row,
    squash,
    tagged_tables,
)

pytestmark = pytest.mark.django_db

SUMMARY = "Where the partners saw it differently"
PLAN = "The action plan Grouped by"
EVERY_STANDARD = "Every standard Principles"
PROFILE = "The partnership and its teams"
ORDER = ["P1", "P2", "S1", "S3", "S5", "S2", "S4", "S6"]  # the task list's order: by domain, then source order


@pytest.fixture
def apart(split_assessment, trust, council, council2, trust_lead, council_lead, council2_lead):
    """S1 divergent, S2 differs, five the same, S6 not open yet (partner_view_helpers.rate_apart)."""
    name_partners(trust, council, council2)
    return rate_apart(split_assessment, trust_lead, council_lead, council2_lead)


def download(client, user, assessment) -> bytes:
    """The PDF as a person downloads it, once the worker has rendered it."""
    client.force_login(user)
    url = reverse("reports:download", args=[assessment.pk, "action-plan", "pdf"])
    if client.get(url).status_code == 202:  # being prepared: run the worker once
        run_worker()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def between(text: str, start: str, end: str) -> str:
    text = squash(text)
    begin = text.find(squash(start))
    assert begin != -1, start
    finish = text.find(squash(end), begin)
    assert finish != -1, end
    return text[begin:finish]


def heading(code: str) -> str:
    return f"{code} {'Principle' if code.startswith('P') else 'Practice'} {code[1:]}"


def standards(text: str) -> dict[str, str]:
    """Each standard's part of "Every standard", by code: from its heading to the next one's."""
    section = between(text, EVERY_STANDARD, PROFILE)
    starts = [section.find(squash(heading(code))) for code in ORDER]
    assert -1 not in starts and starts == sorted(starts), starts
    ends = [*starts[1:], len(section)]
    return {code: section[start:end] for code, start, end in zip(ORDER, starts, ends, strict=True)}


def views_caption(code: str, how: str) -> str:
    return squash(f"{code}: each partner's own rating ({how})")


OWN_VIEWS_HEADER = row("Partner", "Own rating", "Comment")


def test_every_standard_shows_each_partners_own_rating_and_comment_beside_the_agreed_one(client, manager, apart):
    body = download(client, manager, apart)
    blocks = standards(pdftotext(body))
    tables = tagged_tables(body)

    in_order(
        blocks["S1"],
        ["Agreed rating: Partially met", views_caption("S1", "divergent"), f"Why we agreed this: {RATIONALE_S1}"],
    )
    assert tables[views_caption("S1", "divergent")] == [
        OWN_VIEWS_HEADER,
        row(TRUST, "Largely met", TRUST_ON_S1),
        row(COUNCIL, "Not met", COUNCIL_ON_S1),
        row(COUNCIL2, "Partially met", COUNCIL2_ON_S1),
    ]
    in_order(blocks["S2"], ["Agreed rating: Largely met", views_caption("S2", "differs")])
    assert tables[views_caption("S2", "differs")] == [
        OWN_VIEWS_HEADER,
        row(TRUST, "Fully met", "No comment."),
        row(COUNCIL, "Largely met", "No comment."),
        row(COUNCIL2, "Largely met", "No comment."),
    ]
    for code in ("P1", "P2", "S3", "S4", "S5"):
        in_order(blocks[code], ["Agreed rating: Largely met", views_caption(code, "the same")])
        assert [cells[1] for cells in tables[views_caption(code, "the same")][1:]] == [row("Largely met")[0]] * 3
        assert "Whyweagreedthis" not in blocks[code], code  # no rationale was recorded for them


def test_the_summary_lists_where_the_partners_saw_it_differently_divergent_first(client, manager, apart):
    body = download(client, manager, apart)
    text = pdftotext(body)
    in_order(text, ["Summary Overall score", SUMMARY, PLAN, EVERY_STANDARD])
    summary = between(text, SUMMARY, PLAN)

    in_order(
        summary,
        [
            "Divergent: their ratings are 2 or more levels apart on the scale, or one partner says not applicable",
            "Differs: one level apart.",
            "Standards where the partners' own ratings were apart, divergent first",
            f"Not shown for 1 standard (S6): {VIEWS_NOT_OPEN}",
        ],
    )
    assert tagged_tables(body)[squash("Standards where the partners' own ratings were apart, divergent first")] == [
        row("Standard", TRUST, COUNCIL, COUNCIL2, "Agreed rating", "How far apart"),
        row("S1 Practice 1", "Largely met", "Not met", "Partially met", "Partially met", "Divergent"),
        row("S2 Practice 2", "Fully met", "Largely met", "Largely met", "Largely met", "Differs by one level"),
    ]


@pytest.mark.parametrize("who", ["trust_lead", "council_lead", "council2_lead", "manager"])
def test_a_standard_whose_views_are_not_all_given_shows_nobodys_view_to_anyone(client, apart, who, request):
    """S6: the trust and the first council gave theirs. Each may see the other's on the pages, but the PDF is
    shared with the second council, which has not given its own, so it shows neither rating nor comment."""
    body = download(client, request.getfixturevalue(who), apart)
    text = pdftotext(body)
    s6 = standards(text)["S6"]

    assert squash(VIEWS_NOT_OPEN) in s6
    assert squash("each partner's own rating") not in s6 and squash(TRUST) not in s6
    assert "Fullymet" not in s6 and "Notmet" not in s6  # the agreed rating reads "Not yet rated"
    assert squash(TRUST_ON_S6) not in squash(text) and squash(COUNCIL_ON_S6) not in squash(text)
    summary = between(text, SUMMARY, PLAN)
    assert "S6Practice6" not in summary and squash(f"Not shown for 1 standard (S6): {VIEWS_NOT_OPEN}") in summary
    tables = tagged_tables(body)
    assert not [caption for caption in tables if caption.startswith("S6:")]
    assert not any(cells[0] == squash("S6 Practice 6") for rows in tables.values() for cells in rows)


def test_once_a_lead_shows_every_view_the_pdf_shows_them_and_the_one_not_given(client, manager, apart, trust_lead):
    partner_views_reveal(assessment=apart, actor=trust_lead, membership=membership(trust_lead))
    body = download(client, manager, apart)
    tables = tagged_tables(body)

    in_order(standards(pdftotext(body))["S6"], ["Agreed rating: Not yet rated", views_caption("S6", "divergent")])
    assert tables[views_caption("S6", "divergent")] == [  # fully met beside not met
        OWN_VIEWS_HEADER,
        row(TRUST, "Fully met", TRUST_ON_S6),
        row(COUNCIL, "Not met", COUNCIL_ON_S6),
        row(COUNCIL2, "Not given", "No comment."),
    ]
    summary = tables[squash("Standards where the partners' own ratings were apart, divergent first")]
    assert [cells[0] for cells in summary[1:]] == [row("S1 Practice 1")[0], row("S6 Practice 6")[0], "S2Practice2"]
    assert summary[2] == row("S6 Practice 6", "Fully met", "Not met", "Not given", "Not yet rated", "Divergent")
    assert squash(VIEWS_NOT_OPEN) not in squash(pdftotext(body))


def test_a_pdf_where_the_partners_rate_together_has_no_partner_views(client, manager, assessment):
    text = squash(pdftotext(download(client, manager, assessment)))

    assert squash(SUMMARY) not in text and squash("each partner's own rating") not in text
    assert squash("How the partners rated") not in text and squash(VIEWS_NOT_OPEN) not in text
    assert squash("Rating: Not yet rated") in text and "Agreedrating" not in text


def test_the_partners_views_are_captioned_tables_whose_headers_have_their_scope(apart):
    from .test_pdf_ua import struct_tree

    body, _ = action_plan_pdf(apart, use_cache=False)
    _, elements, _ = struct_tree(body)
    # The domains' figures, where the partners were apart, and one on each of the seven standards open.
    assert len(tagged_tables(body)) == 1 + 1 + 7
    assert len([e for _, e, _ in elements if e["/S"] == "/Caption"]) == 9
    scopes = [e.get("/A", {}).get("/Scope") for _, e, _ in elements if e["/S"] == "/TH"]
    # Headers: 3 + 3 in the domains' table, 6 + 2 in the summary, 3 + 3 in each standard's.
    assert scopes.count("/Column") == 3 + 6 + 3 * 7 and scopes.count("/Row") == 3 + 2 + 3 * 7
    assert len(scopes) == 6 + 8 + 6 * 7


def test_pdfua_finds_nothing_wrong_with_a_plan_whose_partners_rate_first(apart, tmp_path):
    import pdfua

    from .test_pdf_ua import findings

    path = tmp_path / "apart.pdf"
    path.write_bytes(action_plan_pdf(apart, use_cache=False)[0])
    report = pdfua.validate(str(path))
    assert report.findings == (), findings(report)
    assert {outcome.rule_id for outcome in report.skipped} <= {"UA-14-001"}, report.skipped
