"""Where each assessment's PDFs stand: queued, rendering, ready or failed (one row per assessment and kind).

An assessment has two PDFs, each rendered by the worker (reports/tasks.py): its action plan, and the s75 review
pack (the plan's progress for the partnership agreement's annual review). The PDF itself is kept in the
"reports" cache (reports/pdf.py `cache_key`); this row only says what the worker is doing about it, so that a
burst of edits queues one render of each, and a download that finds no PDF can say whether one is on its way
or could not be made.
"""

from django.db import models


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class RenderKind(models.TextChoices):
    ACTION_PLAN = "action-plan", "action plan"
    REVIEW_PACK = "review-pack", "s75 review pack"


class PlanRender(models.Model):
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="plan_renders")
    kind = models.CharField(
        max_length=12,
        choices=RenderKind.choices,
        default=RenderKind.ACTION_PLAN,
        help_text="Which of the assessment's PDFs: the action plan, or the s75 review pack.",
    )
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
        verbose_name = "PDF render"
        constraints = [models.UniqueConstraint(fields=["assessment", "kind"], name="one_render_per_assessment_kind")]

    def __str__(self):
        return (
            f"{self.get_kind_display().capitalize()} PDF of assessment {self.assessment_id}: "
            f"{self.get_status_display()}, revision {self.revision}"
        )
