"""An assessment, its answers per standard, evidence, actions, sign-offs and the record of its life."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.models import FrameworkVersion, RatingLevel, Standard

from .partnerships import Partnership
from .people import Organisation
from .uploads import StoredUpload, stored_name


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted"


# The whole workflow, as data: (from status, move) -> to status. Services check moves against this table.
# A resubmission goes straight back to the officer who returned it (the reviewer is kept); another officer may
# take the review over (Act.TAKE_OVER below).
TRANSITIONS = {
    (Status.DRAFT, "submit"): Status.SUBMITTED,
    (Status.CHANGES_REQUESTED, "submit"): Status.IN_REVIEW,
    (Status.SUBMITTED, "take"): Status.IN_REVIEW,
    (Status.IN_REVIEW, "return"): Status.CHANGES_REQUESTED,
    (Status.IN_REVIEW, "accept"): Status.ACCEPTED,
}
# Where the partnership may change its answers.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED})
# Sent to BASW at least once: what every BASW officer may see, and what the national overdue list covers.
SENT_TO_BASW_STATUSES = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.ACCEPTED})


class Act(models.TextChoices):
    """What people do to an assessment without moving its status; STATUS_ALLOWS says when they may."""

    EDIT = "edit", "change the answers, evidence and actions"
    SIGN_OFF = "sign_off", "sign off"
    REVIEW = "review", "record a review"
    REPLY = "reply", "reply to a query"
    TAKE_OVER = "take_over", "take over the review"
    PROGRESS = "progress", "record progress on the action plan"
    PULSE = "pulse", "open a frontline pulse or invite to it"


# The other half of the workflow, as data: in which statuses each act is open. Services check acts here.
STATUS_ALLOWS = {
    Act.EDIT: EDITABLE_STATUSES,
    Act.SIGN_OFF: EDITABLE_STATUSES,
    Act.REVIEW: frozenset({Status.IN_REVIEW}),
    Act.REPLY: frozenset({Status.CHANGES_REQUESTED}),
    Act.TAKE_OVER: frozenset({Status.IN_REVIEW}),
    # The plan lives through the year once BASW accepts the assessment; before that its actions are edited.
    Act.PROGRESS: frozenset({Status.ACCEPTED}),
    # The frontline's voice informs the self-assessment, so a pulse is opened (and invited to) while it is written.
    Act.PULSE: EDITABLE_STATUSES,
}


def status_allows(status, act: Act) -> bool:
    return status in STATUS_ALLOWS[act]


period_validator = RegexValidator(r"^\d{4}/\d{2}$", "Give the period as a financial year, e.g. 2026/27.")


class ReviewState(models.TextChoices):
    """A BASW officer's view of one answer. Accepting needs every answer agreed."""

    AGREED = "agreed", "Agreed"
    QUERIED = "queried", "Queried"


class RatingMode(models.TextChoices):
    """How the partnership rates: each partner alone first (kept as evidence), or one joint rating from the start."""

    PARTNERS_FIRST = "partners_first", "Each partner rates first, then you agree"
    TOGETHER = "together", "Rate together"


RATING_MODE_HELP = {
    RatingMode.PARTNERS_FIRST: "The trust and each council give their own rating of every standard without "
    "seeing the others' until they have given theirs; then you agree the joint rating, and each view is kept "
    "beside it.",
    RatingMode.TOGETHER: "The partners agree one joint rating of every standard from the start.",
}


class Assessment(models.Model):
    """A partnership's self-assessment for one period, pinned for life to one published framework version."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="assessments")
    period = models.CharField(max_length=7, validators=[period_validator])
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    rating_mode = models.CharField(max_length=20, choices=RatingMode.choices, default=RatingMode.PARTNERS_FIRST)
    views_revealed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a lead showed every partner's views at once, for a joint meeting."
    )
    views_revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(
        default=0, editable=False, help_text="Counts every change made through the services; cached reports key on it."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_summary = models.TextField(blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period", "partnership__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "period"], name="one_assessment_per_period"),
        ]
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self):
        return f"{self.partnership} {self.period}"

    @property
    def is_editable(self):
        return status_allows(self.status, Act.EDIT)

    @property
    def is_locked(self):
        return self.status == Status.ACCEPTED

    @property
    def partners_rate_first(self):
        return self.rating_mode == RatingMode.PARTNERS_FIRST


class Response(models.Model):
    """The partnership's joint (agreed) answer to one standard: the answer of record.

    When the partners rate first, each partner's own view hangs off this row (PartnerView), and
    `agreed_rationale` records why they agreed this rating where their views diverged.
    `lock_version` guards against lost updates: saves are conditional on it (see services.response_save).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="responses")
    rating = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    not_applicable = models.BooleanField(default=False)
    not_applicable_reason = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    evidence_holder = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The partner that holds the evidence; empty with evidence_held_jointly for both.",
    )
    evidence_held_jointly = models.BooleanField(default=False)
    agreed_rationale = models.TextField(
        "why we agreed this", blank=True, help_text="Needed where the partners' own views were divergent."
    )
    carried_forward = models.BooleanField(default=False, help_text="Copied from the last accepted assessment.")
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The BASW officer's review of this answer.
    review_state = models.CharField(max_length=10, blank=True, choices=ReviewState.choices)
    review_comment = models.TextField(blank=True)
    expected_rating = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The partnership's reply to a query.
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=["lock_version", "updated_at", "reviewed_at", "replied_at"],
    )

    class Meta:
        ordering = ["assessment", "standard__source_order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "standard"], name="one_response_per_standard"),
        ]

    def __str__(self):
        return f"{self.assessment} — {self.standard.code}"

    @property
    def is_answered(self):
        return self.not_applicable or self.rating_id is not None

    @property
    def is_started(self):
        return self.is_answered or bool(self.evidence.strip())

    @property
    def is_agreed(self):
        return self.review_state == ReviewState.AGREED

    @property
    def is_queried(self):
        return self.review_state == ReviewState.QUERIED


def evidence_upload_to(instance, filename):
    return stored_name("evidence", instance.response.assessment_id, filename)


class EvidenceFile(StoredUpload):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_upload_to, max_length=255)

    class Meta:
        ordering = ["uploaded_at"]


class SignOff(models.Model):
    """A governance lead's sign-off for their organisation. Any edit to the assessment clears them all."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="signoffs")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_name = models.CharField(max_length=150)
    signed_role = models.CharField(max_length=150)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "organisation"], name="one_signoff_per_organisation"),
        ]

    def __str__(self):
        return f"{self.signed_name} for {self.organisation}"


class EventKind(models.TextChoices):
    CREATED = "created", "Started"
    TRANSITION = "transition", "Status changed"
    SIGNED_OFF = "signed_off", "Signed off"
    SIGNOFFS_CLEARED = "signoffs_cleared", "Sign-offs cleared by an edit"
    VIEWS_REVEALED = "views_revealed", "Partners' views shown to all"
    ACTION_PROGRESS = "action_progress", "Action plan progress"
    INTERIM_RATING = "interim_rating", "Interim rating recorded"
    REVIEWER_CHANGED = "reviewer", "Reviewer changed"


class Event(models.Model):
    """One line of an assessment's life: who, when, from which status to which, and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.from_status}→{self.to_status}"
