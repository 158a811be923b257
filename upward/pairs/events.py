"""Tell the apps above that something happened in a pair.

The pairs app sits below feedback, so it cannot call feedback's health
recompute itself. Instead, feedback hands a callable down at start-up
(`on_pair_changed`), and the pairs services call `pair_changed` inside their
transaction after each change that can move a pair's health: a session
planned, moved, cancelled or held, a message, the agreement, the pair closing.
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[int], None]
_listeners: list[Listener] = []


def on_pair_changed(listener: Listener) -> None:
    """Call `listener(pair_id)` after every change to a pair (registered once, at start-up)."""
    if listener not in _listeners:
        _listeners.append(listener)


def pair_changed(pair_id: int) -> None:
    for listener in _listeners:
        listener(pair_id)
