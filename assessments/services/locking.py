"""The one way a write service takes hold of an assessment."""

from django.db.models import F

from ..models import Assessment


def lock_for_change(pk: int) -> Assessment:
    """Lock the assessment's row for the caller's transaction and count a new revision.

    Every service that changes an assessment, its answers, actions, evidence, sign-offs or review starts
    here, so `revision` moves with any change and a cached report keyed on it is never stale. A write that
    is then refused raises inside the transaction, which rolls the count back too.
    """
    Assessment.objects.filter(pk=pk).update(revision=F("revision") + 1)
    return Assessment.objects.select_for_update().get(pk=pk)
