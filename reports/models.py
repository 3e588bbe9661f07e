"""Where each assessment's action-plan PDF stands: queued, rendering, ready or failed (one row per assessment).

The PDF itself is kept in the "reports" cache (reports/pdf.py `cache_key`); this row only says what the
worker is doing about it, so that a burst of edits queues one render, and a download that finds no PDF can
say whether one is on its way or could not be made.
"""

from django.db import models


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class PlanRender(models.Model):
    assessment = models.OneToOneField("assessments.Assessment", on_delete=models.CASCADE, related_name="plan_render")
    revision = models.PositiveIntegerField(
        help_text="The assessment's revision this render was queued for, or the one it rendered."
    )
    status = models.CharField(max_length=10, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Failed attempts at the queued revision.")
    error = models.CharField(max_length=300, blank=True, help_text="What went wrong, in words for people.")
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "action plan render"

    def __str__(self):
        return (
            f"Action plan PDF of assessment {self.assessment_id}: {self.get_status_display()}, revision {self.revision}"
        )
