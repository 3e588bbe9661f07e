"""Who is emailed about each move, what the email says, where it links, and the record people can read.

The Mersey partnership (tests/conftest.py): three governance leads, a contributor and a manager. BASW has Olive
Officer and Otis; Ivy is an officer no longer active. Emails are read from Django's test mailbox (`mailoutbox`),
after the move's transaction commits (`django_capture_on_commit_callbacks`) and the worker has run (`run_tasks`).
"""

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.timezone import localtime
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments import services
from assessments.models import Delivery, Membership, Notification, Response, Role, Status
from assessments.services.notifications import CHANGES_REQUESTED, SUBMITTED, TAKEN
from assessments.services.review import response_reply, response_review, review_agree_remaining
from assessments.tasks import MAX_ATTEMPTS, UNREACHABLE, send_notification
from tests import factories

from .page_helpers import answer_all, sign_off_all, submitted, url

pytestmark = pytest.mark.django_db

SITE = "https://audit.example.org"


@pytest.fixture(autouse=True)
def site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(leads, contributor, manager, officer, outsider):
    """Everyone, so that each test can check who was left out as well as who was told."""
    other_officer = factories.make_member(factories.basw(), Role.OFFICER, "Otis Otherofficer")
    inactive = factories.make_member(factories.basw(), Role.OFFICER, "Ivy Inactive")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    return {"other_officer": other_officer, "inactive": inactive}


def to(mailoutbox):
    """Each email's single recipient, in order: nobody sees anyone else's address."""
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)
    return sorted(m.to[0] for m in mailoutbox)


def emails(*users):
    return sorted(u.email for u in users)


def by(mailoutbox, user):
    return next(m for m in mailoutbox if m.to == [user.email])


def submit(assessment, leads, capture, run_tasks):
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    with capture(execute=True):
        services.assessment_submit(assessment=assessment, actor=leads[0])
    run_tasks()
    assessment.refresh_from_db()
    return assessment


def test_submission_tells_every_active_basw_officer_with_a_link_to_the_review(
    assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    assert to(mailoutbox) == emails(officer, people["other_officer"])
    mail = by(mailoutbox, officer)
    assert mail.subject == "Submitted for review: Mersey Mental Health Partnership 2026/27"
    assert f"{SITE}/review/{a.pk}/" in mail.body
    assert "Dear Olive Officer" in mail.body and "Submitted by Tara Trustlead" in mail.body
    rows = Notification.objects.filter(assessment=a)
    assert sorted(rows.values_list("email", flat=True)) == emails(officer, people["other_officer"])
    assert set(rows.values_list("kind", flat=True)) == {SUBMITTED}
    assert rows.get(recipient=officer).body == mail.body


def test_a_resubmission_tells_only_the_officer_who_returned_it(
    assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    services.assessment_take(assessment=a, actor=officer)
    s1 = Response.objects.get(assessment=a, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Where is the supervision policy?")
    services.assessment_return(assessment=a, actor=officer, note="Please answer the query on S1.")
    response_reply(response=s1, actor=leads[0], reply="It is attached now.")
    mailoutbox.clear()
    sign_off_all(a, *leads)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_submit(assessment=a, actor=leads[0])
    run_tasks()
    assert to(mailoutbox) == emails(officer)
    mail = by(mailoutbox, officer)
    assert mail.subject == "Resubmitted to you: Mersey Mental Health Partnership 2026/27"
    assert "after your return" in mail.body and f"{SITE}/review/{a.pk}/" in mail.body


def test_an_officer_who_works_for_a_partner_is_not_told_of_its_submission(
    assessment, leads, officer, council, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    Membership.objects.create(user=officer, organisation=council, role=Role.MANAGER)
    submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    assert officer.email not in to(mailoutbox)


def test_taking_for_review_tells_the_partnerships_governance_leads(
    client, assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    mailoutbox.clear()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_take", a.pk))
    run_tasks()
    assert to(mailoutbox) == emails(*leads)
    mail = by(mailoutbox, leads[1])
    assert mail.subject == "BASW is reviewing your assessment: Mersey Mental Health Partnership 2026/27"
    assert "Olive Officer, a BASW officer, has taken" in mail.body
    assert f"{SITE}/assessments/{a.pk}/" in mail.body
    assert Notification.objects.filter(assessment=a, kind=TAKEN).count() == 3


def test_returning_tells_leads_and_contributors_listing_each_query_with_a_link_to_reply(
    client,
    assessment,
    leads,
    contributor,
    manager,
    officer,
    people,
    mailoutbox,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    services.assessment_take(assessment=a, actor=officer)
    largely = a.version.rating_levels.get(code="largely-met")
    for code, comment in (("S1", "Where is the supervision audit?"), ("S3", "Who is the PSW?")):
        response = Response.objects.get(assessment=a, standard__code=code)
        response_review(response=response, actor=officer, state="queried", comment=comment, expected_rating=largely)
    response_review(
        response=Response.objects.get(assessment=a, standard__code="S2"), actor=officer, state="agreed", comment=""
    )
    mailoutbox.clear()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_return", a.pk), {"note": "Please evidence supervision and leadership."})
    run_tasks()
    assert to(mailoutbox) == emails(*leads, contributor)
    mail = by(mailoutbox, contributor)
    assert mail.subject == "Changes requested: Mersey Mental Health Partnership 2026/27"
    assert "Please evidence supervision and leadership." in mail.body
    assert "Standards queried (2):" in mail.body
    assert (
        "S1 Practice 1\n  Query: Where is the supervision audit?\n  The officer would expect: Largely met" in mail.body
    )
    assert "S3 Practice 3\n  Query: Who is the PSW?" in mail.body
    assert f"{SITE}/assessments/{a.pk}/standards/S1/reply/" in mail.body
    assert f"{SITE}/assessments/{a.pk}/standards/S3/reply/" in mail.body
    assert "S2 Practice 2" not in mail.body
    assert f"{SITE}/assessments/{a.pk}/" in mail.body
    assert manager.email not in to(mailoutbox)
    assert Notification.objects.filter(assessment=a, kind=CHANGES_REQUESTED).count() == 4


def test_acceptance_tells_leads_and_managers_with_the_summary(
    client,
    assessment,
    leads,
    contributor,
    manager,
    officer,
    people,
    mailoutbox,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    services.assessment_take(assessment=a, actor=officer)
    review_agree_remaining(assessment=a, actor=officer)  # accepting needs every standard agreed
    mailoutbox.clear()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_accept", a.pk), {"summary": "Strong professional leadership."})
    run_tasks()
    a.refresh_from_db()
    assert to(mailoutbox) == emails(*leads, manager)
    mail = by(mailoutbox, manager)
    assert mail.subject == "Accepted by BASW: Mersey Mental Health Partnership 2026/27"
    assert f"Reviewed by Olive Officer on {a.accepted_at:%-d %B %Y}" in mail.body
    assert "Strong professional leadership." in mail.body
    assert f"{SITE}/assessments/{a.pk}/" in mail.body
    assert contributor.email not in to(mailoutbox)


def test_a_refused_move_sends_nothing_and_records_nothing(
    client, assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    services.assessment_take(assessment=a, actor=officer)
    before = Notification.objects.count()
    mailoutbox.clear()
    client.force_login(people["other_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_take", a.pk))
        client.post(url("review_accept", a.pk), {"summary": ""})
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_return", a.pk), {"note": ""})
    assert emails_queued() == 0
    run_tasks()
    assert mailoutbox == []
    assert Notification.objects.count() == before


def test_emails_wait_for_the_commit(
    assessment, leads, officer, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.assessment_submit(assessment=assessment, actor=leads[0])
    assert emails_queued() == 0  # the move is done, the email is not even queued: that waits for the commit
    run_tasks()
    assert mailoutbox == []
    assert Notification.objects.filter(assessment=assessment, kind=SUBMITTED).count() == 1
    for callback in callbacks:
        callback()
    assert emails_queued() == 1
    run_tasks()
    assert to(mailoutbox) == [officer.email]


def test_emails_are_sent_by_the_worker_not_the_request(
    client, assessment, leads, officer, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    mailoutbox.clear()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_take", a.pk))
    assert mailoutbox == []  # committed, and queued
    assert set(Notification.objects.filter(kind=TAKEN).values_list("status", flat=True)) == {Delivery.QUEUED}
    assert emails_queued() == 3
    run_tasks()
    assert to(mailoutbox) == emails(*leads)
    rows = Notification.objects.filter(kind=TAKEN)
    assert set(rows.values_list("status", "attempts")) == {(Delivery.SENT, 1)}
    assert all(row.delivered_at >= row.created_at for row in rows)


def test_each_email_is_sent_once_however_often_the_worker_runs_or_it_is_queued(
    assessment, leads, officer, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    assert len(mailoutbox) == 1
    notification = Notification.objects.get(kind=SUBMITTED)
    run_tasks()
    send_notification.enqueue(notification.pk)  # a duplicate, as a retried enqueue could make
    assert emails_queued() == 1
    run_tasks()
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Delivery.SENT, 1)


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses the connection the first `failures` times (every time when None)."""

    failures = None
    calls = 0

    def send_messages(self, email_messages):
        FailingBackend.calls += 1
        if FailingBackend.failures is None or FailingBackend.calls <= FailingBackend.failures:
            raise ConnectionRefusedError("mail server down")
        mail.outbox.extend(email_messages)
        return len(email_messages)


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.failures, FailingBackend.calls = None, 0
    return FailingBackend


def emails_queued():
    """Email tasks the worker would run now (other background work, such as PDFs, is left out)."""
    return DBTaskResult.objects.ready().filter(task_path__startswith="assessments.tasks.send_").count()


def retries_fall_due():
    """Bring every delayed retry forward to now, as if its wait were over."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_a_mail_server_that_fails_does_not_undo_or_break_the_move(
    failing_mail, assessment, leads, officer, caplog, django_capture_on_commit_callbacks, run_tasks
):
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_submit(assessment=assessment, actor=leads[0])
    with caplog.at_level(logging.WARNING, logger="assessments.tasks"):
        run_tasks()
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    notification = Notification.objects.get(kind=SUBMITTED)
    assert (notification.status, notification.attempts) == (Delivery.QUEUED, 1)
    assert notification.last_error == UNREACHABLE
    assert "will retry" in caplog.text


def test_an_email_the_mail_server_refused_twice_is_sent_on_the_third_attempt(
    failing_mail, assessment, leads, officer, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    failing_mail.failures = 2
    submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
    assert mailoutbox == []
    run_tasks()
    assert mailoutbox == [] and emails_queued() == 0  # the retry waits its delay
    for _ in range(2):
        retries_fall_due()
        assert emails_queued() == 1
        run_tasks()
    assert to(mailoutbox) == [officer.email]
    notification = Notification.objects.get(kind=SUBMITTED)
    assert (notification.status, notification.attempts, notification.last_error) == (Delivery.SENT, 3, "")


def test_an_email_that_never_goes_is_given_up_on_and_shown_as_failed(
    client, failing_mail, assessment, leads, officer, caplog, django_capture_on_commit_callbacks, run_tasks
):
    with caplog.at_level(logging.ERROR, logger="assessments.tasks"):
        a = submit(assessment, leads, django_capture_on_commit_callbacks, run_tasks)
        for _ in range(MAX_ATTEMPTS):
            retries_fall_due()
            run_tasks()
    notification = Notification.objects.get(kind=SUBMITTED)
    assert (notification.status, notification.attempts) == (Delivery.FAILED, MAX_ATTEMPTS)
    assert failing_mail.calls == MAX_ATTEMPTS
    assert f"after {MAX_ATTEMPTS} attempts" in caplog.text
    client.force_login(officer)
    text = client.get(url("activity", a.pk)).content.decode()
    assert f"Failed after {MAX_ATTEMPTS} attempts: {UNREACHABLE}" in text


def test_people_see_the_notification_history_of_an_assessment(
    client, assessment, leads, manager, officer, django_capture_on_commit_callbacks, run_tasks
):
    a = submitted(assessment, *leads)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_take(assessment=a, actor=officer)
    for person in (manager, officer):
        client.force_login(person)
        text = client.get(url("activity", a.pk)).content.decode()
        assert "Submitted for review: Mersey Mental Health Partnership 2026/27" in text
        assert "BASW is reviewing your assessment" in text
        assert "Tara Trustlead" in text and "Olive Officer" in text
        assert "Queued" in text
    run_tasks()
    sent = Notification.objects.filter(kind=TAKEN).first()
    text = client.get(url("activity", a.pk)).content.decode()
    assert f"Sent at {localtime(sent.delivered_at):%-d %b %Y %H:%M}" in text
