"""Reminders of the living action plan: who hears of which action, what the email says, and that each goes once.

The Mersey plan (tests/assessments/reminder_helpers.py), on Monday 2 March 2026: Connie Contributor's S1 action is
due soon, Manny Manager's S2 action is overdue, Sam Owner (no account) has S3 due soon, Colin Councillead's S4 is
not yet due. Tara, Colin and Cara, the governance leads, get the weekly digest. Emails are read from Django's test
mailbox once the run's transaction commits and the worker has run.
"""

from datetime import timedelta

import pytest

from assessments.models import Action, ActionStatus, Delivery, Membership, Notification, Status
from assessments.selectors.reminders import DIGEST, DUE_SOON, OVERDUE, reminders_due
from assessments.services import assessment_start
from assessments.services import reminders as reminder_services
from assessments.services.notifications import notify_once
from assessments.services.reminders import send_reminders

from .reminder_helpers import SITE, TODAY, accepted_plan, plan_actions, send
from .service_helpers import drive_to

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


def mail_to(mailoutbox, user):
    return [m for m in mailoutbox if m.to == [user.email]]


def one_mail(mailoutbox, user):
    mails = mail_to(mailoutbox, user)
    assert len(mails) == 1, [m.subject for m in mails]
    return mails[0]


def progress_url(action):
    return f"{SITE}/assessments/{action.response.assessment_id}/plan/actions/{action.pk}/"


def test_owner_hears_of_an_action_due_soon_naming_it_its_standard_partnership_due_date_and_progress_link(
    plan, contributor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    send(django_capture_on_commit_callbacks, run_tasks)
    mail = one_mail(mailoutbox, contributor)
    assert mail.subject == "Action due on 7 March 2026: S1 Practice 1, Mersey Mental Health Partnership 2026/27"
    assert "Dear Connie Contributor" in mail.body
    assert "on Mersey Mental Health Partnership's 2026/27 action plan falls due in 5 days, on 7 March 2026" in mail.body
    assert "Standard: S1 Practice 1" in mail.body
    assert "Action: Agree the S1 improvement with the partners." in mail.body
    assert "Due: 7 March 2026\n" in mail.body
    assert "overdue" not in mail.body.replace("again once it is overdue", "")
    assert progress_url(plan["S1"]) in mail.body
    row = Notification.objects.get(recipient=contributor, kind=DUE_SOON)
    assert row.assessment_id == plan["S1"].response.assessment_id
    assert row.once_key == f"due_soon:{plan['S1'].pk}:2026-03-07:{contributor.pk}"
    assert row.status == Delivery.SENT


def test_owner_hears_once_an_action_is_overdue(
    plan, manager, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    send(django_capture_on_commit_callbacks, run_tasks)
    mail = one_mail(mailoutbox, manager)
    assert mail.subject == (
        "Action overdue (due 27 February 2026): S2 Practice 2, Mersey Mental Health Partnership 2026/27"
    )
    assert "action plan is overdue: it was due on 27 February 2026, 3 days ago" in mail.body
    assert "Standard: S2 Practice 2" in mail.body and "Action: Agree the S2 improvement" in mail.body
    assert "Due: 27 February 2026 (overdue)" in mail.body
    assert progress_url(plan["S2"]) in mail.body
    row = Notification.objects.get(recipient=manager, kind=OVERDUE)
    assert row.once_key == f"overdue:{plan['S2'].pk}:2026-02-27:{manager.pk}"


def test_each_lead_gets_a_digest_of_the_overdue_and_soon_due_actions_with_their_owners(
    plan, leads, contributor, manager, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    send(django_capture_on_commit_callbacks, run_tasks)
    assessment = plan["S1"].response.assessment
    for lead in leads:
        mail = one_mail(mailoutbox, lead)
        assert mail.subject == "Action plan this week: Mersey Mental Health Partnership, 1 overdue and 2 due soon"
        assert f"Dear {lead.full_name}" in mail.body
        overdue, due_soon = mail.body.split("Overdue (1):")[1].split("Due soon (2):")
        assert "S2 Practice 2 (2026/27 plan)" in overdue and "Owner: Manny Manager, Service Manager" in overdue
        assert "Due: 27 February 2026 (overdue, 3 days ago)" in overdue and progress_url(plan["S2"]) in overdue
        assert due_soon.index("S3 Practice 3") < due_soon.index("S1 Practice 1")  # soonest first
        assert "Owner: Sam Owner, Principal Social Worker" in due_soon  # named owners are in the digest
        assert "Due: 7 March 2026 (in 5 days)" in due_soon and progress_url(plan["S1"]) in due_soon
        assert "S4" not in mail.body  # not due for weeks
        assert f"{SITE}/assessments/{assessment.pk}/plan/" in mail.body
        row = Notification.objects.get(recipient=lead, kind=DIGEST)
        assert row.assessment == assessment
        assert row.once_key == f"digest:{assessment.partnership_id}:{lead.pk}:2026-W10"
    assert [m.subject for m in mail_to(mailoutbox, contributor)] == [
        "Action due on 7 March 2026: S1 Practice 1, Mersey Mental Health Partnership 2026/27"
    ]  # owners who are not leads get no digest
    assert len(mail_to(mailoutbox, manager)) == 1


def test_nobody_is_emailed_for_an_owner_without_an_account(
    plan, leads, contributor, manager, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    send(django_capture_on_commit_callbacks, run_tasks)
    owners = Notification.objects.filter(kind__in=[DUE_SOON, OVERDUE])
    assert sorted(owners.values_list("recipient__full_name", flat=True)) == ["Connie Contributor", "Manny Manager"]
    assert not any("S3" in m.subject for m in mailoutbox)
    assert len(mailoutbox) == 2 + len(leads)


def test_done_and_dropped_actions_are_not_reminded(
    plan, leads, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    Action.objects.filter(pk__in=[plan["S1"].pk, plan["S3"].pk]).update(status=ActionStatus.DONE)
    Action.objects.filter(pk=plan["S2"].pk).update(status=ActionStatus.DROPPED, dropped_reason="Merged into S4.")
    send(django_capture_on_commit_callbacks, run_tasks)
    assert mailoutbox == []  # nothing left to say, so no digest either
    assert not Notification.objects.filter(once_key__isnull=False).exists()


def test_actions_carried_forward_to_the_next_draft_are_not_reminded(
    plan, partnership, version, trust_lead, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    later = assessment_start(
        partnership=partnership, period="2027/28", version=version, actor=trust_lead, carry_forward=True
    )
    assert Action.objects.filter(response__assessment=later, carried_forward=True).count() == 4
    Action.objects.filter(response__assessment=later).update(due_date=TODAY)  # the draft's copies: not accepted
    send(django_capture_on_commit_callbacks, run_tasks)
    assert mailoutbox == []


def test_actions_of_an_assessment_not_yet_accepted_are_not_reminded(
    assessment, leads, officer, contributor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    actions = plan_actions(assessment, {"S1": contributor})
    drive_to(assessment, Status.IN_REVIEW, leads=leads, officer=officer)
    Action.objects.filter(pk=actions["S1"].pk).update(due_date=TODAY - timedelta(days=1))
    send(django_capture_on_commit_callbacks, run_tasks)
    assert mailoutbox == []


def test_inactive_people_and_owners_who_left_the_partners_are_skipped(
    plan, leads, contributor, manager, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    contributor.is_active = False
    contributor.save(update_fields=["is_active"])
    leads[2].is_active = False
    leads[2].save(update_fields=["is_active"])
    Membership.objects.filter(user=manager).delete()  # moved to another employer; still named on the action
    send(django_capture_on_commit_callbacks, run_tasks)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([leads[0].email, leads[1].email])
    assert {m.subject.split(":")[0] for m in mailoutbox} == {"Action plan this week"}


def test_a_second_run_on_the_same_day_sends_nothing_more(
    plan, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    send(django_capture_on_commit_callbacks, run_tasks)
    first = len(mailoutbox)
    rows = Notification.objects.count()
    send(django_capture_on_commit_callbacks, run_tasks)
    send(django_capture_on_commit_callbacks, run_tasks, day=TODAY + timedelta(days=1))  # later the same week
    assert first == 5
    assert len(mailoutbox) == first
    assert Notification.objects.count() == rows


def test_a_new_due_date_reminds_the_owner_again(
    plan, contributor, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    send(django_capture_on_commit_callbacks, run_tasks)
    Action.objects.filter(pk=plan["S1"].pk).update(due_date=TODAY + timedelta(days=10))  # the partners agreed later
    mailoutbox.clear()
    send(django_capture_on_commit_callbacks, run_tasks, day=TODAY + timedelta(days=1))
    assert [m.subject for m in mailoutbox] == [
        "Action due on 12 March 2026: S1 Practice 1, Mersey Mental Health Partnership 2026/27"
    ]
    assert mailoutbox[0].to == [contributor.email]


def test_next_week_brings_a_new_digest_and_tells_owners_of_what_became_overdue(
    plan, leads, contributor, manager, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    send(django_capture_on_commit_callbacks, run_tasks)
    mailoutbox.clear()
    send(django_capture_on_commit_callbacks, run_tasks, day=TODAY + timedelta(days=7))
    for lead in leads:
        assert one_mail(mailoutbox, lead).subject == (
            "Action plan this week: Mersey Mental Health Partnership, 3 overdue and 0 due soon"
        )
    assert one_mail(mailoutbox, contributor).subject.startswith("Action overdue (due 7 March 2026): S1")
    assert mail_to(mailoutbox, manager) == []  # told of S2's due date already
    assert Notification.objects.filter(kind=DIGEST, once_key__endswith=":2026-W11").count() == 3


def test_a_run_at_the_same_moment_as_another_sends_each_email_once(
    plan, monkeypatch, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    """Both runs read what is due before either records it; the unique key lets only the first insert through."""
    stale = reminders_due(TODAY)
    send(django_capture_on_commit_callbacks, run_tasks)
    monkeypatch.setattr(reminder_services, "reminders_due", lambda today: stale)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(today=TODAY)
    run_tasks()
    assert sent.reminders == []
    assert len(mailoutbox) == 5
    assert Notification.objects.filter(once_key__isnull=False).count() == 5


def test_notify_once_records_a_key_only_once(plan, contributor, django_capture_on_commit_callbacks):
    assessment = plan["S1"].response.assessment
    context = reminder_services.context(reminders_due(TODAY)[0], TODAY)
    with django_capture_on_commit_callbacks() as callbacks:
        first = notify_once(assessment, DUE_SOON, contributor, context, once_key="due_soon:test")
        second = notify_once(assessment, DUE_SOON, contributor, context, once_key="due_soon:test")
    assert first is not None and second is None
    assert len(callbacks) == 1
    assert Notification.objects.filter(once_key="due_soon:test").count() == 1
