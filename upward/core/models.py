from __future__ import annotations

from typing import Any

import pgtrigger
from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for Upward's models: when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who did what to which object, written by the service that did it.

    Rows are never updated; the summary is written for people, `data` for
    machines. Sensitive contents (notes, concerns, self-identification) never
    go in here: only the fact that something happened. Append-only: on
    PostgreSQL a trigger refuses any update or delete, except inside
    `upward.core.append_only.allow_audit_rewrite` (erasure and the retention
    sweep, docs/audit.md).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # The program the entry concerns, when there is one (a plain id: core sits below
    # programs), so the log can be filtered by program.
    program_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=500)
    data: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"
