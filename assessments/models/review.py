"""What BASW's review leaves behind: snapshots at each return (for the diff) and notifications sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from standards.models import RatingLevel

from .assessment import Assessment, Event, Response


class ReturnSnapshot(models.Model):
    """A response as it stood when the officer returned the assessment, to show what changed since."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="snapshots")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="snapshots")
    rating = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    not_applicable = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)
    actions = models.JSONField(default=list, help_text="[{id, description, status}] at the time of return.")
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_at", "-pk"]

    def __str__(self):
        return f"{self.response} as returned on {self.taken_at:%Y-%m-%d}"


class QueryResolution(models.TextChoices):
    """How a query ended. An open query has none yet."""

    OPEN = "", "Open"
    AGREED = "agreed", "Agreed"
    QUERIED_AGAIN = "queried_again", "Queried again"


class ReviewQuery(models.Model):
    """One query a BASW officer raised on an answer, the partnership's reply, and how it ended.

    Kept apart from the answer's current review state, so that agreeing a rating later never erases the question
    the reply answers: the PDF, the spreadsheets and the pages show every query with its reply and decision.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="queries")
    comment = models.TextField()
    expected_rating = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, blank=True, choices=QueryResolution.choices)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Query on {self.response} asked {self.asked_at:%Y-%m-%d}"

    @property
    def is_open(self):
        return self.resolution == QueryResolution.OPEN


class Delivery(models.TextChoices):
    """Where a notification's email stands: queued for the worker, being sent, sent, or given up on."""

    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    """An email about an assessment, kept so people can see who was told what, and whether it went.

    `created_at` is when the move asked for it; the worker sends it (assessments/tasks.py) and records
    `delivered_at`, or, once it gives up, `last_error` in plain words.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)
    once_key = models.CharField(
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text="A reminder's key (what, which action or partnership, which due date or week, whom): a reminder "
        "is sent once, however often send_reminders runs.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} to {self.email}"
