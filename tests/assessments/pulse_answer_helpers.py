"""Spec helpers for the frontline's answer pages: an emailed link's token, and the form's posted values.

`emailed_link` invites one address and returns the raw token of its link, read from PulseEmail (the only place it
exists before the worker sends the email and deletes the row). `answers_post` spells the answer form's POST.
"""

from django.urls import reverse

from assessments.models import PulseEmail
from assessments.services import pulse as pulse_service
from tests.assessments.pulse_helpers import lead_membership


def emailed_link(pulse, lead, address, capture) -> str:
    """Invite `address` (capture: pytest-django's django_capture_on_commit_callbacks); the link's raw token."""
    with capture(execute=True):
        pulse_service.pulse_invite_emails(
            membership=lead_membership(lead, pulse.assessment), pulse=pulse, addresses=[address]
        )
    return PulseEmail.objects.get(address=address).token


def link_url(token: str) -> str:
    return reverse("pulse:answer", kwargs={"token": token})


def answers_post(choices: dict | None = None, *, team="", comment="", token=None) -> dict:
    """The answer form's POST: {statement: choice}, the team's pk ("" for "I'd rather not say"), the comment;
    `token`, the typed code, which the form carries in a hidden field."""
    data = {f"statement_{statement.pk}": str(int(choice)) for statement, choice in (choices or {}).items()}
    data.update(team=str(team), comment=comment)
    if token is not None:
        data["token"] = token
    return data
