"""The one way a write service takes hold of an assessment."""

from django.db import transaction
from django.db.models import F

from ..models import Assessment


def lock_for_change(pk: int) -> Assessment:
    """Lock the assessment's row for the caller's transaction and count a new revision.

    Every service that changes an assessment, its answers, actions, evidence, sign-offs or review starts
    here, so `revision` moves with any change and a cached report keyed on it is never stale. A write that
    is then refused raises inside the transaction, which rolls the count back too. Once the change commits,
    the worker renders the action plan's PDF afresh (reports/tasks.py); a refused write queues nothing.
    """
    Assessment.objects.filter(pk=pk).update(revision=F("revision") + 1)
    transaction.on_commit(lambda: _queue_render(pk))
    return Assessment.objects.select_for_update().get(pk=pk)


def _queue_render(pk: int) -> None:
    from reports.tasks import queue_render  # reports builds on assessments, so import it only when needed

    queue_render(pk)
