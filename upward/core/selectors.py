"""Reads of core's own tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from upward.core.audit_search import day_after, day_start
from upward.core.models import AuditEntry


def latest_audit_entry() -> AuditEntry | None:
    # The newest entry rather than a count: counting a large audit table is slow on
    # PostgreSQL, reading the head of an index is not.
    return AuditEntry.objects.select_related("actor").first()


def audit_entries() -> QuerySet[AuditEntry]:
    """The audit log, newest first, with who did each thing."""
    return AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")


def audit_search(filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The audit log narrowed by an AuditFilterForm's cleaned data, newest first."""
    entries = audit_entries()
    if actor := filters.get("actor"):
        entries = entries.filter(
            Q(actor__full_name__icontains=actor) | Q(actor__email__icontains=actor)
        )
    if action := filters.get("action"):
        entries = entries.filter(action__startswith=action)
    if target_type := filters.get("target_type"):
        entries = entries.filter(target_type=target_type)
    if target_id := filters.get("target_id"):
        entries = entries.filter(target_id=target_id)
    if (program := filters.get("program")) is not None:
        entries = entries.filter(program_id=program)
    since: date | None = filters.get("since")
    if since is not None:
        entries = entries.filter(created_at__gte=day_start(since))
    until: date | None = filters.get("until")
    if until is not None and (end := day_after(until)) is not None:
        entries = entries.filter(created_at__lt=end)
    return entries
