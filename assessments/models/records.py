"""The partnership's record over time: its profile and teams by year, the profile as it stood at submission,
the dated events of its integration, and each accepted assessment's scores, stored once.

The profile and the teams stay the partnership's present (models/partnerships.py); each change through the
services also writes the year's record here (services/records.py), so the partnership page can show them by
year. A submitted assessment keeps the profile and teams as they stood then (ProfileSnapshot): its PDF and
review pages show that, whatever is edited later. An accepted assessment's domain and overall scores are
stored when BASW accepts it (AssessmentScore) and never change: the trend and the national picture read them,
not every answer.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.models import FrameworkVersion

from .assessment import Assessment, period_validator
from .partnerships import Arrangement, ContinuumStage, Employment, Partnership, Team
from .people import Region


class TeamYear(models.Model):
    """A team's figures in one financial year, as last recorded in that year (services/records.py)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="years")
    period = models.CharField(max_length=7, validators=[period_validator])
    figures = models.JSONField(
        help_text="The team's headcounts, establishment and vacancies, line manager and supervision, by field name."
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["team", "-period"]
        constraints = [models.UniqueConstraint(fields=["team", "period"], name="one_record_per_team_and_year")]

    def __str__(self):
        return f"{self.team} {self.period}"


class PartnershipYear(models.Model):
    """The partnership's arrangement and leadership facts in one financial year, as last recorded in that year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="years")
    period = models.CharField(max_length=7, validators=[period_validator])
    profile = models.JSONField(help_text="The profile's fields (arrangement, stage, employment, leadership facts).")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "period"], name="one_record_per_partnership_and_year")
        ]

    def __str__(self):
        return f"{self.partnership} {self.period}"


class ProfileSnapshot(models.Model):
    """The partnership's profile and teams as they stood when the assessment was (last) submitted."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="profile_snapshot")
    taken_at = models.DateTimeField(default=timezone.now)
    profile = models.JSONField()
    teams = models.JSONField(help_text="One object per team: its name, service and figures, in name order.")

    def __str__(self):
        return f"Profile of {self.assessment} at {self.taken_at:%Y-%m-%d}"


class TimelineKind(models.TextChoices):
    """The dated events in a partnership's life that its leads record (seed 004: de-integration)."""

    S75_SIGNED = "s75_signed", "Section 75 agreement signed"
    S75_RENEWED = "s75_renewed", "Section 75 agreement renewed"
    S75_VARIED = "s75_varied", "Section 75 agreement varied"
    S75_NOTICE = "s75_notice", "Notice given on the section 75 agreement"
    S75_ENDED = "s75_ended", "Section 75 agreement ended"
    SECONDED = "seconded", "Social workers seconded to the trust"
    TRANSFERRED = "transferred", "Social workers transferred to the trust (TUPE)"
    WITHDRAWN = "withdrawn", "Social workers withdrawn to council management"
    RESTRUCTURED = "restructured", "A service restructured"
    PSW_APPOINTED = "psw_appointed", "Principal social worker appointed"
    PSW_LOST = "psw_lost", "Principal social worker post lost"


# The events that move a partnership away from integration: the national picture counts them as the retreat.
RETREAT_KINDS = frozenset(
    {TimelineKind.S75_NOTICE, TimelineKind.S75_ENDED, TimelineKind.WITHDRAWN, TimelineKind.PSW_LOST}
)


class Consulted(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class TimelineEvent(models.Model):
    """One dated event in the partnership's integration, with who decided it and whether staff were consulted."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=TimelineKind.choices)
    happened_on = models.DateField()
    decided_by = models.CharField(max_length=200, help_text="Who decided it, e.g. the council's cabinet.")
    staff_consulted = models.CharField(
        "frontline staff consulted", max_length=10, choices=Consulted.choices, default=Consulted.NOT_KNOWN
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-happened_on", "-pk"]
        indexes = [models.Index(fields=["kind", "happened_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.happened_on}"


OVERALL = ""  # AssessmentScore.domain_key of the overall score


class AssessmentScore(models.Model):
    """One accepted assessment's score of a domain (or overall), stored when BASW accepted it; never changed.

    What the national picture filters by is kept beside the score as it was at acceptance (the period, version,
    region, arrangement, stage and employment), so the national overview and the trend read these rows only.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain_key = models.CharField(
        max_length=40, blank=True, help_text="The domain's trend key (its code, or Domain.trend_key); empty: overall."
    )
    domain_title = models.CharField(max_length=200, blank=True)
    total = models.PositiveIntegerField(help_text="The sum of the rated, applicable standards' scores.")
    rated = models.PositiveSmallIntegerField(help_text="How many standards were rated (not applicable left out).")
    top = models.PositiveSmallIntegerField(help_text="The top score of the version's scale.")
    percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, help_text="scoring.percent of the above.")
    # The national picture's dimensions, as they were when the assessment was accepted.
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    region = models.CharField(max_length=20, choices=Region.choices)
    arrangement = models.CharField(max_length=20, choices=Arrangement.choices)
    continuum_stage = models.CharField(max_length=20, choices=ContinuumStage.choices)
    social_worker_employment = models.CharField(max_length=20, choices=Employment.choices)

    class Meta:
        ordering = ["assessment", "domain_key"]
        constraints = [models.UniqueConstraint(fields=["assessment", "domain_key"], name="one_score_per_domain")]
        indexes = [
            models.Index(fields=["version", "period", "domain_key"]),
            # Covers the national picture's scores by year, which reads every stored row's figures.
            models.Index(fields=["period", "domain_key", "rated", "total", "top"], name="score_years_covering"),
        ]

    def __str__(self):
        return f"{self.assessment} {self.domain_key or 'overall'}: {self.percent}"
