"""Background work for reports: an assessment's PDFs, rendered by the worker after each change.

An assessment has two PDFs (`RenderKind`): its action plan, and the s75 review pack (the plan's progress for
the partnership agreement's annual review). Every write service takes the assessment through
`lock_for_change`, and the partnership's services count a revision on each of its assessments; once that
change commits, `queue_render` is called. It queues the action plan, and the review pack too once the plan is
live (the assessment accepted: `RENDERED_AFTER_A_CHANGE`); before that a pack is rendered only when someone
asks for it. At most one render of each kind is queued per assessment (its `PlanRender` row says queued,
rendering, ready or failed), so ten edits in a burst render each PDF once. The task renders whatever the
assessment is when it runs, into the "reports" cache under `pdf.cache_key`, which every web worker reads; if
the assessment changed while it rendered, it queues one more. A task superseded by another (its row no longer
queued for its revision) does nothing.

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

from assessments.models import Act, Assessment, status_allows

from .models import PlanRender, RenderKind, RenderStatus

logger = logging.getLogger(__name__)

RENDER_PRIORITY = -10
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=30)
# A render that has said "rendering" this long died with its worker: the next download queues another.
STUCK_AFTER = timedelta(minutes=5)
COULD_NOT_RENDER = "The action plan could not be prepared as a PDF."
COULD_NOT_RENDER_PACK = "The s75 review pack could not be prepared as a PDF."
COULD_NOT = {RenderKind.ACTION_PLAN: COULD_NOT_RENDER, RenderKind.REVIEW_PACK: COULD_NOT_RENDER_PACK}


def rendered_after_a_change(status: str) -> list[str]:
    """The PDFs the worker renders after a change: the action plan always; the review pack once the plan is live
    (accepted, when only the plan moves), as nobody takes a draft's progress to the agreement's annual review."""
    if status_allows(status, Act.PROGRESS):
        return [RenderKind.ACTION_PLAN, RenderKind.REVIEW_PACK]
    return [RenderKind.ACTION_PLAN]


def queue_render(assessment_id: int, *, retry_failed: bool = True, kind: str | None = None) -> bool:
    """Queue a render of the assessment's PDF of this kind unless one is queued or under way; say whether it
    queued. Without a kind (after a change), each of `rendered_after_a_change`.

    Call it once a change has committed (`transaction.on_commit`). With retry_failed=False a render that
    failed at the current revision is left failed (a download only shows that; a person may try again).
    """
    current = Assessment.objects.filter(pk=assessment_id).values_list("revision", "status").first()
    if current is None:
        return False
    revision, status = current
    queued = [
        _queue_one(assessment_id, revision, each, retry_failed=retry_failed)
        for each in ([kind] if kind else rendered_after_a_change(status))
    ]
    return any(queued)


def _queue_one(assessment_id: int, current: int, kind: str, *, retry_failed: bool) -> bool:
    with transaction.atomic():
        render = PlanRender.objects.select_for_update().filter(assessment_id=assessment_id, kind=kind).first()
        if render is None:
            try:
                with transaction.atomic():
                    render = PlanRender.objects.create(
                        assessment_id=assessment_id, kind=kind, revision=current, queued_at=timezone.now()
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
    """After the caller's transaction commits, queue the renders of each assessment (see `queue_render`)."""
    for assessment_id in assessment_ids:
        transaction.on_commit(lambda pk=assessment_id: queue_render(pk))


def _enqueue(render: PlanRender, *, delay: timedelta | None = None) -> None:
    runner = render_action_plan.using(run_after=timezone.now() + delay) if delay else render_action_plan
    runner.enqueue(render.assessment_id, render.revision, render.kind)


@task(priority=RENDER_PRIORITY)
def render_action_plan(assessment_id: int, revision: int, kind: str = RenderKind.ACTION_PLAN) -> str:
    """Render the assessment's PDF of this kind (the action plan, unless said) as it stands now into the reports
    cache; return what happened."""
    from . import pdf  # WeasyPrint takes a second to import: only the worker needs it

    with transaction.atomic():
        render = PlanRender.objects.select_for_update().filter(assessment_id=assessment_id, kind=kind).first()
        if render is None or render.status != RenderStatus.QUEUED or render.revision != revision:
            return "superseded"
        render.status, render.started_at = RenderStatus.RENDERING, timezone.now()
        render.save(update_fields=["status", "started_at", "updated_at"])

    assessment = _fresh(assessment_id)
    key = pdf.cache_key(assessment, kind)
    try:
        pdf.pdf_of(assessment, kind)
    except Exception:
        return _failed(render.pk)

    with transaction.atomic():
        render = PlanRender.objects.select_for_update().get(pk=render.pk)
        now = _fresh(assessment_id)
        if pdf.cache_key(now, kind) != key:
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
                "Rendering the %s of assessment %s failed (attempt %s of %s); trying again.",
                render.get_kind_display(),
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
            "Rendering the %s of assessment %s failed %s times; people are offered the spreadsheets.",
            render.get_kind_display(),
            render.assessment_id,
            render.attempts,
            exc_info=True,
        )
        render.status, render.error, render.finished_at = RenderStatus.FAILED, COULD_NOT[render.kind], timezone.now()
        render.save()
    return "failed"
