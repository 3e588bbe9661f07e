"""The action plan PDF: what it says and in what order, its accessibility and metadata, and its safety."""

import io
import re
import socket

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import Action, Response
from reports.content import report_for
from reports.pdf import STATIC_DIR, RefusedURL, StaticFilesOnlyFetcher, render_html, render_pdf
from tests.assessments.service_helpers import answer, drive_to
from tests.factories import make_team
from tests.worker import run_worker

from .conftest import add_actions, query_with_reply, rate

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css"> '
    "<style>body { background: url(http://127.0.0.1:9/y.png) }</style> <script>alert(1)</script>"
)


@pytest.fixture
def plan(assessment, trust, council, council2, trust_lead):
    """S1 partially met with trust, council and joint actions (one overdue); S2 queried with a reply."""
    s1 = rate(assessment, "S1", trust_lead, "partially-met", "Board minutes of 12 March 2026.")
    s2 = rate(assessment, "S2", trust_lead, "largely-met", "Quarterly supervision audit.")
    add_actions(
        s1,
        trust_lead,
        [
            ("Joint: review the section 75 agreement.", None, "low", 200),
            ("Council: give seconded social workers council system access.", council, "high", 30),
            ("Trust: appoint a principal social worker to the Board.", trust, "medium", 90),
            ("Trust: publish the supervision policy.", trust, "high", -3),  # overdue
            ("Second council: fund AMHP training places.", council2, "medium", 60),
        ],
    )
    add_actions(s2, trust_lead, [("Audit supervision in every team.", None, "high", 30)])
    query_with_reply(s2, "The audit covers one team only.", "The other teams' audits are in appendix B.")
    return assessment


def squash(text: str) -> str:
    """Text without spaces or soft line breaks: extraction splits some words ("T est", "self- assessment")."""
    return re.sub(r"\s+", "", text).replace("-", "")


def pdf_text(body: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(body))
    return reader, [squash(page.extract_text()) for page in reader.pages]


def in_order(text: str, needles: list[str]) -> list[int]:
    positions = [text.find(squash(n)) for n in needles]
    assert -1 not in positions, dict(zip(needles, positions, strict=True))
    assert positions == sorted(positions), dict(zip(needles, positions, strict=True))
    return positions


def download(client, user, assessment):
    """The PDF as a person downloads it: the worker renders it (tests/reports/test_render_worker.py), then the
    page serves it."""
    client.force_login(user)
    url = reverse("reports:download", args=[assessment.pk, "action-plan", "pdf"])
    if client.get(url).status_code == 202:  # being prepared: run the worker once
        run_worker()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_manager_downloads_a_pdf_that_reads_in_the_promised_order(client, manager, plan):
    reader, pages = pdf_text(download(client, manager, plan))
    text = "".join(pages)
    cover, summary, plan_at, standards_at, profile_at, signoff_at = in_order(
        text,
        [
            "Mersey Mental Health Partnership: self-assessment and action plan, 2026/27",
            "Summary Overall score",
            "The action plan Grouped by",
            "Every standard Principles",
            "The partnership and its teams",
            "Sign-off Each partner",
        ],
    )
    # The plan: trust, then each council, then joint; by priority, then due date within each.
    plan_text = text[plan_at:standards_at]
    in_order(
        plan_text,
        [
            "High priority Overdue · S1 Practice 1 (rated partially met) Trust: publish the supervision policy.",
            "Medium priority S1 Practice 1 (rated partially met) Trust: appoint a principal social worker",
            "Council: give seconded social workers",
            "Second council: fund AMHP training places.",
            "Joint (all partners): 2 actions High priority",  # action_data's default priority
            "S2 Practice 2 (rated largely met) Audit supervision in every team.",
            "Low priority S1 Practice 1 (rated partially met) Joint: review the section 75 agreement.",
        ],
    )
    assert plan_text.count("Overdue") == 3  # twice in the sentence explaining the mark, once on the overdue action
    # Every standard, by domain then source order, with its rating; the officer's comment and the reply.
    standards_text = text[standards_at:profile_at]
    expected = plan.responses.order_by("standard__domain__order", "standard__source_order")
    in_order(standards_text, [f"{r.standard.code} {r.standard.title} {r.standard.text}" for r in expected])
    in_order(
        standards_text,
        [
            "S1 Practice 1",
            "Rating: Partially met · 5 actions in the plan Evidence: Board minutes of 12 March 2026.",
            "S2 Practice 2",
            "Rating: Largely met",
            "BASW's query",
            "The audit covers one team only.",
            "The partnership's reply: The other teams' audits are in appendix B. BASW's decision: still queried.",
        ],
    )
    assert squash("Not yet signed off") in text[signoff_at:]
    assert 5 <= len(reader.pages) <= 30


def plan_section(text: str) -> str:
    return text[text.find(squash("The action plan Grouped by")) : text.find(squash("Every standard Principles"))]


def test_the_plan_names_every_partner_and_says_which_have_no_actions(
    client, manager, assessment, trust_lead, trust, council, council2
):
    s1 = rate(assessment, "S1", trust_lead, "not-met", "No report to the Board yet.")
    add_actions(s1, trust_lead, [("Trust: appoint a principal social worker to the Board.", trust, "high", 30)])
    _, pages = pdf_text(download(client, manager, assessment))
    in_order(
        plan_section("".join(pages)),
        [
            f"{trust.name}: 1 action High priority",
            "Trust: appoint a principal social worker to the Board.",
            f"{council.name}: no actions",
            f"{council2.name}: no actions",
            "Joint (all partners): no actions",
        ],
    )


def test_a_plan_with_no_actions_at_all_says_so_once(client, manager, assessment, trust):
    _, pages = pdf_text(download(client, manager, assessment))
    plan = plan_section("".join(pages))
    assert squash("No actions have been recorded.") in plan
    assert squash(trust.name) not in plan and "noactions" not in plan


def test_a_drafts_pdf_says_draft_on_every_page_and_a_submitted_one_does_not(
    client, manager, plan, trust_lead, council_lead, council2_lead, officer
):
    _, pages = pdf_text(download(client, manager, plan))
    assert all("Draft" in page for page in pages), [i for i, p in enumerate(pages, 1) if "Draft" not in p]
    assert squash("Draft: not yet submitted") in pages[1]
    drive_to(plan, "submitted", leads=[trust_lead, council_lead, council2_lead], officer=officer)
    _, pages = pdf_text(download(client, manager, plan))
    assert not any("Draft" in page for page in pages)
    assert squash("Status Submitted") in pages[0]
    assert squash("For Test") in pages[0] and squash("Tara Trustlead, Director of Social Care") in pages[0]
    assert squash("Signed off by Colin Councillead, Principal Social Worker, on") in pages[-1]


def test_the_pdf_is_tagged_pdf_ua_in_british_english_with_metadata_and_bookmarks(client, manager, plan):
    reader, pages = pdf_text(download(client, manager, plan))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and re.search(r"pdfuaid:part(>|=\")1", xmp)
    meta = reader.metadata
    assert meta.title == "Action plan: Mersey Mental Health Partnership, 2026/27 (draft)"
    assert meta.author == "Mersey Mental Health Partnership"
    assert "social work" in meta.subject

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    outline = list(titles(reader.outline))
    assert outline[0] == "Mersey Mental Health Partnership: self-assessment and action plan, 2026/27"
    in_order("".join(squash(t) for t in outline), ["Summary", "The action plan", "Every standard", "Sign-off"])
    # Every page, the cover too: header with partnership and period, footer with page X of Y.
    total = len(reader.pages)
    for number, page in enumerate(pages, start=1):
        assert squash("Mersey Mental Health Partnership · 2026/27") in page
        assert squash(f"Page {number} of {total}") in page
        assert squash(f"Generated {timezone.localdate():%-d %B %Y} by Partnership Audit") in page


def test_the_summary_gives_scores_counts_and_flags(client, manager, plan, partnership):
    make_team(partnership, name="Wirral North CMHT", social_workers=1, amhps=0)
    make_team(partnership, name="Wirral South CMHT", social_workers=4)
    _, pages = pdf_text(download(client, manager, plan))
    text = "".join(pages)
    summary = text[text.find("SummaryOverall") : text.find("TheactionplanGrouped")]
    # S1 partially met (1 of 3) and S2 largely met (2 of 3): 3 of 6 = 50%.
    assert squash("Overall score: 50%, band: Good.") in summary
    in_order(summary, ["Governance 1 of 3 33%", "Leadership 1 of 3 67%"])
    in_order(summary, ["Fully met: 0", "Largely met: 1", "Partially met: 1", "Not met: 0", "Not yet rated: 6"])
    assert squash("Teams with one or no social worker: Wirral North CMHT (1).") in summary
    assert squash("6 actions, of which 1 overdue") in summary
    profile = text[text.find(squash("The partnership and its teams")) :]
    assert squash("Wirral North CMHT (working-age adults) 1 social worker in a team of") in profile
    assert squash("1 social worker in a team of 17 (5.9% social work): one or no social worker.") in profile


def test_a_pdf_for_someone_else_is_404(client, outsider, plan):
    client.force_login(outsider)
    assert client.get(reverse("reports:download", args=[plan.pk, "action-plan", "pdf"])).status_code == 404


class RecordingFetcher(StaticFilesOnlyFetcher):
    def __init__(self):
        super().__init__()
        self.asked = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("The PDF tried to open a network connection.")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_hostile_text_in_answers_is_printed_as_text_and_fetches_nothing(plan, trust_lead, no_network):
    s3 = Response.objects.get(assessment=plan, standard__code="S3")
    answer(s3, trust_lead, "not-met", evidence=HOSTILE)
    Action.objects.filter(response__assessment=plan).update(description="See url(http://127.0.0.1:9/z) " + HOSTILE)
    fetcher = RecordingFetcher()
    body = render_pdf(render_html(report_for(plan)), fetcher=fetcher)
    text = "".join(pdf_text(body)[1])
    for literal in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", "<script>alert(1)</script>", "url(http://"):
        assert squash(literal) in text
    assert fetcher.asked, "the stylesheet and the chart should have been fetched"
    for url in fetcher.asked:
        assert url.startswith("data:") or url.startswith(STATIC_DIR.as_uri() + "/"), url
    assert not any("127.0.0.1" in url or "passwd" in url for url in fetcher.asked)


def test_a_template_asking_for_outside_urls_is_refused(no_network):
    fetcher = RecordingFetcher()
    html = (
        '<html lang="en-GB"><head><title>Test</title><link rel="stylesheet" href="https://cdn.example.org/x.css">'
        '</head><body><img src="http://127.0.0.1:9/x.png" alt="x"><img src="file:///etc/hostname" alt="y">'
        '<img src="../manage.py" alt="z"><p>Text</p></body></html>'
    )
    body = render_pdf(html, fetcher=fetcher)
    assert body.startswith(b"%PDF")
    assert set(fetcher.asked) >= {"https://cdn.example.org/x.css", "http://127.0.0.1:9/x.png", "file:///etc/hostname"}


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        (STATIC_DIR / ".." / "manage.py").as_uri(),
        (STATIC_DIR / "css" / "no-such.css").as_uri(),
    ],
)
def test_the_fetcher_refuses_anything_but_static_files_and_data(url):
    with pytest.raises(RefusedURL):
        StaticFilesOnlyFetcher().fetch(url)


def test_the_fetcher_serves_our_stylesheet_and_data_urls():
    fetcher = StaticFilesOnlyFetcher()
    css = fetcher.fetch((STATIC_DIR / "css" / "action-plan-pdf.css").as_uri())
    assert b"@page" in css.read() and css.headers.get_content_type() == "text/css"
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"


def test_a_standard_rated_fully_met_without_evidence_is_flagged(client, manager, plan, trust_lead):
    rate(plan, "S4", trust_lead, "fully-met", "")
    _, pages = pdf_text(download(client, manager, plan))
    text = "".join(pages)
    assert squash("Rated fully met without any evidence: S4.") in text
    assert squash("Rating: Fully met (no evidence given)") in text


def test_a_former_partners_actions_stay_in_the_plan_after_the_partners_and_before_joint_actions(plan, council2):
    plan.partnership.councils.remove(council2)
    groups = [(group.label, group.count) for group in report_for(plan).by_responsible]
    assert [label for label, _ in groups][-2:] == [council2.name, "Joint (all partners)"]
    assert dict(groups)[council2.name] == 1 and sum(count for _, count in groups) == 6
