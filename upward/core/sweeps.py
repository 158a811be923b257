"""The loop shared by Upward's sweeps (reminders, digests, escalations)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)


def sweep_each(ids: Iterable[int], handle_one: Callable[[int], bool], *, what: str) -> int:
    """Call `handle_one(id)` for each id and count the rows it handled.

    `handle_one` claims its row in its own transaction (SELECT ... FOR UPDATE
    SKIP LOCKED, re-checked under the lock) and returns False when another
    worker got there first. A row that fails is logged and left due for the
    next sweep: one bad address must not stop everybody else's reminder.
    """
    handled = 0
    for pk in ids:
        try:
            if handle_one(pk):
                handled += 1
        except Exception:
            logger.exception("%s %s failed", what, pk)
    return handled
