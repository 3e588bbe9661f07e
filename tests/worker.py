"""Running the background worker inside a test, as `manage.py db_worker --batch` does."""

from unittest import mock

from django.core.management import call_command


def run_worker() -> int:
    """Run every queued task that is due, then stop; return how many were waiting.

    The worker closes "old" connections between tasks; the test's own connection, held open in the test's
    transaction, would count as one on PostgreSQL (autocommit is off there), so that check is a no-op here,
    as Django's test case makes the same check a no-op at the end of each request.
    """
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().count()
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0)
    return waiting
