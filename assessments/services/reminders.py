"""Reminders of the living action plan, sent by `manage.py send_reminders` (run daily by a scheduler).

What is due today is the selector's (selectors/reminders.py): owners with an account hear of their action when it
falls due soon and again once it is overdue, once per due date; the partnership's governance leads get a weekly
digest. Each email is a Notification row with its once_key, inserted on its own and queued for the worker after
commit like every other notification (so requeue_emails covers them too). A key already recorded, even by a run
at the same moment, is left alone: the unique constraint refuses the second row, so nobody hears twice.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.urls import reverse

from ..selectors.reminders import DIGEST, DUE_SOON, KINDS, OVERDUE, Reminder, reminders_due
from .notifications import absolute, notify_once

__all__ = ["DIGEST", "DUE_SOON", "KINDS", "OVERDUE", "Reminder", "Sent", "item", "reminders_due", "send_reminders"]


def progress_url(action) -> str:
    assessment = action.response.assessment
    return absolute(reverse("assessments:action_progress", args=[assessment.pk, action.pk]))


def item(action, today: date) -> dict:
    """What an email says of one action."""
    overdue = action.due_date < today
    return {
        "action": action,
        "standard": action.response.standard,
        "assessment": action.response.assessment,
        "overdue": overdue,
        "days": abs((action.due_date - today).days),
        "progress_url": progress_url(action),
    }


def context(reminder: Reminder, today: date) -> dict:
    items = [item(action, today) for action in reminder.actions]
    return {
        "partnership": reminder.partnership,
        "assessment": reminder.assessment,
        "today": today,
        "days_before": settings.REMINDER_DAYS_BEFORE,
        "item": items[0],
        "overdue": [i for i in items if i["overdue"]],
        "due_soon": [i for i in items if not i["overdue"]],
        "plan_url": absolute(reverse("assessments:plan", args=[reminder.assessment.pk])),
        "site_url": settings.SITE_URL,
    }


@dataclass
class Sent:
    """What a run recorded and queued, by kind."""

    reminders: list[Reminder] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.reminders if r.kind == kind)


def send_reminders(*, today: date) -> Sent:
    """Record and queue every reminder due today that has not gone yet. Each email is its own insert (and its own
    transaction outside a test), so a run stopped half way has sent what it recorded and the next run sends the
    rest; one a concurrent run recorded first is skipped."""
    sent = Sent()
    for reminder in reminders_due(today):
        row = notify_once(
            reminder.assessment, reminder.kind, reminder.recipient, context(reminder, today), once_key=reminder.once_key
        )
        if row is not None:
            sent.reminders.append(reminder)
    return sent
