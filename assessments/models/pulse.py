"""The frontline pulse: an anonymous survey of the partnership's social workers, beside the leads' ratings.

Anonymity is in the shape of the data, so that it holds even against someone reading the database:

- An invitation (a single-use link or code) is stored only as a keyed hash of its token, and once used records
  only that it was used: no address, no time, nothing pointing at the reply it let in.
- A reply has a random primary key (no sequence to line up with anything), no link to an invitation, a day
  (never a time), the team its author chose (cleared when the pulse closes for teams too small to report), and
  no history. Its answers are held on the reply itself, so no table of answers numbers them in order.
- Email addresses wait in PulseEmail only until the task sending them has sent them, then are deleted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from standards.models import Statement

from .assessment import Assessment
from .partnerships import Team

# The one optional free-text question, asked after the statements.
PULSE_FREE_TEXT_QUESTION = (
    "Is there anything else you want your partnership's leaders to know about how the partnership supports your "
    "social work practice?"
)
PULSE_COMMENT_MAX_CHARS = 2_000


class PulseChoice(models.IntegerChoices):
    """The five-point agree scale, and "don't know" (0), which counts as an answer but not towards a share."""

    STRONGLY_AGREE = 5, "Strongly agree"
    AGREE = 4, "Agree"
    NEUTRAL = 3, "Neither agree nor disagree"
    DISAGREE = 2, "Disagree"
    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DONT_KNOW = 0, "Don't know"


class InvitationKind(models.TextChoices):
    LINK = "link", "Emailed link"
    CODE = "code", "Printed code"


class Pulse(models.Model):
    """One pulse per assessment: the teams it covers, and until when it takes answers."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="pulse")
    teams = models.ManyToManyField(Team, related_name="pulses")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(default=timezone.localdate)
    closes_on = models.DateField(help_text="The last day it takes answers.")
    closed_on = models.DateField(null=True, blank=True, help_text="The day it was closed, early or once due.")
    emails_sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opened_on"]

    def __str__(self):
        return f"Frontline pulse for {self.assessment}"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_on is None and today <= self.closes_on

    @property
    def is_closed(self) -> bool:
        return not self.is_open()


class PulseInvitation(models.Model):
    """A single-use link or code: its keyed hash and whether it was used, nothing else."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=4, choices=InvitationKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.get_kind_display()} ({'used' if self.used else 'not used'})"


class PulseEmail(models.Model):
    """An invitation email waiting to be sent: deleted by the task once sent, so no address stays."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="+")
    address = models.EmailField()
    token = models.CharField(max_length=64)

    def __str__(self):
        return "A waiting pulse invitation email"


class PulseReply(models.Model):
    """One social worker's answers. Nothing here says who, which invitation, or when beyond the day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="replies")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_on = models.DateField(default=timezone.localdate)
    # {str(statement pk): PulseChoice value}, for the statements the person answered.
    answers = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    comment_withheld = models.BooleanField(
        default=False, help_text="A lead withheld the comment as identifying: its text is deleted."
    )

    class Meta:
        # No order by insertion: a listing must not hint at who answered when.
        ordering = ["id"]

    def __str__(self):
        return "A frontline reply"

    def choice_for(self, statement: Statement) -> int | None:
        return self.answers.get(str(statement.pk))
