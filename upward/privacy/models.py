from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Being gathered"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"


class DataExport(models.Model):
    """Everything Upward holds about one person, gathered by a worker into a ZIP.

    The file is kept in the database (every web server can serve it without a
    shared disk) and deleted by the retention sweep after
    UPWARD_RETENTION_EXPORTS_DAYS (7 by default). Only its subject downloads a
    copy they asked for; a copy an administrator made on request is for that
    administrator alone, and both are audited.
    """

    subject = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default="queued")
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent.")
    step = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export {self.pk} of person {self.subject_id}"

    @property
    def is_done(self) -> bool:
        return self.status in {ExportStatus.READY, ExportStatus.FAILED}


class RetentionRun(models.Model):
    """One pass of the retention sweep: when, and how many rows of each class went."""

    started_at = models.DateTimeField(db_index=True)
    deleted: models.JSONField[dict[str, int]] = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Retention run {self.started_at:%Y-%m-%d %H:%M}"
