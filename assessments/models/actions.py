"""The action plan: what the partnership will do about each gap, and how it gets on through the year.

An action is written with its answer while the assessment is a draft (services/answers.py). Once BASW accepts
the assessment the ratings and evidence are locked and only the plan moves: each action's status, dated
progress notes and evidence of completion (services/plan.py), and an interim rating of a standard whose
actions are all done, which the next assessment's roll-forward offers as its starting rating.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.models import RatingLevel

from .assessment import Response
from .people import Organisation
from .uploads import StoredUpload, stored_name


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# Closed: nothing more will be done. A dropped action says why (Action.dropped_reason).
CLOSED_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})


CARRIED_TO = "Carried forward to {period}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        """Not done or dropped, and not carried forward: a carried action is open once, on the assessment it
        moved to."""
        return self.exclude(status__in=CLOSED_STATUSES).filter(carried_to__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def carried_past_due(self, today=None):
        """Carried forward and not yet changed, still open, and past due: they need a new date (see needs_new_date)."""
        return self.overdue(today).filter(carried_forward=True)


class Action(models.Model):
    """What the partnership will do about a standard: required for every gap before submission."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("what will be done")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
        help_text="The owner when they have an account (a member of a partner organisation): they may record the "
        "action's progress and are reminded of it. Empty for a named person without an account.",
    )
    owner_name = models.CharField(max_length=150)
    owner_role = models.CharField(max_length=150)
    responsible_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the partners are jointly responsible.",
    )
    due_date = models.DateField()
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    dropped_reason = models.TextField(blank=True, help_text="Why the partnership dropped the action.")
    carried_forward = models.BooleanField(default=False)
    carried_to = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_from",
        help_text="The action on a later assessment this one moved to when that assessment carried it forward.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.description[:60]

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, day) -> bool:
        return self.is_open and self.due_date < day

    def needs_new_date(self, day) -> bool:
        """The same rule as ActionQuerySet.carried_past_due, for actions already read."""
        return self.carried_forward and self.is_overdue_on(day)

    @property
    def is_open(self):
        return self.status not in CLOSED_STATUSES and self.carried_to_id is None

    @property
    def status_label(self):
        """The status people read: "Carried forward to 2027/28" once the action moved to a later assessment."""
        if self.carried_to_id is not None:
            return CARRIED_TO.format(period=self.carried_to.response.assessment.period)
        return self.get_status_display()

    @property
    def responsible_label(self):
        return self.responsible_organisation.name if self.responsible_organisation_id else "Jointly"


class ActionNote(models.Model):
    """A dated note of progress on an action, written as the plan moves through the year (never edited)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, help_text="The action's status once this note was written."
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"Note on {self.action} at {self.written_at:%Y-%m-%d}"


def completion_upload_to(instance, filename):
    return stored_name("completion", instance.action.response.assessment_id, filename)


class CompletionFile(StoredUpload):
    """Evidence that an action was done, checked like the answers' evidence files."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="completion_files")
    file = models.FileField(upload_to=completion_upload_to, max_length=255)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class InterimRating(models.Model):
    """A dated re-rating of a standard once every action on it is done; the latest is the standard's interim
    rating, shown on the plan and the s75 review pack, and offered as the starting rating next year."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="interim_ratings")
    rating = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"Interim {self.rating} on {self.response}"
