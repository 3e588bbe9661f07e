"""The words themselves: domains, standards (principles and practices) and the Code of Ethics principles."""

from django.db import models
from django.urls import reverse

from .framework import FrameworkVersion


class DomainManager(models.Manager):
    def get_by_natural_key(self, framework_slug, version_slug, code):
        return self.get(version__framework__slug=framework_slug, version__slug=version_slug, code=code)


class Domain(models.Model):
    """An ordered group of standards, for navigation. Source order and numbering stay on each standard."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the grouping comes from.")
    trend_key = models.SlugField(
        max_length=60,
        blank=True,
        help_text="The code of the domain of earlier versions this one continues, when its own code differs: a "
        "partnership's trend follows it across versions. Empty: its code.",
    )

    objects = DomainManager()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="domain_code_unique_in_version"),
            models.UniqueConstraint(fields=["version", "order"], name="domain_order_unique_in_version"),
        ]

    def __str__(self):
        return self.title

    @property
    def key(self):
        """The domain's key in trends across framework versions."""
        return self.trend_key or self.code

    def natural_key(self):
        return (*self.version.natural_key(), self.code)

    natural_key.dependencies = ["standards.frameworkversion"]


class EthicsPrincipleManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class EthicsPrinciple(models.Model):
    """One of the five key principles of the BASW Code of Ethics (seed 000, Appendix 1), with its points."""

    code = models.SlugField(max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=100)
    points = models.JSONField(default=list, help_text="The principle's points, in source order.")
    source_reference = models.CharField(max_length=200)

    objects = EthicsPrincipleManager()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)


class StandardKind(models.TextChoices):
    PRINCIPLE = "principle", "Principle"
    PRACTICE = "practice", "Practice and process"


class StandardQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired=False)

    def assessable(self):
        """The items a partnership rates: every current top-level item (sub-items are rated with their parent)."""
        return self.current().filter(parent__isnull=True)


class StandardManager(models.Manager.from_queryset(StandardQuerySet)):
    def get_by_natural_key(self, framework_slug, version_slug, code):
        return self.get(version__framework__slug=framework_slug, version__slug=version_slug, code=code)


class Standard(models.Model):
    """A principle or a practice standard, word for word as in its source.

    `text` is the source's wording; `notes` records every mend of an extraction artefact. `guidance` and
    `evidence_examples` are lists of {"text": ..., "source": ...}, each saying where it comes from in the
    seed documents. A standard that a newer fixture no longer contains is retired, never deleted.
    """

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="standards")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="standards")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_items",
        help_text="For a sub-item (e.g. S15a), the item it belongs to. Sub-items are rated with their parent.",
    )
    code = models.CharField(max_length=12, help_text="Stable reference, e.g. P1, S15, S15a.")
    kind = models.CharField(max_length=12, choices=StandardKind.choices)
    source_order = models.PositiveSmallIntegerField(help_text="Position in the source document.")
    title = models.CharField(max_length=150, help_text="A short title for lists.")
    text = models.TextField(help_text="The wording as in the source.")
    source_reference = models.CharField(max_length=200, help_text="e.g. BASW 2010, §12.2, item 15")
    guidance = models.JSONField(default=list, blank=True)
    evidence_examples = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True, help_text="Every mend of an extraction artefact, and why.")
    restates = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restated_by",
        help_text="The earlier version's item this one restates.",
    )
    is_new = models.BooleanField(default=False, help_text="New in this version: restates no earlier item.")
    ethics_principles = models.ManyToManyField(EthicsPrinciple, blank=True, related_name="standards")
    retired = models.BooleanField(default=False, help_text="No longer in the version's content; kept for answers.")

    objects = StandardManager()

    class Meta:
        ordering = ["version", "source_order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="standard_code_unique_in_version"),
        ]
        indexes = [models.Index(fields=["version", "domain", "source_order"])]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "standards:standard",
            kwargs={"framework": self.version.framework.slug, "version": self.version.slug, "code": self.code},
        )

    def natural_key(self):
        return (*self.version.natural_key(), self.code)

    natural_key.dependencies = ["standards.frameworkversion", "standards.domain", "standards.ethicsprinciple"]

    @property
    def is_principle(self):
        return self.kind == StandardKind.PRINCIPLE
