"""Python's cyclic garbage collector, paused while the engine builds objects in bulk."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["collector_paused", "without_collector"]

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, then restore its previous state.

    A parse or a solve allocates hundreds of thousands of small, acyclic objects
    (participants, ids, reason strings); each allocation burst triggers collections that
    walk every tracked object, including the caller's whole input dict (measured: 2 of the
    3 s of reading a million external-score triples). Reference counting still frees
    everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_collector(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with the collector paused (see :func:`collector_paused`)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return wrapper
