"""Builders for the reminder specs: an accepted plan whose actions fall due around a fixed day, and a run of
send_reminders whose emails reach Django's test mailbox.

The day is Monday 2 March 2026 (ISO week 2026-W10). The Mersey plan (2026/27, accepted through the services):
- S1 owned by Connie Contributor (trust, with an account), due Saturday 7 March: due soon.
- S2 owned by Manny Manager (council, with an account), due Friday 27 February: overdue.
- S3 owned by Sam Owner, a named person without an account, due Wednesday 4 March: due soon.
- S4 owned by Colin Councillead, due 11 April: not yet worth a reminder.
"""

import io
from datetime import date, timedelta

from django.core.management import call_command

from assessments.models import Action, Status
from assessments.services import action_create

from .service_helpers import action_data, answer, drive_to

TODAY = date(2026, 3, 2)
SITE = "https://audit.example.org"

DUE = {
    "S1": TODAY + timedelta(days=5),
    "S2": TODAY - timedelta(days=3),
    "S3": TODAY + timedelta(days=2),
    "S4": TODAY + timedelta(days=40),
}


def plan_actions(assessment, owners: dict) -> dict[str, Action]:
    """Give S1-S4 a gap and one action each, owned as `owners` says (a person, or None for Sam Owner); return the
    actions by standard code. Call while the assessment is a draft; due dates are set after acceptance."""
    lead = assessment.created_by
    actions = {}
    for code in DUE:
        response = assessment.responses.get(standard__code=code)
        answer(response, lead, level_code="partially-met", evidence="Supervision audit.")
        person = owners.get(code)
        data = action_data(
            description=f"Agree the {code} improvement with the partners.",
            owner=person,
            owner_name=person.full_name if person else "Sam Owner",
            owner_role=person.job_title if person else "Principal Social Worker",
        )
        actions[code] = action_create(response=response, actor=lead, data=data)
    return actions


def accepted_plan(assessment, owners: dict, *, leads, officer) -> dict[str, Action]:
    """The plan above, accepted, its actions due as DUE says (set through the ORM, as the partners' new dates)."""
    actions = plan_actions(assessment, owners)
    drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    for code, action in actions.items():
        Action.objects.filter(pk=action.pk).update(due_date=DUE[code])
        action.refresh_from_db()
    return actions


def send(capture, run_tasks, *args, day=TODAY) -> str:
    """Run send_reminders for `day` (with `args`), commit its emails' tasks and run the worker; return its output."""
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_reminders", "--date", day.isoformat(), *args, stdout=out)
    run_tasks()
    return out.getvalue()
