"""Give the worker again every notification email that has no task waiting for it, so none is ever lost.

A notification is queued in the same transaction as the move it tells of, and its task is queued after the
commit. Two rare things can leave it behind: the queue refusing the task at that moment (the database
briefly unavailable), or a worker killed while sending (the row stays "sending"). Run this from cron (every
15 minutes, say): it queues a task for each notification that is queued, or has been sending for longer
than `--older-than` minutes, and has no task waiting or running. Sending stays idempotent: a notification is
claimed before it is sent, so a second task for it sends nothing.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments.models import Delivery, Notification
from assessments.tasks import send_notification

BAD_MINUTES = "--older-than must be a whole number of minutes, 1 or more."


def pending_notification_ids() -> set[int]:
    """The notifications that have a send task waiting (now or later) or running."""
    waiting = DBTaskResult.objects.filter(
        task_path=send_notification.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True)
    return {args["args"][0] for args in waiting if args.get("args")}


class Command(BaseCommand):
    help = "Queue a send task again for every notification email left without one (cron, every 15 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=15, help="Minutes since it was asked for (default 15).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be queued, and queue nothing.")

    def handle(self, *args, older_than, dry_run, **options):
        if older_than < 1:
            raise CommandError(BAD_MINUTES)
        cutoff = timezone.now() - timedelta(minutes=older_than)
        left = Notification.objects.filter(
            Q(status=Delivery.QUEUED) | Q(status=Delivery.SENDING), created_at__lt=cutoff
        ).order_by("pk")
        pending = pending_notification_ids()
        requeued = 0
        for notification in left.exclude(pk__in=pending):
            if not dry_run:
                if notification.status == Delivery.SENDING:  # its worker died mid-send
                    Notification.objects.filter(pk=notification.pk, status=Delivery.SENDING).update(
                        status=Delivery.QUEUED
                    )
                send_notification.enqueue(notification.pk)
            requeued += 1
            self.stdout.write(
                f"{'Would queue' if dry_run else 'Queued'} {notification.subject!r} to {notification.email}"
            )
        self.stdout.write(f"{requeued} email(s) {'would be ' if dry_run else ''}queued again.")
