"""Reads of core's own tables."""

from __future__ import annotations

from django.db.models import QuerySet

from upward.core.models import AuditEntry


def latest_audit_entry() -> AuditEntry | None:
    # The newest entry rather than a count: counting a large audit table is slow on
    # PostgreSQL, reading the head of an index is not.
    return AuditEntry.objects.select_related("actor").first()


def audit_entries() -> QuerySet[AuditEntry]:
    """The audit log, newest first, with who did each thing."""
    return AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")
