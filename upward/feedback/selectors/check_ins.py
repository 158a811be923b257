"""Reads of check-ins: each person reads their own, never their partner's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from upward.feedback.models import CheckIn
from upward.pairs.selectors.space import PairSpace


def pending_check_ins(user: Any, *, now: datetime) -> list[CheckIn]:
    """The user's check-ins still open and unanswered, oldest first (home and pair pages)."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return []
    return list(
        CheckIn.objects.filter(author__person=person, answered_at__isnull=True, expires_at__gt=now)
        .select_related("session", "pair__mentor__person", "pair__mentee__person", "pair__program")
        .order_by("due_at", "id")
    )


def pending_for_space(space: PairSpace, *, now: datetime) -> QuerySet[CheckIn]:
    """My unanswered check-ins in this pair (never the partner's)."""
    return (
        CheckIn.objects.filter(
            pair=space.pair, author=space.me, answered_at__isnull=True, expires_at__gt=now
        )
        .select_related("session")
        .order_by("due_at", "id")
    )


def get_own_check_in(space: PairSpace, check_in_id: int) -> CheckIn:
    """One of my check-ins in this pair; 404 for the partner's and any other."""
    check_in = (
        CheckIn.objects.select_related("session", "pair")
        .filter(pk=check_in_id, pair=space.pair, author=space.me)
        .first()
    )
    if check_in is None:
        raise Http404("No such check-in")
    return check_in
