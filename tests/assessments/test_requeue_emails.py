"""requeue_emails gives the worker again every email left without a task, so no email is lost.

Nobody's request is involved: a notification row is made as the workflow makes it (queued), then left behind
as the two rare failures leave it: with no task (the queue refused it at commit) or "sending" with its worker
gone. Tara Trustlead (a governance lead at the trust) is the recipient.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.management.commands.requeue_emails import BAD_MINUTES
from assessments.models import Delivery, Notification
from assessments.tasks import send_notification

pytestmark = pytest.mark.django_db


def left_behind(assessment, person, *, status=Delivery.QUEUED, minutes_ago=30, subject="Submitted for review"):
    return Notification.objects.create(
        assessment=assessment,
        kind="submitted",
        recipient=person,
        email=person.email,
        subject=subject,
        body="Body.",
        status=status,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def requeue(*args):
    out = StringIO()
    call_command("requeue_emails", *args, stdout=out)
    return out.getvalue()


def test_an_email_left_without_a_task_is_queued_again_and_sent_once(assessment, trust_lead, mailoutbox, run_tasks):
    lost = left_behind(assessment, trust_lead)
    assert run_tasks() == 0 and mailoutbox == []  # nothing would ever send it

    assert "1 email(s) queued again." in requeue()
    run_tasks()
    assert [m.to for m in mailoutbox] == [[trust_lead.email]]
    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (Delivery.SENT, 1)
    assert "0 email(s) queued again." in requeue()  # sent: nothing more to do


def test_an_email_whose_worker_died_mid_send_is_sent_again(assessment, trust_lead, mailoutbox, run_tasks):
    stuck = left_behind(assessment, trust_lead, status=Delivery.SENDING)
    requeue()
    run_tasks()
    stuck.refresh_from_db()
    assert stuck.status == Delivery.SENT and len(mailoutbox) == 1


def test_an_email_with_a_task_waiting_or_a_recent_one_is_left_alone(assessment, trust_lead, mailoutbox, run_tasks):
    waiting = left_behind(assessment, trust_lead, subject="Waiting for its retry")
    send_notification.using(run_after=timezone.now() + timedelta(minutes=30)).enqueue(waiting.pk)
    left_behind(assessment, trust_lead, minutes_ago=2, subject="Just asked for")
    out = requeue()
    assert "0 email(s) queued again." in out and "Waiting for its retry" not in out


def test_a_dry_run_queues_nothing_and_bad_minutes_are_refused(assessment, trust_lead, run_tasks):
    left_behind(assessment, trust_lead)
    assert "Would queue 'Submitted for review'" in requeue("--dry-run")
    assert run_tasks() == 0
    with pytest.raises(CommandError) as excinfo:
        requeue("--older-than", "0")
    assert str(excinfo.value) == BAD_MINUTES
