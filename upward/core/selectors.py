"""Reads of core's own tables."""

from __future__ import annotations

from upward.core.models import AuditEntry


def latest_audit_entry() -> AuditEntry | None:
    # The newest entry rather than a count: counting a large audit table is slow on
    # PostgreSQL, reading the head of an index is not.
    return AuditEntry.objects.select_related("actor").first()
