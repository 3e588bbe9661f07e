"""`manage.py send_reminders [--dry-run] [--date YYYY-MM-DD]`: what it prints, that a dry run changes nothing, its
refusal of a day it cannot read, and its cost (a fixed number of reads whatever the size of the plans, and one
insert per email). The Mersey plan on Monday 2 March 2026 is tests/assessments/reminder_helpers.py's."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.management.commands.send_reminders import BAD_DATE
from assessments.models import Action, Delivery, Notification

from .reminder_helpers import DUE, SITE, TODAY, accepted_plan, send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.REMINDER_DAYS_BEFORE = 14


@pytest.fixture
def plan(assessment, leads, officer, contributor, manager, council_lead):
    return accepted_plan(
        assessment, {"S1": contributor, "S2": manager, "S4": council_lead}, leads=leads, officer=officer
    )


def call(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_names_each_recipient_kind_action_standard_due_date_overdue_and_in_a_digest_owner(
    plan, leads, contributor, manager, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    tara, colin, cara = leads
    out = send(django_capture_on_commit_callbacks, run_tasks, "--dry-run")
    s1 = 'S1 "Agree the S1 improvement with the partners." due 2026-03-07'
    s2 = 'S2 "Agree the S2 improvement with the partners." due 2026-02-27, overdue'
    s3 = 'S3 "Agree the S3 improvement with the partners." due 2026-03-04'
    digest = "weekly digest, Mersey Mental Health Partnership"
    items = f"{s2}, owner Manny Manager; {s3}, owner Sam Owner; {s1}, owner Connie Contributor"
    assert out.splitlines() == [
        f"Would email Connie Contributor <{contributor.email}> (due soon): {s1}",
        f"Would email Manny Manager <{manager.email}> (overdue): {s2}",
        f"Would email Cara Secondcouncil <{cara.email}> ({digest}): {items}",
        f"Would email Colin Councillead <{colin.email}> ({digest}): {items}",
        f"Would email Tara Trustlead <{tara.email}> ({digest}): {items}",
        "Dry run for 2026-03-02, nothing recorded or sent. Would email 1 due soon, 1 overdue, 3 weekly digest(s).",
    ]


def test_dry_run_records_queues_and_sends_nothing(plan, mailoutbox, django_capture_on_commit_callbacks, run_tasks):
    before = Notification.objects.count()
    send(django_capture_on_commit_callbacks, run_tasks, "--dry-run")
    assert mailoutbox == []
    assert Notification.objects.count() == before
    assert not Notification.objects.filter(once_key__isnull=False).exists()
    assert not DBTaskResult.objects.exists()


def test_dry_run_leaves_out_what_was_already_sent(plan, mailoutbox, django_capture_on_commit_callbacks, run_tasks):
    send(django_capture_on_commit_callbacks, run_tasks)
    out = send(django_capture_on_commit_callbacks, run_tasks, "--dry-run")
    assert out.splitlines() == [
        "Dry run for 2026-03-02, nothing recorded or sent. Would email 0 due soon, 0 overdue, 0 weekly digest(s)."
    ]


def test_a_run_prints_one_line_of_how_many_of_each_it_queued(
    plan, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    out = send(django_capture_on_commit_callbacks, run_tasks)
    assert out == "Reminders for 2026-03-02 queued for the worker: 1 due soon, 1 overdue, 3 weekly digest(s).\n"
    assert len(mailoutbox) == 5
    again = send(django_capture_on_commit_callbacks, run_tasks)
    assert again == "Reminders for 2026-03-02 queued for the worker: 0 due soon, 0 overdue, 0 weekly digest(s).\n"
    assert len(mailoutbox) == 5


def test_nothing_due_means_no_digest(plan, mailoutbox, django_capture_on_commit_callbacks, run_tasks):
    out = send(django_capture_on_commit_callbacks, run_tasks, day=TODAY - timedelta(days=60))
    assert out.endswith("0 due soon, 0 overdue, 0 weekly digest(s).\n")
    assert mailoutbox == []


def test_without_a_date_it_reminds_for_today(
    plan, contributor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    today = timezone.localdate()
    Action.objects.filter(response__assessment=plan["S1"].response.assessment).update(due_date=today + timedelta(90))
    Action.objects.filter(pk=plan["S1"].pk).update(due_date=today + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        out = call()
    run_tasks()
    assert out.startswith(f"Reminders for {today.isoformat()} queued for the worker: 1 due soon, 0 overdue,")
    assert [m.to for m in mailoutbox if m.subject.startswith("Action due")] == [[contributor.email]]


@pytest.mark.parametrize("day", ["2026-13-01", "tomorrow", "02/03/2026", ""])
def test_a_date_it_cannot_read_is_refused_with_the_format_it_wants(plan, day):
    with pytest.raises(CommandError) as excinfo:
        call("--date", day)
    assert str(excinfo.value) == BAD_DATE.format(value=day)
    assert not Notification.objects.filter(once_key__isnull=False).exists()


def test_reminders_left_without_a_task_are_queued_again_by_requeue_emails(
    plan, contributor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=False):  # the queue refused the tasks after the commit
        call("--date", TODAY.isoformat())
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    call_command("requeue_emails", stdout=out)
    run_tasks()
    assert "Action due on 7 March 2026: S1" in out.getvalue()
    reminders = Notification.objects.filter(once_key__isnull=False)
    assert reminders.count() == 5
    assert {(r.email, r.subject) for r in reminders} <= {(m.to[0], m.subject) for m in mailoutbox}
    assert set(reminders.values_list("status", flat=True)) == {Delivery.SENT}


def more_actions(plan, owners, n):
    """`n` more owned actions on S1, half overdue and half due soon."""
    response = plan["S1"].response
    for i in range(n):
        owner = owners[i % len(owners)]
        Action.objects.create(
            response=response,
            description=f"Extra action {i}.",
            owner=owner,
            owner_name=owner.full_name,
            owner_role=owner.job_title,
            due_date=DUE["S2"] if i % 2 else DUE["S1"],
        )


def run_counting(django_capture_on_commit_callbacks, *args):
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        call("--date", TODAY.isoformat(), *args)
    statements = [q["sql"].lstrip().split(None, 1)[0].upper() for q in queries.captured_queries]
    return {
        "reads": statements.count("SELECT"),
        "inserts": statements.count("INSERT"),
        "other": [s for s in statements if s not in {"SELECT", "INSERT", "SAVEPOINT", "RELEASE"}],
    }


@pytest.mark.parametrize("extra", [0, 12])
def test_the_work_is_a_fixed_number_of_reads_and_one_insert_per_email(
    plan, contributor, manager, extra, django_capture_on_commit_callbacks
):
    more_actions(plan, [contributor, manager], extra)
    dry = run_counting(django_capture_on_commit_callbacks, "--dry-run")
    assert dry == {"reads": 5, "inserts": 0, "other": []}
    counts = run_counting(django_capture_on_commit_callbacks)
    emails = Notification.objects.filter(once_key__isnull=False).count()
    assert emails == 5 + extra
    # One more read than the dry run: the same daily run closes the pulses past their closing date.
    assert counts == {"reads": 6, "inserts": emails, "other": []}


def test_dry_run_shortens_a_long_action_to_one_line(plan, contributor):
    long = "Agree the supervision policy\nwith every partner, " + "and review it each quarter " * 10
    Action.objects.filter(pk=plan["S1"].pk).update(description=long)
    line = call("--date", TODAY.isoformat(), "--dry-run").splitlines()[0]
    assert line == (
        f"Would email Connie Contributor <{contributor.email}> (due soon): "
        'S1 "Agree the supervision policy with every partner, and review…" due 2026-03-07'
    )
