"""Who may download the s75 review pack, how its PDF comes from the worker, and where the partnership page links.

The Mersey plan a year on (tests/reports/review_pack_helpers.py) is accepted, so everyone at the trust and both
councils may download its pack (Tara, Colin and Cara the leads, Connie Contributor, Manny Manager), and so may
Olive Officer (BASW: it was sent). Otto Outsider gets a 404 for both files. The PDF is the worker's, as the action
plan's is (tests/reports/test_render_worker.py): until it has run, the address gives a page saying the pack is
being prepared (202); after a change to the plan the worker renders both PDFs, each once however many changes.
"""

import io
import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from assessments.models import ActionStatus, Status
from assessments.services import assessment_start
from reports import tasks
from reports.models import PlanRender, RenderKind, RenderStatus
from reports.views.review_pack import COULD_NOT_PREPARE_PACK, PREPARING_PACK
from tests.assessments.service_helpers import drive_to

from .conftest import rate
from .review_pack_helpers import AUDIT_NOTE, POLICY, plan_a_year_on, progress

pytestmark = pytest.mark.django_db

PARTNERS = ["trust_lead", "council_lead", "council2_lead", "contributor", "manager"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def plan(assessment, trust, council, council2, leads, officer):
    return plan_a_year_on(assessment, trust, council, council2, leads, officer)


def url(assessment, fmt):
    return reverse("reports:review_pack", args=[assessment.pk, fmt])


def assert_the_file(response, fmt, content_type, status="accepted"):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    name = f"s75-review-pack-mersey-mental-health-partnership-2026-27-{status}.{fmt}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Cache-Control"] == "private, no-store"


def queued():
    """The kind of each PDF render waiting for the worker."""
    tasks_waiting = DBTaskResult.objects.ready().filter(task_path="reports.tasks.render_action_plan")
    return [args["args"][2] for args in tasks_waiting.values_list("args_kwargs", flat=True)]


@pytest.mark.parametrize("person", PARTNERS)
def test_everyone_in_the_partnership_downloads_the_xlsx(client, request, plan, person):
    client.force_login(request.getfixturevalue(person))
    response = client.get(url(plan, "xlsx"))
    assert_the_file(response, "xlsx", XLSX)
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Actions"]["A"][1:]] == ["Mersey Mental Health Partnership"] * 5


def test_the_pdf_is_being_prepared_until_the_worker_has_run_then_it_is_the_file(
    client, manager, plan, renders, run_tasks
):
    client.force_login(manager)
    response = client.get(url(plan, "pdf"))
    assert response.status_code == 202 and response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert f"<h1>{PREPARING_PACK}</h1>" in page
    assert f'<a class="btn btn-primary" href="{url(plan, "pdf")}">Download the s75 review pack</a>' in page
    assert f'href="{url(plan, "xlsx")}">Excel (XLSX)</a>' in page and ".csv" not in page
    assert renders == [] and queued() == [RenderKind.REVIEW_PACK]  # the pack's render only, not the plan's
    assert client.get(url(plan, "pdf")).status_code == 202 and len(queued()) == 1  # asking again queues nothing

    assert run_tasks() == 1
    assert len(renders) == 1 and "<title>s75 review pack: Mersey Mental Health Partnership, 2026/27" in renders[0]
    response = client.get(url(plan, "pdf"))
    assert_the_file(response, "pdf", "application/pdf")
    assert response.content.startswith(b"%PDF-") and len(renders) == 1
    render = PlanRender.objects.get(assessment=plan, kind=RenderKind.REVIEW_PACK)
    assert render.status == RenderStatus.READY and render.revision == plan.revision
    assert not PlanRender.objects.filter(assessment=plan, kind=RenderKind.ACTION_PLAN).exists()


def test_a_burst_of_progress_renders_the_action_plan_and_the_pack_once_each(
    plan, trust_lead, renders, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            progress(POLICY, trust_lead, ActionStatus.IN_PROGRESS, note=f"Consultation, week {n}.")
    assert sorted(queued()) == [RenderKind.ACTION_PLAN, RenderKind.REVIEW_PACK]
    assert run_tasks() == 2
    plan_html, pack_html = sorted(renders, key=lambda html: "<title>s75 review pack" in html)
    assert "<title>Action plan:" in plan_html and "Consultation, week 4." in pack_html
    assert {r.kind: r.status for r in PlanRender.objects.filter(assessment=plan)} == {
        RenderKind.ACTION_PLAN: RenderStatus.READY,
        RenderKind.REVIEW_PACK: RenderStatus.READY,
    }
    assert queued() == []


def test_a_change_to_a_draft_queues_only_its_action_plan(assessment, trust_lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rate(assessment, "S1", trust_lead, "partially-met", "Board minutes.")
    assert queued() == [RenderKind.ACTION_PLAN]


def test_a_failed_pack_says_so_offers_the_xlsx_and_may_be_tried_again(
    client, manager, plan, run_tasks, monkeypatch, caplog
):
    from reports import pdf

    def broken(html, **kwargs):
        raise OSError("Pango is missing")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    monkeypatch.setattr(tasks, "RETRY_DELAY", timedelta(0))
    client.force_login(manager)
    assert client.get(url(plan, "pdf")).status_code == 202
    with caplog.at_level(logging.WARNING, logger="reports.tasks"):
        run_tasks()
    render = PlanRender.objects.get(assessment=plan, kind=RenderKind.REVIEW_PACK)
    assert render.status == RenderStatus.FAILED and render.error == tasks.COULD_NOT_RENDER_PACK
    assert "s75 review pack" in caplog.records[-1].getMessage()

    response = client.get(url(plan, "pdf"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{COULD_NOT_PREPARE_PACK}</h1>" in page and "Try again to prepare the PDF" in page
    assert f'<a href="{url(plan, "xlsx")}">Download the s75 review pack as Excel (XLSX)</a>' in page
    assert queued() == []

    again = client.post(url(plan, "pdf"))
    assert again.status_code == 302 and again["Location"] == url(plan, "pdf")
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED and render.attempts == 0 and queued() == [RenderKind.REVIEW_PACK]


def test_the_officer_downloads_the_pack_of_an_assessment_sent_to_basw(client, officer, plan, run_tasks):
    client.force_login(officer)
    assert_the_file(client.get(url(plan, "xlsx")), "xlsx", XLSX)
    assert client.get(url(plan, "pdf")).status_code == 202
    run_tasks()
    assert_the_file(client.get(url(plan, "pdf")), "pdf", "application/pdf")


def test_the_officer_gets_404_on_a_drafts_pack_and_the_outsider_on_every_pack(client, officer, outsider, assessment):
    client.force_login(officer)
    for fmt in ("pdf", "xlsx"):
        assert client.get(url(assessment, fmt)).status_code == 404
    client.force_login(outsider)
    for fmt in ("pdf", "xlsx"):
        assert client.get(url(assessment, fmt)).status_code == 404
    assert client.post(url(assessment, "pdf")).status_code == 404
    assert not PlanRender.objects.exists() and queued() == []


def test_the_outsider_gets_404_on_an_accepted_pack_too(client, outsider, plan):
    client.force_login(outsider)
    for fmt in ("pdf", "xlsx"):
        assert client.get(url(plan, fmt)).status_code == 404
    assert client.post(url(plan, "pdf")).status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in_and_the_xlsx_is_only_ever_a_get(client, manager, assessment):
    for fmt in ("pdf", "xlsx"):
        response = client.get(url(assessment, fmt))
        assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url(assessment, fmt)}"
    client.force_login(manager)
    assert client.post(url(assessment, "xlsx")).status_code == 405
    assert client.delete(url(assessment, "pdf")).status_code == 405
    assert client.get(f"/reports/assessments/{assessment.pk}/s75-review-pack.csv").status_code == 404


def test_the_partnership_page_links_to_the_pack_of_its_latest_accepted_assessment(
    client, manager, plan, partnership, version, trust_lead
):
    later = assessment_start(partnership=partnership, period="2027/28", version=version, actor=trust_lead)
    client.force_login(manager)
    page = client.get(reverse("assessments:partnership", args=[partnership.pk])).content.decode()
    assert "Annual review of the agreement" in page and "31 March 2027" in page
    for fmt, label in (("pdf", "PDF"), ("xlsx", "Excel, XLSX")):
        link = f'<a href="{url(plan, fmt)}">Download the s75 review pack for 2026/27 ({label})</a>'
        assert link in page, fmt
        assert url(later, fmt) not in page  # the draft has no pack link here


def test_the_partnership_page_has_no_pack_link_before_an_assessment_is_accepted(client, manager, assessment):
    client.force_login(manager)
    page = client.get(reverse("assessments:partnership", args=[assessment.partnership.pk])).content.decode()
    assert "s75-review-pack" not in page and "Annual review of the agreement" not in page


def test_the_pack_shows_the_latest_note_as_written_since_the_last_render(
    client, manager, plan, trust_lead, renders, run_tasks
):
    client.force_login(manager)
    client.get(url(plan, "pdf"))
    run_tasks()
    progress(POLICY, trust_lead, ActionStatus.DONE, note="Policy published on the intranet.")
    assert client.get(url(plan, "pdf")).status_code == 202  # the stored file is of an older revision
    run_tasks()
    assert client.get(url(plan, "pdf")).status_code == 200
    assert len(renders) == 2 and "Policy published on the intranet." in renders[1] and AUDIT_NOTE in renders[1]


def test_the_officer_downloads_the_pack_of_an_assessment_in_review(
    client, officer, assessment, trust_lead, council_lead, council2_lead
):
    drive_to(assessment, Status.IN_REVIEW, leads=[trust_lead, council_lead, council2_lead], officer=officer)
    client.force_login(officer)
    assert_the_file(client.get(url(assessment, "xlsx")), "xlsx", XLSX, status="in-review")
