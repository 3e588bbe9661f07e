"""Who is emailed about each move, what the email says, where it links, and the record people can read.

The Mersey partnership (tests/conftest.py): three governance leads, a contributor and a manager. BASW has Olive
Officer and Otis; Ivy is an officer no longer active. Emails are read from Django's test mailbox (`mailoutbox`),
after the move's transaction commits (`django_capture_on_commit_callbacks`).
"""

import logging

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from assessments import services
from assessments.models import Membership, Notification, Response, Role, Status
from assessments.services.notifications import CHANGES_REQUESTED, SUBMITTED, TAKEN
from assessments.services.review import response_reply, response_review, review_agree_remaining
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


def submit(assessment, leads, capture):
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    with capture(execute=True):
        services.assessment_submit(assessment=assessment, actor=leads[0])
    assessment.refresh_from_db()
    return assessment


def test_submission_tells_every_active_basw_officer_with_a_link_to_the_review(
    assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks)
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
    assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks)
    services.assessment_take(assessment=a, actor=officer)
    s1 = Response.objects.get(assessment=a, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Where is the supervision policy?")
    services.assessment_return(assessment=a, actor=officer, note="Please answer the query on S1.")
    response_reply(response=s1, actor=leads[0], reply="It is attached now.")
    mailoutbox.clear()
    sign_off_all(a, *leads)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_submit(assessment=a, actor=leads[0])
    assert to(mailoutbox) == emails(officer)
    mail = by(mailoutbox, officer)
    assert mail.subject == "Resubmitted to you: Mersey Mental Health Partnership 2026/27"
    assert "after your return" in mail.body and f"{SITE}/review/{a.pk}/" in mail.body


def test_an_officer_who_works_for_a_partner_is_not_told_of_its_submission(
    assessment, leads, officer, council, mailoutbox, django_capture_on_commit_callbacks
):
    Membership.objects.create(user=officer, organisation=council, role=Role.MANAGER)
    submit(assessment, leads, django_capture_on_commit_callbacks)
    assert officer.email not in to(mailoutbox)


def test_taking_for_review_tells_the_partnerships_governance_leads(
    client, assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_take", a.pk))
    assert to(mailoutbox) == emails(*leads)
    mail = by(mailoutbox, leads[1])
    assert mail.subject == "BASW is reviewing your assessment: Mersey Mental Health Partnership 2026/27"
    assert "Olive Officer, a BASW officer, has taken" in mail.body
    assert f"{SITE}/assessments/{a.pk}/" in mail.body
    assert Notification.objects.filter(assessment=a, kind=TAKEN).count() == 3


def test_returning_tells_leads_and_contributors_listing_each_query_with_a_link_to_reply(
    client, assessment, leads, contributor, manager, officer, people, mailoutbox, django_capture_on_commit_callbacks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks)
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
    client, assessment, leads, contributor, manager, officer, people, mailoutbox, django_capture_on_commit_callbacks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks)
    services.assessment_take(assessment=a, actor=officer)
    review_agree_remaining(assessment=a, actor=officer)  # accepting needs every standard agreed
    mailoutbox.clear()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("review_accept", a.pk), {"summary": "Strong professional leadership."})
    a.refresh_from_db()
    assert to(mailoutbox) == emails(*leads, manager)
    mail = by(mailoutbox, manager)
    assert mail.subject == "Accepted by BASW: Mersey Mental Health Partnership 2026/27"
    assert f"Reviewed by Olive Officer on {a.accepted_at:%-d %B %Y}" in mail.body
    assert "Strong professional leadership." in mail.body
    assert f"{SITE}/assessments/{a.pk}/" in mail.body
    assert contributor.email not in to(mailoutbox)


def test_a_refused_move_sends_nothing_and_records_nothing(
    client, assessment, leads, officer, people, mailoutbox, django_capture_on_commit_callbacks
):
    a = submit(assessment, leads, django_capture_on_commit_callbacks)
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
    assert mailoutbox == []
    assert Notification.objects.count() == before


def test_emails_wait_for_the_commit(assessment, leads, officer, mailoutbox, django_capture_on_commit_callbacks):
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.assessment_submit(assessment=assessment, actor=leads[0])
    assert mailoutbox == []  # the move is done, the email is not: it goes only once the move is committed
    assert Notification.objects.filter(assessment=assessment, kind=SUBMITTED).count() == 1
    for callback in callbacks:
        callback()
    assert to(mailoutbox) == [officer.email]


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_server_that_fails_does_not_undo_or_break_the_move(
    settings, assessment, leads, officer, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    with caplog.at_level(logging.ERROR, logger="assessments.services.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_submit(assessment=assessment, actor=leads[0])
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    assert "Could not send 1 notification email(s)" in caplog.text


def test_people_see_the_notification_history_of_an_assessment(
    client, assessment, leads, manager, officer, django_capture_on_commit_callbacks
):
    a = submitted(assessment, *leads)
    services.assessment_take(assessment=a, actor=officer)
    for person in (manager, officer):
        client.force_login(person)
        text = client.get(url("activity", a.pk)).content.decode()
        assert "Submitted for review: Mersey Mental Health Partnership 2026/27" in text
        assert "BASW is reviewing your assessment" in text
        assert "Tara Trustlead" in text and "Olive Officer" in text
