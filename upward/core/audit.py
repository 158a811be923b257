"""Write the audit log. Called by services, inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from upward.core.models import AuditEntry


def audit_log(
    *,
    actor: Any,
    action: str,
    summary: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=user,
        action=action,
        summary=summary[:500],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        program_id=_program_of(target),
        data=data or {},
    )
    entry.full_clean()
    entry.save()
    return entry


def _program_of(target: models.Model | None) -> int | None:
    if target is None:
        return None
    if target._meta.label_lower == "programs.program":
        return int(target.pk)
    program_id = getattr(target, "program_id", None)
    return int(program_id) if program_id is not None else None
