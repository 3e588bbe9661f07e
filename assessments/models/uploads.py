"""What every kept upload records beside its file (evidence of an answer, evidence an action was done)."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone


def stored_name(folder: str, assessment_id: int, filename: str) -> str:
    """A name in storage nobody can guess or collide with: the folder, the assessment, a random hex, the suffix."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{assessment_id}/{uuid.uuid4().hex}{suffix}"


class StoredUpload(models.Model):
    """An upload's record: its name as given, the type detected from its content, its size, who and when."""

    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, help_text="Detected from the file's content.")
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name
