"""Background work for reports: the action plan's PDF, rendered by the worker after each change.

Every write service takes the assessment through `lock_for_change`, and the partnership's services count a
revision on each of its assessments; once that change commits, `queue_render` is called. At most one render
is queued per assessment (its `PlanRender` row says queued, rendering, ready or failed), so ten edits in a
burst render once. The task renders whatever the assessment is when it runs, into the "reports" cache under
`pdf.cache_key`, which every web worker reads; if the assessment changed while it rendered, it queues one
more. A task superseded by another (its row no longer queued for its revision) does nothing.

A failed render is tried again after RETRY_DELAY, up to MAX_ATTEMPTS in all; then the row says failed, an
error is logged for the team, and the download page offers to try again.

Renders run at RENDER_PRIORITY, below the default priority emails are sent at, so a burst of renders never
holds an email back; run the worker under `nice` so a render never slows a page either.

The task and its row are written in one transaction: with the database backend the queued task and the
row's status commit together. The token check in the task keeps any other backend safe as well.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from assessments.models import Assessment

from .models import PlanRender, RenderStatus

logger = logging.getLogger(__name__)

RENDER_PRIORITY = -10
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=30)
# A render that has said "rendering" this long died with its worker: the next download queues another.
STUCK_AFTER = timedelta(minutes=5)
COULD_NOT_RENDER = "The action plan could not be prepared as a PDF."


def queue_render(assessment_id: int, *, retry_failed: bool = True) -> bool:
    """Queue a render of the assessment's action plan unless one is queued or under way; say whether it queued.

    Call it once a change has committed (`transaction.on_commit`). With retry_failed=False a render that
    failed at the current revision is left failed (a download only shows that; a person may try again).
    """
    with transaction.atomic():
        current = Assessment.objects.filter(pk=assessment_id).values_list("revision", flat=True).first()
        if current is None:
            return False
        render = PlanRender.objects.select_for_update().filter(assessment_id=assessment_id).first()
        if render is None:
            try:
                with transaction.atomic():
                    render = PlanRender.objects.create(
                        assessment_id=assessment_id, revision=current, queued_at=timezone.now()
                    )
            except IntegrityError:
                return False  # another request queued it a moment ago
            _enqueue(render)
            return True
        if render.status == RenderStatus.QUEUED:
            return False  # that task renders whatever is current when it runs
        if render.status == RenderStatus.RENDERING and render.started_at > timezone.now() - STUCK_AFTER:
            return False  # when it finishes it queues one more if the assessment moved on
        if render.status == RenderStatus.FAILED and render.revision == current and not retry_failed:
            return False
        render.revision, render.status, render.attempts, render.error = current, RenderStatus.QUEUED, 0, ""
        render.queued_at = timezone.now()
        render.save()
        _enqueue(render)
        return True


def queue_render_on_commit(assessment_ids) -> None:
    """After the caller's transaction commits, queue a render of each assessment (see `queue_render`)."""
    for assessment_id in assessment_ids:
        transaction.on_commit(lambda pk=assessment_id: queue_render(pk))


def _enqueue(render: PlanRender, *, delay: timedelta | None = None) -> None:
    runner = render_action_plan.using(run_after=timezone.now() + delay) if delay else render_action_plan
    runner.enqueue(render.assessment_id, render.revision)


@task(priority=RENDER_PRIORITY)
def render_action_plan(assessment_id: int, revision: int) -> str:
    """Render the assessment's action plan as it stands now into the reports cache; return what happened."""
    from . import pdf  # WeasyPrint takes a second to import: only the worker needs it

    with transaction.atomic():
        render = PlanRender.objects.select_for_update().filter(assessment_id=assessment_id).first()
        if render is None or render.status != RenderStatus.QUEUED or render.revision != revision:
            return "superseded"
        render.status, render.started_at = RenderStatus.RENDERING, timezone.now()
        render.save(update_fields=["status", "started_at", "updated_at"])

    assessment = _fresh(assessment_id)
    key = pdf.cache_key(assessment)
    try:
        pdf.action_plan_pdf(assessment)
    except Exception:
        return _failed(render.pk)

    with transaction.atomic():
        render = PlanRender.objects.select_for_update().get(pk=render.pk)
        now = _fresh(assessment_id)
        if pdf.cache_key(now) != key:
            render.revision, render.status, render.attempts = now.revision, RenderStatus.QUEUED, 0
            render.queued_at = timezone.now()
            render.save()
            _enqueue(render)
            return "moved on: queued again"
        render.revision, render.status, render.attempts, render.error = assessment.revision, RenderStatus.READY, 0, ""
        render.finished_at = timezone.now()
        render.save()
    return "ready"


def _fresh(assessment_id: int) -> Assessment:
    return (
        Assessment.objects.select_related("partnership__trust", "version__framework", "reviewer", "accepted_by")
        .prefetch_related("partnership__councils")
        .get(pk=assessment_id)
    )


def _failed(render_pk: int) -> str:
    with transaction.atomic():
        render = PlanRender.objects.select_for_update().get(pk=render_pk)
        render.attempts += 1
        if render.attempts < MAX_ATTEMPTS:
            logger.warning(
                "Rendering the action plan of assessment %s failed (attempt %s of %s); trying again.",
                render.assessment_id,
                render.attempts,
                MAX_ATTEMPTS,
                exc_info=True,
            )
            render.status = RenderStatus.QUEUED
            render.save()
            _enqueue(render, delay=RETRY_DELAY)
            return "failed: queued again"
        logger.error(
            "Rendering the action plan of assessment %s failed %s times; people are offered the CSV and XLSX.",
            render.assessment_id,
            render.attempts,
            exc_info=True,
        )
        render.status, render.error, render.finished_at = RenderStatus.FAILED, COULD_NOT_RENDER, timezone.now()
        render.save()
    return "failed"
