"""Running a frontline pulse: opening it, inviting to it, answering it, closing it, withholding a comment.

Who may is access.pulse_run_refusal / pulse_comments_refusal; how its results show is scoring's. What is kept
of an invitation and a reply is shaped for anonymity (models.pulse says how): these functions keep it so.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, Count, F, Value, When
from django.utils import timezone

from standards.models import Statement

from ..access import pulse_comments_refusal, pulse_run_refusal
from ..models import (
    PULSE_COMMENT_MAX_CHARS,
    Assessment,
    InvitationKind,
    Pulse,
    PulseChoice,
    PulseEmail,
    PulseInvitation,
    PulseReply,
)
from .errors import WorkflowError
from .notifications import recording_only_now

PULSE_LONGEST_DAYS = 90
MAX_INVITATIONS_AT_ONCE = 500
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper and typed on a phone
CODE_LENGTH = 12

ALREADY_OPEN = "This assessment already has a frontline pulse."
CHOOSE_TEAMS = "Choose at least one team the pulse covers."
TEAM_NOT_HERE = "Choose teams of this partnership only."
CLOSES_IN_PAST = "The closing date must be today or later."
CLOSES_TOO_LATE = "The closing date must be within {days} days of today."
PULSE_CLOSED = "This pulse has closed: it takes no more answers or invitations."
NO_ADDRESSES = "Give at least one email address, one on each line."
BAD_ADDRESSES = "These are not email addresses: {addresses}."
TOO_MANY = "Issue at most {limit} invitations at once."
CODE_COUNT = "Give a number of codes from 1 to {limit}."
NOT_VALID = "This link or code is not valid. Check it, or ask your partnership's lead for a new one."
ALREADY_USED = "This link or code has already been used: each one answers once."
ANSWER_OUT_OF_SCALE = "Choose one of the answers given for each statement."
NOT_A_STATEMENT = "Answer only this pulse's statements."
ANSWER_SOMETHING = "Answer at least one statement."
COMMENT_TOO_LONG = "Your comment must be {limit:,} characters or fewer; this is {length:,}."
NOT_A_TEAM_OF_PULSE = "Choose one of the teams listed, or that you would rather not say."
COMMENT_GONE = "That comment has already been withheld."


def token_hash(token: str) -> str:
    """The keyed hash by which an invitation is stored: the token itself is never kept."""
    normalised = normalise_token(token)
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def normalise_token(token: str) -> str:
    """A code as typed (any case, spaces or dashes) and a link's token read the same way."""
    token = (token or "").strip()
    compact = token.replace("-", "").replace(" ", "")
    if len(compact) == CODE_LENGTH and compact.upper().isalnum():
        return compact.upper()
    return token


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _lock_pulse(pulse: Pulse) -> Pulse:
    return Pulse.objects.select_for_update().select_related("assessment").get(pk=pulse.pk)


def pulse_open(*, actor, membership, assessment: Assessment, teams, closes_on) -> Pulse:
    """Open the assessment's pulse for the chosen teams of its partnership, taking answers until `closes_on`."""
    if refusal := pulse_run_refusal(membership, assessment):
        raise WorkflowError(refusal)
    errors = {}
    teams = list(teams)
    today = timezone.localdate()
    if not teams:
        errors["teams"] = CHOOSE_TEAMS
    elif any(team.partnership_id != assessment.partnership_id for team in teams):
        errors["teams"] = TEAM_NOT_HERE
    if closes_on is None or closes_on < today:
        errors["closes_on"] = CLOSES_IN_PAST
    elif closes_on > today + timedelta(days=PULSE_LONGEST_DAYS):
        errors["closes_on"] = CLOSES_TOO_LATE.format(days=PULSE_LONGEST_DAYS)
    if errors:
        raise WorkflowError(errors)
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        if Pulse.objects.filter(assessment=assessment).exists():
            raise WorkflowError(ALREADY_OPEN)
        pulse = Pulse.objects.create(assessment=assessment, opened_by=actor, opened_on=today, closes_on=closes_on)
        pulse.teams.set(teams)
    return pulse


def _check_inviting(membership, pulse: Pulse) -> None:
    if refusal := pulse_run_refusal(membership, pulse.assessment):
        raise WorkflowError(refusal)
    if not pulse.is_open():
        raise WorkflowError(PULSE_CLOSED)


def parse_addresses(text: str) -> list[str]:
    """Email addresses, one per line (commas and semicolons also separate), lower-cased, each once."""
    found = []
    for part in (text or "").replace(",", "\n").replace(";", "\n").splitlines():
        address = part.strip().lower()
        if address and address not in found:
            found.append(address)
    return found


def pulse_invite_emails(*, membership, pulse: Pulse, addresses: list[str]) -> int:
    """Create one single-use link per address and queue the emails; the addresses are deleted once sent."""
    from ..tasks import send_pulse_invitations

    if not addresses:
        raise WorkflowError({"addresses": NO_ADDRESSES})
    if len(addresses) > MAX_INVITATIONS_AT_ONCE:
        raise WorkflowError({"addresses": TOO_MANY.format(limit=MAX_INVITATIONS_AT_ONCE)})
    bad = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise WorkflowError({"addresses": BAD_ADDRESSES.format(addresses=", ".join(bad[:10]))})
    with transaction.atomic():
        pulse = _lock_pulse(pulse)
        _check_inviting(membership, pulse)
        tokens = [secrets.token_urlsafe(32) for _ in addresses]
        PulseInvitation.objects.bulk_create(
            PulseInvitation(pulse=pulse, kind=InvitationKind.LINK, token_hash=token_hash(t)) for t in tokens
        )
        PulseEmail.objects.bulk_create(
            PulseEmail(pulse=pulse, address=a, token=t) for a, t in zip(addresses, tokens, strict=True)
        )
        pulse_id = pulse.pk
        transaction.on_commit(lambda: send_pulse_invitations.enqueue(pulse_id))
    return len(addresses)


def pulse_issue_codes(*, membership, pulse: Pulse, count: int) -> list[str]:
    """`count` single-use codes, to print or hand out: shown once (only their hashes are kept)."""
    if not isinstance(count, int) or not 1 <= count <= MAX_INVITATIONS_AT_ONCE:
        raise WorkflowError({"count": CODE_COUNT.format(limit=MAX_INVITATIONS_AT_ONCE)})
    with transaction.atomic():
        pulse = _lock_pulse(pulse)
        _check_inviting(membership, pulse)
        codes = [_new_code() for _ in range(count)]
        PulseInvitation.objects.bulk_create(
            PulseInvitation(pulse=pulse, kind=InvitationKind.CODE, token_hash=token_hash(c)) for c in codes
        )
    return [format_code(code) for code in codes]


def invitation_for(token: str) -> PulseInvitation:
    """The invitation a link or code stands for, if it may still answer; otherwise WorkflowError saying why."""
    invitation = (
        PulseInvitation.objects.select_related("pulse__assessment__version")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise WorkflowError(NOT_VALID)
    if invitation.used:
        raise WorkflowError(ALREADY_USED)
    if not invitation.pulse.is_open():
        raise WorkflowError(PULSE_CLOSED)
    return invitation


def _check_answers(pulse: Pulse, answers: dict, team_id, comment: str) -> dict:
    statement_ids = set(Statement.objects.of_version(pulse.assessment.version).values_list("pk", flat=True))
    valid_choices = set(PulseChoice.values)
    errors = {}
    cleaned = {}
    for statement_id, choice in answers.items():
        if int(statement_id) not in statement_ids:
            errors["answers"] = NOT_A_STATEMENT
        elif choice not in valid_choices:
            errors["answers"] = ANSWER_OUT_OF_SCALE
        else:
            cleaned[str(int(statement_id))] = int(choice)
    if not cleaned and "answers" not in errors:
        errors["answers"] = ANSWER_SOMETHING
    if team_id is not None and not pulse.teams.filter(pk=team_id).exists():
        errors["team"] = NOT_A_TEAM_OF_PULSE
    if len(comment) > PULSE_COMMENT_MAX_CHARS:
        errors["comment"] = COMMENT_TOO_LONG.format(limit=PULSE_COMMENT_MAX_CHARS, length=len(comment))
    if errors:
        raise WorkflowError(errors)
    return cleaned


def pulse_answer(*, token: str, answers: dict, team_id=None, comment: str = "") -> None:
    """Record one person's answers with a link or code, and spend it. Returns nothing that could identify them.

    The invitation is marked used in the same statement that rewrites every invitation of the pulse, so no row's
    version (PostgreSQL's xmin) or position picks out the one used alongside this reply.
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        invitation = invitation_for(token)
        pulse = _lock_pulse(invitation.pulse)
        if not pulse.is_open():
            raise WorkflowError(PULSE_CLOSED)
        cleaned = _check_answers(pulse, answers, team_id, comment)
        spent = PulseInvitation.objects.filter(pk=invitation.pk, used=False).exists()
        if not spent:
            raise WorkflowError(ALREADY_USED)
        PulseInvitation.objects.filter(pulse=pulse).update(
            used=Case(When(pk=invitation.pk, then=Value(True)), default=F("used"))
        )
        PulseReply.objects.create(
            pulse=pulse, team_id=team_id, answered_on=timezone.localdate(), answers=cleaned, comment=comment
        )


def _fold_small_teams(pulse: Pulse) -> None:
    """Clear the team of replies from teams too small to report, so no stored reply points at a small team."""
    counts = pulse.replies.exclude(team=None).values("team").annotate(n=Count("pk"))
    small = [row["team"] for row in counts if row["n"] < settings.PULSE_MIN_TEAM_ANSWERS]
    if small:
        pulse.replies.filter(team__in=small).update(team=None)


def pulse_close(*, membership, pulse: Pulse) -> Pulse:
    """Close the pulse now (a lead), before its closing date."""
    with transaction.atomic():
        pulse = _lock_pulse(pulse)
        if refusal := pulse_run_refusal(membership, pulse.assessment):
            raise WorkflowError(refusal)
        if pulse.closed_on is not None:
            raise WorkflowError(PULSE_CLOSED)
        pulse.closed_on = timezone.localdate()
        pulse.save(update_fields=["closed_on"])
        _fold_small_teams(pulse)
        _prepare_pdf(pulse)
    return pulse


def _prepare_pdf(pulse: Pulse) -> None:
    """The PDF's key holds the pulse's state: render the closed pulse's PDF before anyone asks for it. (While a
    pulse is open, each answer changes the key too, but rendering on every answer would be wasted work.)"""
    from reports.tasks import queue_render_on_commit  # reports builds on assessments: import it only when needed

    if not recording_only_now():  # the demo queues nothing for the worker
        queue_render_on_commit([pulse.assessment_id])


def pulses_close_due(today=None) -> int:
    """Close every pulse whose closing date has passed (run daily with the reminders); how many were closed."""
    today = today or timezone.localdate()
    closed = 0
    for pulse in Pulse.objects.filter(closed_on=None, closes_on__lt=today):
        with transaction.atomic():
            pulse = _lock_pulse(pulse)
            if pulse.closed_on is None:
                pulse.closed_on = pulse.closes_on + timedelta(days=1)
                pulse.save(update_fields=["closed_on"])
                _fold_small_teams(pulse)
                _prepare_pdf(pulse)
                closed += 1
    return closed


def comment_withhold(*, membership, assessment: Assessment, reply_id) -> None:
    """A lead of the assessment's partnership withholds a comment that identifies someone: its text is deleted,
    so no view or export has it. `membership` is the person's membership at one of this assessment's partners."""
    if refusal := pulse_comments_refusal(membership):
        raise WorkflowError(refusal)
    with transaction.atomic():
        updated = PulseReply.objects.filter(pk=reply_id, pulse__assessment=assessment, comment_withheld=False).exclude(
            comment=""
        )
        if not updated.update(comment="", comment_withheld=True):
            raise WorkflowError(COMMENT_GONE)


__all__ = [
    "comment_withhold",
    "format_code",
    "invitation_for",
    "normalise_token",
    "parse_addresses",
    "pulse_answer",
    "pulse_close",
    "pulse_invite_emails",
    "pulse_issue_codes",
    "pulse_open",
    "pulses_close_due",
    "token_hash",
]
