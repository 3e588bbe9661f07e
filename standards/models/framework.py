"""Frameworks, their versions, and each version's rating scale and overall bands."""

from django.core.exceptions import ValidationError
from django.db import models


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Framework(models.Model):
    """A body of standards, e.g. BASW's standards for social work in multi-disciplinary mental health teams."""

    slug = models.SlugField(max_length=80, unique=True, help_text="Stable identifier used by fixtures and URLs.")
    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=80)
    description = models.TextField(blank=True)

    objects = FrameworkManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class FrameworkVersionQuerySet(models.QuerySet):
    def public(self):
        """Versions people may browse: published and retired ones, never drafts."""
        return self.exclude(status=VersionStatus.DRAFT)

    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)


class FrameworkVersionManager(models.Manager.from_queryset(FrameworkVersionQuerySet)):
    def get_by_natural_key(self, framework_slug, slug):
        return self.get(framework__slug=framework_slug, slug=slug)


class FrameworkVersion(models.Model):
    """One published text of a framework. Assessments pin a version for life, so published content is frozen."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    slug = models.SlugField(max_length=40, help_text="Stable identifier within the framework, e.g. 2010.")
    label = models.CharField(max_length=120, help_text="How people name this version, e.g. 'BASW 2010'.")
    title = models.CharField(max_length=300, help_text="The source document's title.")
    publication_date = models.DateField()
    publisher = models.CharField(max_length=200)
    source_citation = models.TextField(help_text="Full citation of the source document.")
    source_url = models.URLField(blank=True)
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    introduction = models.TextField(blank=True, help_text="The source's own words introducing the standards.")
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_versions",
        help_text="The earlier version whose items this version restates.",
    )
    not_applicable_label = models.CharField(max_length=60, default="Not applicable")
    divergence_levels = models.PositiveSmallIntegerField(
        default=2,
        help_text="Partners' own ratings this many levels apart on the scale (or more) make a standard divergent; "
        "fewer levels apart, it differs.",
    )

    objects = FrameworkVersionManager()

    class Meta:
        ordering = ["framework", "publication_date"]
        constraints = [models.UniqueConstraint(fields=["framework", "slug"], name="version_slug_unique_in_framework")]

    def __str__(self):
        return f"{self.framework.short_name}: {self.label}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.slug)

    natural_key.dependencies = ["standards.framework"]

    @property
    def is_published(self):
        return self.status == VersionStatus.PUBLISHED

    @property
    def is_frozen(self):
        """Published and retired versions are never edited: changes go into a new version."""
        return self.status != VersionStatus.DRAFT


class RatingLevelManager(models.Manager):
    def get_by_natural_key(self, framework_slug, version_slug, code):
        return self.get(version__framework__slug=framework_slug, version__slug=version_slug, code=code)


class RatingLevel(models.Model):
    """One point on a version's rating scale. `score` runs from 0 (lowest) to the top level's score."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="rating_levels")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=60)
    description = models.TextField(help_text="What this rating means, in plain words.")
    score = models.PositiveSmallIntegerField()
    colour = models.CharField(max_length=7, help_text="Hex colour; always shown with the label, never alone.")
    meets_standard = models.BooleanField(
        default=False,
        help_text="This rating counts as meeting the standard. The national picture lists the standards most often "
        "rated below the lowest such level.",
    )

    objects = RatingLevelManager()

    class Meta:
        ordering = ["version", "score"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="rating_code_unique_in_version"),
            models.UniqueConstraint(fields=["version", "score"], name="rating_score_unique_in_version"),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (*self.version.natural_key(), self.code)

    natural_key.dependencies = ["standards.frameworkversion"]


class BandManager(models.Manager):
    def get_by_natural_key(self, framework_slug, version_slug, code):
        return self.get(version__framework__slug=framework_slug, version__slug=version_slug, code=code)


class Band(models.Model):
    """An overall banding of a percentage score (of the maximum over applicable standards)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="bands")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    min_percent = models.DecimalField(max_digits=5, decimal_places=2)
    max_percent = models.DecimalField(max_digits=5, decimal_places=2)
    colour = models.CharField(max_length=7)

    objects = BandManager()

    class Meta:
        ordering = ["version", "min_percent"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="band_code_unique_in_version")]

    def __str__(self):
        return f"{self.label} ({self.min_percent}–{self.max_percent}%)"

    def natural_key(self):
        return (*self.version.natural_key(), self.code)

    natural_key.dependencies = ["standards.frameworkversion"]

    def clean(self):
        if self.min_percent is not None and self.max_percent is not None and self.min_percent > self.max_percent:
            raise ValidationError("A band's lowest percentage cannot be above its highest.")
