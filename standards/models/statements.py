"""The frontline's statements: one plain-language sentence per standard that a social worker can judge.

A pulse asks the partnership's social workers how far they agree with each statement. The statements are the
product's own wording, not BASW's: each points at its standard and quotes the standard's words it draws on, so
anyone can check it asks about what the standard says. Standards about the organisations' internal processes
(how personnel staff are trained, what commissioners recognise) have none.
"""

from django.db import models

from .content import Standard

PRODUCT_WORDING = "Partnership Audit's own wording, drawn from the standard; not BASW's text."


class StatementManager(models.Manager):
    def get_by_natural_key(self, framework_slug, version_slug, code):
        return self.get(
            standard__version__framework__slug=framework_slug, standard__version__slug=version_slug, standard__code=code
        )


class StatementQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired=False, standard__retired=False)

    def of_version(self, version):
        return self.current().filter(standard__version=version).select_related("standard")


class Statement(models.Model):
    standard = models.OneToOneField(Standard, on_delete=models.CASCADE, related_name="frontline_statement")
    text = models.CharField(max_length=300, help_text="First person, plain language: 'I get ...'.")
    draws_on = models.TextField(help_text="The words of the standard the statement draws on, quoted exactly.")
    wording = models.CharField(max_length=200, default=PRODUCT_WORDING)
    retired = models.BooleanField(default=False, help_text="No longer in the version's statements; kept for answers.")

    objects = StatementManager.from_queryset(StatementQuerySet)()

    class Meta:
        ordering = ["standard__version", "standard__source_order"]

    def __str__(self):
        return f"{self.standard.code}: {self.text}"

    def natural_key(self):
        return self.standard.natural_key()

    natural_key.dependencies = ["standards.standard"]
