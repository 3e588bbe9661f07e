"""The action plan's PDF is rendered by the worker after each change, never in a request.

Tara (the trust's lead) edits the Mersey assessment; Manny Manager downloads its PDF. Until the worker has
run, the download is a page that says the plan is being prepared; after it, the same address gives the file.
A render costs about half a second, so each test renders at most a few times.
"""

import logging
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from assessments.models import Assessment, Response
from reports import tasks
from reports.models import PlanRender, RenderStatus
from reports.views.downloads import COULD_NOT_PREPARE, PREPARING
from tests.assessments.service_helpers import answer

pytestmark = pytest.mark.django_db


def pdf_url(assessment):
    return reverse("reports:download", args=[assessment.pk, "action-plan", "pdf"])


def edit(assessment, actor, evidence, code="S1"):
    answer(Response.objects.get(assessment=assessment, standard__code=code), actor, "partially-met", evidence=evidence)


def queued():
    return DBTaskResult.objects.ready().count()


def test_after_an_edit_the_worker_renders_the_pdf_and_the_download_does_not(
    client, manager, assessment, trust_lead, renders, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(assessment, trust_lead, "Minutes of the Joint Management Group.")
    assert queued() == 1 and renders == []
    client.force_login(manager)
    assert client.get(pdf_url(assessment)).status_code == 202
    assert renders == [] and queued() == 1  # the download neither rendered nor queued a second render

    assert run_tasks() == 1
    assert len(renders) == 1 and "Minutes of the Joint Management Group." in renders[0]
    response = client.get(pdf_url(assessment))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert len(renders) == 1
    render = PlanRender.objects.get(assessment=assessment)
    assert render.status == RenderStatus.READY
    assert render.revision == Assessment.objects.get(pk=assessment.pk).revision


def test_ten_edits_in_a_burst_queue_one_render_and_render_once_with_the_last_edit(
    assessment, trust_lead, renders, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            edit(assessment, trust_lead, f"Evidence, draft {n}.")
    assert queued() == 1
    assert run_tasks() == 1
    assert len(renders) == 1 and "Evidence, draft 9." in renders[0]
    assert queued() == 0


def test_a_refused_write_queues_no_render(assessment, trust_lead, django_capture_on_commit_callbacks):
    Assessment.objects.filter(pk=assessment.pk).update(status="accepted")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017, PT011
        edit(assessment, trust_lead, "Too late.")
    assert queued() == 0


def test_a_superseded_task_does_not_render(
    assessment, trust_lead, renders, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(assessment, trust_lead, "First.")
    stale_revision = PlanRender.objects.get(assessment=assessment).revision
    run_tasks()
    assert len(renders) == 1
    assert tasks.render_action_plan.call(assessment.pk, stale_revision) == "superseded"
    assert tasks.render_action_plan.call(assessment.pk, stale_revision - 1) == "superseded"
    assert len(renders) == 1


def test_an_edit_while_the_pdf_renders_queues_one_more_render_of_the_new_revision(
    assessment, trust_lead, renders, run_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    from reports import pdf

    counting = pdf.render_pdf

    def render_then_edit(html, **kwargs):
        body = counting(html, **kwargs)
        if len(renders) == 1:
            with django_capture_on_commit_callbacks(execute=True):
                edit(assessment, trust_lead, "Written while the PDF rendered.", code="S2")
        return body

    monkeypatch.setattr(pdf, "render_pdf", render_then_edit)
    with django_capture_on_commit_callbacks(execute=True):
        edit(assessment, trust_lead, "First.")
    run_tasks()
    assert len(renders) == 2 and "Written while the PDF rendered." in renders[1]
    render = PlanRender.objects.get(assessment=assessment)
    assert render.status == RenderStatus.READY
    assert render.revision == Assessment.objects.get(pk=assessment.pk).revision


def test_the_preparing_page_refreshes_itself_links_to_the_file_and_needs_no_script(
    client, manager, assessment, renders, run_tasks
):
    client.force_login(manager)
    response = client.get(pdf_url(assessment))
    assert response.status_code == 202 and response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert f"<h1>{PREPARING}</h1>" in page
    assert f'<a class="btn btn-primary" href="{pdf_url(assessment)}">Download the action plan</a>' in page
    assert "a few seconds" in page
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))  # no inline script: only base's bundle
    # A reload on a timer is a time limit (WCAG 2.2.1): the page reloads itself only when the person asks.
    assert 'http-equiv="refresh"' not in page
    assert f'href="{pdf_url(assessment)}?check=1"' in page
    checking = client.get(pdf_url(assessment) + "?check=1")
    assert checking.status_code == 202
    assert '<meta http-equiv="refresh" content="5">' in checking.content.decode()
    assert f'href="{pdf_url(assessment)}">Stop checking every five seconds</a>' in checking.content.decode()
    assert renders == [] and queued() == 1  # the download queued the render, as no edit had

    assert run_tasks() == 1
    response = client.get(pdf_url(assessment))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_failing_render_is_tried_three_times_then_the_page_says_so_and_offers_to_try_again(
    client, manager, assessment, run_tasks, monkeypatch, caplog
):
    from reports import pdf

    attempts = []

    def broken(html, **kwargs):
        attempts.append(html)
        raise OSError("Pango is missing")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    monkeypatch.setattr(tasks, "RETRY_DELAY", timedelta(0))
    client.force_login(manager)
    assert client.get(pdf_url(assessment)).status_code == 202
    with caplog.at_level(logging.WARNING, logger="reports.tasks"):
        run_tasks()
    assert len(attempts) == tasks.MAX_ATTEMPTS == 3
    render = PlanRender.objects.get(assessment=assessment)
    assert render.status == RenderStatus.FAILED and render.error == tasks.COULD_NOT_RENDER
    assert [r.levelname for r in caplog.records if r.name == "reports.tasks"] == ["WARNING", "WARNING", "ERROR"]

    response = client.get(pdf_url(assessment))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{COULD_NOT_PREPARE}</h1>" in page and "has been told" in page
    assert 'http-equiv="refresh"' not in page
    assert "Try again to prepare the PDF" in page
    for fmt in ("xlsx", "csv"):
        assert reverse("reports:download", args=[assessment.pk, "action-plan", fmt]) in page
    assert queued() == 0  # a look at the failure does not queue another

    again = client.post(pdf_url(assessment))
    assert again.status_code == 302 and again["Location"] == pdf_url(assessment)
    render.refresh_from_db()
    assert render.status == RenderStatus.QUEUED and render.attempts == 0 and queued() == 1


def test_with_the_worker_down_every_page_and_spreadsheet_works_and_the_pdf_waits_in_the_queue(
    client, manager, assessment, trust_lead, renders, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(assessment, trust_lead, "Board minutes.")
        edit(assessment, trust_lead, "Board minutes, corrected.")
    client.force_login(manager)
    for name in ("assessments:dashboard",):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("assessments:overview", args=[assessment.pk])).status_code == 200
    for kind, fmt in (("action-plan", "csv"), ("action-plan", "xlsx"), ("responses", "csv"), ("responses", "xlsx")):
        assert client.get(reverse("reports:download", args=[assessment.pk, kind, fmt])).status_code == 200
    for _ in range(3):
        assert client.get(pdf_url(assessment)).status_code == 202
    assert queued() == 1 and renders == []

    assert run_tasks() == 1  # the worker starts
    assert client.get(pdf_url(assessment)).content.startswith(b"%PDF-")
    assert len(renders) == 1 and "Board minutes, corrected." in renders[0]


def test_the_outsider_gets_404_for_the_pdf_and_for_trying_again(client, outsider, assessment):
    client.force_login(outsider)
    assert client.get(pdf_url(assessment)).status_code == 404
    assert client.post(pdf_url(assessment)).status_code == 404
    assert queued() == 0 and not PlanRender.objects.exists()


def test_someone_not_signed_in_cannot_try_again(client, assessment):
    response = client.post(pdf_url(assessment))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert queued() == 0
