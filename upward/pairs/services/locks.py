"""Row locks for a pair, always taken in one order so two writers never deadlock.

First the mentor's Registration row (it guards the mentor's capacity), then the
Pair row. Under those locks each service re-reads the state it decides on.
"""

from __future__ import annotations

from upward.core.errors import ApplicationError
from upward.pairs.models import Pair
from upward.programs.models import Registration


def lock_mentor(mentor_id: int) -> Registration:
    return Registration.objects.select_for_update().get(pk=mentor_id)


def lock_pair(pair_id: int) -> Pair:
    """Lock the pair's mentor, then the pair (see the module docstring for the order)."""
    mentor_id = Pair.objects.filter(pk=pair_id).values_list("mentor_id", flat=True).first()
    if mentor_id is None:
        raise ApplicationError("No such pair.")
    lock_mentor(mentor_id)
    return (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "mentor__person", "mentee__person")
        .get(pk=pair_id)
    )
