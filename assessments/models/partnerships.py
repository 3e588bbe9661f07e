"""Partnerships between a trust and its councils, and the CMHT teams they cover."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .people import Organisation, OrganisationKind


class Arrangement(models.TextChoices):
    S75_POOLED = "s75_pooled", "Section 75 with a pooled budget"
    S75_DELEGATED = "s75_delegated", "Section 75 delegated functions"
    SECONDMENT = "secondment", "Secondment without a section 75 agreement"
    COLLABORATION = "collaboration", "Co-location or collaboration only"
    ENDED = "ended", "Ended or de-integrated"


class ContinuumStage(models.TextChoices):
    """The continuum of integration, seed 000 §5.1."""

    COLLABORATIVE = "collaborative", "Collaborative arrangement"
    FORMAL = "formal", "More formal partnership"
    POOLED = "pooled", "Formal partnership with pooled budgets"
    INTEGRATED = "integrated", "Integration in one organisation"


class Employment(models.TextChoices):
    SECONDED = "seconded", "Seconded to the trust"
    TRANSFERRED = "transferred", "Transferred to the trust"
    COUNCIL = "council", "Employed by the council"


class LineManager(models.TextChoices):
    """Whose management a group of staff is under."""

    COUNCIL = "council", "The council"
    TRUST = "trust", "The trust"
    MIXED = "mixed", "Some by each"


class RecordingSystems(models.TextChoices):
    """Seed 003: where social workers must record in two systems, "everything has to be duplicated"."""

    ONE = "one", "One IT system"
    TWO = "two", "Two IT systems (the trust's and the council's)"


BOARD_WITHOUT_LEAD = "Name the social work lead, or leave whether they report to the trust board as not said."


def leadership_errors(facts) -> dict[str, str]:
    """The leadership facts agree with each other (`facts`: a Partnership, or the profile services' data)."""
    errors = {}
    if facts.social_work_lead_reports_to_board is not None and not (facts.social_work_lead or "").strip():
        errors["social_work_lead_reports_to_board"] = BOARD_WITHOUT_LEAD
    return errors


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    trust = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="trust_partnerships",
        limit_choices_to={"kind": OrganisationKind.NHS_TRUST},
    )
    councils = models.ManyToManyField(
        Organisation, related_name="council_partnerships", limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY}
    )
    arrangement = models.CharField(max_length=20, choices=Arrangement.choices)
    continuum_stage = models.CharField(max_length=20, choices=ContinuumStage.choices)
    social_worker_employment = models.CharField(max_length=20, choices=Employment.choices)
    agreement_start = models.DateField(null=True, blank=True)
    next_review_date = models.DateField(
        null=True, blank=True, help_text="The agreement's next annual review: offered as a due date for actions."
    )
    notes = models.TextField(blank=True)
    # Leadership facts (seeds 001 and 003): is social work's leadership "on a par" with medicine and nursing?
    social_work_lead = models.CharField(
        "principal social worker or senior social work lead",
        max_length=200,
        blank=True,
        help_text="Their name and title, e.g. 'Dr A. Khan, Principal Social Worker'; empty when there is none.",
    )
    social_work_lead_reports_to_board = models.BooleanField(
        "the social work lead reports to the trust board", null=True, blank=True
    )
    social_workers_managed_by = models.CharField(
        "who line-manages the social workers", max_length=10, choices=LineManager.choices, blank=True
    )
    amhps_managed_by = models.CharField(
        "who line-manages the AMHPs", max_length=10, choices=LineManager.choices, blank=True
    )
    amhp_service_with_council = models.BooleanField("the AMHP service stays with the council", null=True, blank=True)
    recording_systems = models.CharField(
        "where social workers record", max_length=10, choices=RecordingSystems.choices, blank=True
    )

    # Who changed the profile, what and when; written by the services in assessments/services/partnership.py.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.trust_id and self.trust.kind != OrganisationKind.NHS_TRUST:
            raise ValidationError({"trust": "The trust must be an organisation of kind NHS trust."})
        if self.agreement_start and self.next_review_date and self.next_review_date < self.agreement_start:
            raise ValidationError({"next_review_date": "The next review cannot be before the agreement started."})
        errors = leadership_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def region(self):
        return self.trust.region

    def partner_organisations(self):
        """The trust first, then its councils by name."""
        return [self.trust, *sorted(self.councils.all(), key=lambda o: o.name)]


class Service(models.TextChoices):
    WORKING_AGE = "working_age", "Working-age adults"
    OLDER_PEOPLE = "older_people", "Older people"
    EARLY_INTERVENTION = "early_intervention", "Early intervention"
    OTHER = "other", "Other"


class Profession(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    NURSE = "nurse", "Nurse"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
    PSYCHOLOGIST = "psychologist", "Psychologist"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    OTHER = "other", "Other"


class SupervisionFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly or more often"
    SIX_WEEKLY = "six_weekly", "Every six weeks"
    QUARTERLY = "quarterly", "Quarterly"
    LESS_OFTEN = "less_often", "Less often than quarterly"


HEADCOUNT_FIELDS = (
    "social_workers",
    "nurses",
    "occupational_therapists",
    "psychologists",
    "psychiatrists",
    "support_workers",
    "others",
)


# A community mental health team is tens of people; a headcount above this is a typing slip, refused everywhere.
MAX_HEADCOUNT = 500
HEADCOUNT_TOO_HIGH = "The number of {field} must be {limit} or fewer."


def _headcount(verbose_name: str):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=0,
        validators=[
            MaxValueValidator(MAX_HEADCOUNT, HEADCOUNT_TOO_HIGH.format(field=verbose_name, limit=MAX_HEADCOUNT))
        ],
    )


def _posts(verbose_name: str):
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(MAX_HEADCOUNT, HEADCOUNT_TOO_HIGH.format(field=verbose_name, limit=MAX_HEADCOUNT))
        ],
    )


# Per profession (HEADCOUNT_FIELDS): its funded posts and how many of them are vacant.
ESTABLISHMENT_FIELDS = tuple(f"{name}_{part}" for name in HEADCOUNT_FIELDS for part in ("establishment", "vacant"))
LEADERSHIP_FIELDS = (
    "social_work_lead",
    "social_work_lead_reports_to_board",
    "social_workers_managed_by",
    "amhps_managed_by",
    "amhp_service_with_council",
    "recording_systems",
)


VACANT_OVER_ESTABLISHMENT = (
    "There cannot be more vacant posts than funded posts for {profession}: {vacant} vacant of {establishment} funded."
)
VACANT_WITHOUT_ESTABLISHMENT = "Give the number of funded posts for {profession} as well as the vacant ones."


def establishment_errors(team) -> dict[str, str]:
    """Per profession: its vacant posts are among its funded posts, so never more than them, nor without them."""
    errors = {}
    for name in HEADCOUNT_FIELDS:
        establishment, vacant = getattr(team, f"{name}_establishment"), getattr(team, f"{name}_vacant")
        if vacant is None:
            continue
        profession = Team._meta.get_field(name).verbose_name
        if establishment is None:
            errors[f"{name}_vacant"] = VACANT_WITHOUT_ESTABLISHMENT.format(profession=profession)
        elif vacant > establishment:
            errors[f"{name}_vacant"] = VACANT_OVER_ESTABLISHMENT.format(
                profession=profession, vacant=vacant, establishment=establishment
            )
    return errors


class Team(models.Model):
    """A community mental health team covered by the partnership, and its make-up."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    service = models.CharField(max_length=24, choices=Service.choices)
    social_workers = _headcount("social workers")
    amhps = _headcount("of whom AMHPs")
    nurses = _headcount("nurses")
    occupational_therapists = _headcount("occupational therapists")
    psychologists = _headcount("psychologists")
    psychiatrists = _headcount("psychiatrists")
    support_workers = _headcount("support/STR workers")
    others = _headcount("others")
    # Establishment (funded posts) and vacancies, per profession; empty when not known.
    social_workers_establishment = _posts("social workers: funded posts")
    social_workers_vacant = _posts("social workers: vacant posts")
    nurses_establishment = _posts("nurses: funded posts")
    nurses_vacant = _posts("nurses: vacant posts")
    occupational_therapists_establishment = _posts("occupational therapists: funded posts")
    occupational_therapists_vacant = _posts("occupational therapists: vacant posts")
    psychologists_establishment = _posts("psychologists: funded posts")
    psychologists_vacant = _posts("psychologists: vacant posts")
    psychiatrists_establishment = _posts("psychiatrists: funded posts")
    psychiatrists_vacant = _posts("psychiatrists: vacant posts")
    support_workers_establishment = _posts("support/STR workers: funded posts")
    support_workers_vacant = _posts("support/STR workers: vacant posts")
    others_establishment = _posts("others: funded posts")
    others_vacant = _posts("others: vacant posts")
    social_work_line_manager = models.CharField(
        "profession of the social workers' line manager", max_length=24, choices=Profession.choices
    )
    has_social_work_supervision = models.BooleanField(
        "social workers get professional supervision from a qualified social worker", default=False
    )
    supervision_frequency = models.CharField(max_length=12, choices=SupervisionFrequency.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="team_name_unique_in_partnership"),
            models.CheckConstraint(condition=models.Q(amhps__lte=models.F("social_workers")), name="amhps_within_sw"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__lte": MAX_HEADCOUNT}), name=f"team_{name}_realistic"
                )
                for name in (*HEADCOUNT_FIELDS, "amhps")
            ],
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = establishment_errors(self)
        if self.amhps is not None and self.social_workers is not None and self.amhps > self.social_workers:
            errors["amhps"] = "AMHPs are counted among the social workers, so there cannot be more AMHPs."
        if self.has_social_work_supervision and not self.supervision_frequency:
            errors["supervision_frequency"] = "Say how often social workers get professional supervision."
        if not self.has_social_work_supervision and self.supervision_frequency:
            errors["supervision_frequency"] = "Leave the frequency empty when there is no such supervision."
        if errors:
            raise ValidationError(errors)

    @property
    def headcount(self):
        return sum(getattr(self, f) or 0 for f in HEADCOUNT_FIELDS)

    @property
    def social_work_share(self):
        """Social workers as a percentage of the team, or None for an empty team."""
        total = self.headcount
        if not total:
            return None
        return (Decimal(self.social_workers) * 100 / total).quantize(Decimal("0.1"))

    @property
    def is_isolated(self):
        """One or no social worker in the team (seed 000 §7.2: one social worker among 17 nurses)."""
        return self.social_workers <= 1
