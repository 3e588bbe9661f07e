"""Background work run by the worker (`manage.py db_worker`), never inside a request.

Emails: a move records its Notification rows and, once its transaction commits, queues one `send_notification`
task per row. Invitations and password resets have no row and queue `send_email` with the rendered message.
When the mail server fails (smtplib.SMTPException, OSError) the task queues itself again, later each time
(RETRY_DELAYS), and after MAX_ATTEMPTS it gives up: the notification is marked failed with the reason in plain
words (shown on the assessment's activity page) and an error is logged.
"""

import logging
import smtplib
import socket
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import Delivery, Notification, PulseEmail

logger = logging.getLogger(__name__)

RETRY_DELAYS = (60, 5 * 60, 30 * 60)  # seconds to wait before the 2nd, 3rd and 4th attempt
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

UNREACHABLE = "the mail server could not be reached"
TIMED_OUT = "the mail server did not answer in time"
DISCONNECTED = "the mail server closed the connection"
SIGN_IN_REFUSED = "the mail server refused the site's sign-in"
ADDRESS_REFUSED = "the mail server refused the address"
SENDER_REFUSED = "the mail server refused the site's sender address"
REFUSED = "the mail server refused the email"
UNEXPECTED = "an unexpected error in the site"


def plain_reason(error: BaseException) -> str:
    """Why an email did not go, in words a governance lead can pass on to their IT team."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return SIGN_IN_REFUSED
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return ADDRESS_REFUSED
    if isinstance(error, smtplib.SMTPSenderRefused):
        return SENDER_REFUSED
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return DISCONNECTED
    if isinstance(error, smtplib.SMTPException):
        return REFUSED
    if isinstance(error, socket.timeout | TimeoutError):
        return TIMED_OUT
    if isinstance(error, OSError):
        return UNREACHABLE
    return UNEXPECTED


def retry_at(attempts_made: int):
    """When to try again after `attempts_made` failed attempts, or None when it is time to give up."""
    if attempts_made >= MAX_ATTEMPTS:
        return None
    return timezone.now() + timedelta(seconds=RETRY_DELAYS[attempts_made - 1])


@task()
def send_notification(notification_id: int) -> str:
    """Send one notification's stored email. Idempotent: only a queued row is claimed, so it is sent at most once."""
    rows = Notification.objects.filter(pk=notification_id)
    if not rows.filter(status=Delivery.QUEUED).update(status=Delivery.SENDING, attempts=F("attempts") + 1):
        return "skipped"  # already sent, failed for good, or being sent by another worker
    notification = rows.get()
    try:
        EmailMessage(subject=notification.subject, body=notification.body, to=[notification.email]).send()
    except (smtplib.SMTPException, OSError) as error:
        reason, again = plain_reason(error), retry_at(notification.attempts)
        if again is None:
            rows.update(status=Delivery.FAILED, last_error=reason)
            logger.error(
                "Gave up on notification %s to %s after %d attempts: %r",
                notification_id,
                notification.email,
                notification.attempts,
                error,
            )
            return "failed"
        rows.update(status=Delivery.QUEUED, last_error=reason)
        send_notification.using(run_after=again).enqueue(notification_id)
        logger.warning(
            "Notification %s not sent (attempt %d), will retry: %r", notification_id, notification.attempts, error
        )
        return "retrying"
    except Exception:
        rows.update(status=Delivery.FAILED, last_error=UNEXPECTED)
        logger.exception("Notification %s could not be sent", notification_id)
        raise
    rows.update(status=Delivery.SENT, delivered_at=timezone.now(), last_error="")
    return "sent"


@task(takes_context=True)
def send_email(context, *, subject: str, body: str, to: str, from_email: str | None = None, attempt: int = 1) -> str:
    """Send an email that belongs to no assessment (an invitation, a password reset), retried like notifications.

    These carry a secret link, so once the email is sent or given up on, the queue's copy of it is wiped.
    """
    try:
        EmailMessage(subject=subject, body=body, from_email=from_email, to=[to]).send()
    except (smtplib.SMTPException, OSError) as error:
        again = retry_at(attempt)
        if again is not None:
            send_email.using(run_after=again).enqueue(
                subject=subject, body=body, to=to, from_email=from_email, attempt=attempt + 1
            )
            logger.warning("Email %r to %s not sent (attempt %d), will retry: %r", subject, to, attempt, error)
            _forget(context, to)
            return "retrying"
        logger.error("Gave up on email %r to %s after %d attempts: %r", subject, to, attempt, error)
        _forget(context, to)
        return "failed"
    _forget(context, to)
    return "sent"


def _forget(context, to: str) -> None:
    """Wipe the message from this task's row in the queue, keeping who it was for."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=context.task_result.id).update(args_kwargs={"args": [], "kwargs": {"to": to}})


PULSE_SUBJECT = "Your views on how {partnership} supports social work: a short anonymous survey"
PULSE_BODY = """Hello,

{partnership}'s leaders are checking how well the partnership supports social work in its community mental
health teams, against the standards of the British Association of Social Workers (BASW). They would like to
hear from the social workers in the teams, anonymously.

The survey takes about five minutes and closes on {closes:%-d %B %Y}. This link works once:

{link}

Nothing you answer is tied to you, this email or the link: your answers are counted with your colleagues',
and nothing is shown until at least 5 people have answered.
"""


@task(takes_context=True)
def send_pulse_invitations(context, pulse_id: int, attempt: int = 1) -> str:
    """Send a pulse's waiting invitation emails, deleting each address once its email is sent.

    The task's row holds only the pulse's id; addresses and links are in PulseEmail until sent. Failures are
    retried like other emails; after the last attempt the unsent addresses are deleted (and only counted in
    the log), so no address outlives its invitation.
    """
    from django.conf import settings
    from django.urls import reverse

    from .models import Pulse

    pulse = Pulse.objects.select_related("assessment__partnership").filter(pk=pulse_id).first()
    if pulse is None:
        return "skipped"
    waiting = list(PulseEmail.objects.filter(pulse=pulse).order_by("?"))
    failed = 0
    for email in waiting:
        link = settings.SITE_URL + reverse("pulse:answer", kwargs={"token": email.token})
        body = PULSE_BODY.format(partnership=pulse.assessment.partnership, closes=pulse.closes_on, link=link)
        subject = PULSE_SUBJECT.format(partnership=pulse.assessment.partnership)
        try:
            EmailMessage(subject=subject, body=body, to=[email.address]).send()
        except (smtplib.SMTPException, OSError):
            failed += 1
            continue
        PulseEmail.objects.filter(pk=email.pk).delete()
        Pulse.objects.filter(pk=pulse.pk).update(emails_sent=F("emails_sent") + 1)
    if failed:
        again = retry_at(attempt)
        if again is not None:
            send_pulse_invitations.using(run_after=again).enqueue(pulse_id, attempt=attempt + 1)
            logger.warning("%d pulse invitations not sent (attempt %d), will retry", failed, attempt)
            return "retrying"
        PulseEmail.objects.filter(pulse=pulse).delete()
        logger.error("Gave up on %d pulse invitations after %d attempts", failed, attempt)
        return "failed"
    return "sent"
