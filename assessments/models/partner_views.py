"""Each partner organisation's own view of a standard, given before the partners agree the joint answer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.models import RatingLevel

from .assessment import Response
from .people import Organisation


class PartnerView(models.Model):
    """One partner's own rating (or not applicable, with a reason) and comment on one standard.

    Written only by that organisation's leads and contributors (access.partner_view_refusal); seen by the
    other partners only once they have given their own, or once a lead has shown every view
    (access.partner_view_shown). `lock_version` guards against lost updates, as on Response.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="partner_views")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rating = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    not_applicable = models.BooleanField(default=False)
    not_applicable_reason = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["lock_version", "updated_at"])

    class Meta:
        ordering = ["response", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["response", "organisation"], name="one_view_per_partner"),
            models.CheckConstraint(
                condition=~models.Q(not_applicable=True, rating__isnull=False), name="view_rated_or_not_applicable"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} on {self.response}"

    @property
    def is_given(self):
        return self.not_applicable or self.rating_id is not None
