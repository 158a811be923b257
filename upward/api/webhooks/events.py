"""The listener registered with upward.core.events at start-up (ApiConfig.ready)."""

from __future__ import annotations

from typing import Any


def record_event(event_type: str, data: dict[str, Any], program_id: int | None) -> None:
    from upward.api.webhooks.services import record_event as record

    record(event_type, data, program_id)
