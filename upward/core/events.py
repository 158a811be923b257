"""Tell the apps above that a business event happened (for outgoing webhooks).

Core sits below every app, so any service may call `event_happened` inside its
transaction; the api app, which sends webhooks, registers its listener at
start-up (`on_event`). With no listener registered, nothing happens.

`data` must never hold private content (notes, check-in comments, concern
text, self-identification): ids, states, counts and program names only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[str, dict[str, Any], "int | None"], None]
_listeners: list[Listener] = []


def on_event(listener: Listener) -> None:
    """Call `listener(event_type, data, program_id)` after every event (once, at start-up)."""
    if listener not in _listeners:
        _listeners.append(listener)


def event_happened(event_type: str, data: dict[str, Any], *, program_id: int | None = None) -> None:
    for listener in _listeners:
        listener(event_type, data, program_id)
