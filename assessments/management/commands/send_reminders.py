"""Remind people of the living action plan: run daily by a scheduler (cron or a systemd timer, see the README).

Owners with an account hear of an action when it falls due within REMINDER_DAYS_BEFORE days and again once it is
overdue; each partnership's governance leads get a weekly digest of its overdue and soon-due actions. Each
reminder goes once per action and due date (a digest once a week), so running the command twice on a day sends
nothing more. The emails are queued for the worker like every notification. `--dry-run` prints who would get
what and changes nothing; `--date` says which day it is (a scheduler catching up, or a test).
"""

from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments.selectors.reminders import DIGEST, DUE_SOON, OVERDUE, Reminder, reminders_due
from assessments.services.pulse import pulses_close_due
from assessments.services.reminders import send_reminders

BAD_DATE = "--date must be a day written YYYY-MM-DD, such as 2026-03-01; {value!r} is not one."
DRY_RUN_SUMMARY = "Dry run for {day}, nothing recorded or sent. Would email {counts}."
SENT_SUMMARY = "Reminders for {day} queued for the worker: {counts}."
KIND_LABELS = {DUE_SOON: "due soon", OVERDUE: "overdue", DIGEST: "weekly digest"}
DESCRIPTION_CHARS = 60


def parse_day(value: str | None) -> date:
    if value is None:
        return timezone.localdate()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(BAD_DATE.format(value=value)) from None


def short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= DESCRIPTION_CHARS else words[: DESCRIPTION_CHARS - 1].rstrip() + "…"


def describe(reminder: Reminder, today: date) -> str:
    """One email as the dry run prints it: to whom, which kind, and each action with its standard and due date
    (and, in a digest, its owner):

    Would email Sam Owner <sam@example.org> (overdue): S1 "Agree a supervision policy." due 2026-03-01, overdue
    Would email Tara Trustlead <tara@example.org> (weekly digest, Mersey): S1 "Agree a supervision policy." due
    2026-03-01, overdue, owner Sam Owner; S4 "Audit case files." due 2026-03-09, owner Jo Bloggs (one line)
    """
    digest = reminder.kind == DIGEST
    kind = f"{KIND_LABELS[DIGEST]}, {reminder.partnership.name}" if digest else KIND_LABELS[reminder.kind]
    actions = "; ".join(
        f'{a.response.standard.code} "{short(a.description)}" due {a.due_date.isoformat()}'
        + (", overdue" if a.due_date < today else "")
        + (f", owner {a.owner_name}" if digest else "")
        for a in reminder.actions
    )
    return f"Would email {reminder.recipient.full_name} <{reminder.recipient.email}> ({kind}): {actions}"


def summary(counts: dict[str, int]) -> str:
    return f"{counts[DUE_SOON]} due soon, {counts[OVERDUE]} overdue, {counts[DIGEST]} weekly digest(s)"


class Command(BaseCommand):
    help = "Email action owners of soon-due and overdue actions, and leads a weekly digest (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; record and send nothing.")
        parser.add_argument("--date", help="The day to remind for, YYYY-MM-DD (default today).")

    def handle(self, *args, **options):
        today = parse_day(options["date"])
        if options["dry_run"]:
            reminders = reminders_due(today)
            for reminder in reminders:
                self.stdout.write(describe(reminder, today))
            counts = {kind: sum(1 for r in reminders if r.kind == kind) for kind in KIND_LABELS}
            self.stdout.write(DRY_RUN_SUMMARY.format(day=today.isoformat(), counts=summary(counts)))
            return
        sent = send_reminders(today=today)
        counts = {kind: sent.count(kind) for kind in KIND_LABELS}
        self.stdout.write(SENT_SUMMARY.format(day=today.isoformat(), counts=summary(counts)))
        # The same daily run closes the frontline pulses whose closing date has passed (folding small teams).
        closed = pulses_close_due(today)
        if closed:
            self.stdout.write(f"Closed {closed} frontline pulse{'s' if closed != 1 else ''} past their closing date.")
