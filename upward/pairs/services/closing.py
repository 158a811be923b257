"""Closing a pair: at the program's end, or earlier by either person or a manager.

A person closes with a short reflection and the closing survey (overall value,
would they recommend the program, will they continue informally, and their
starting-point ratings again); the partner then adds theirs to the closed pair. A manager closes
without a reflection. The pair completes when the program has reached its end
date, and ends early otherwise; pair_complete / pair_end make the transition.
`now` (default: the current time) is when that happens, so the end date is
compared with the day of the closing, not the day the code runs.
The reflection's words never go into the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.core import clock
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.pairs.models import Pair, PairStatus, Reflection
from upward.pairs.services.agreement import side_of
from upward.pairs.services.answers import pair_complete, pair_end
from upward.pairs.services.locks import lock_pair
from upward.pairs.tasks import send_pair_closed
from upward.programs.models import AssessmentMoment, Registration
from upward.programs.services.self_assessment import self_assessment_record

MAX_REFLECTION_LENGTH = 2000
CLOSED_STATUSES = (PairStatus.ENDED, PairStatus.COMPLETED)


def _close(pair: Pair, actor: User | None, reason: str, now: datetime | None) -> Pair:
    if clock.day_of(now or timezone.now()) >= pair.program.ends_on:
        return pair_complete(pair_id=pair.pk, actor=actor, reason=reason, now=now)
    return pair_end(pair_id=pair.pk, actor=actor, reason=reason, now=now)


@transaction.atomic
def pair_close_with_reflection(
    *,
    pair: Pair,
    actor: Registration,
    text: str,
    continue_informally: bool,
    overall_value: int | None = None,
    recommend: int | None = None,
    after_ratings: Mapping[str, int] | None = None,
    now: datetime | None = None,
) -> Reflection:
    """Write `actor`'s reflection and survey (one of the pair's two people); close a live pair.

    All of it is written or none: the ratings at closing go through the same
    checks as at registration (every topic, 1 to 5).
    """
    locked = lock_pair(pair.pk)
    side = side_of(locked, actor)
    if locked.status not in (PairStatus.LIVE, *CLOSED_STATUSES):
        raise ApplicationError("Only a live pair can be closed.")
    if Reflection.objects.filter(pair=locked, author=actor).exists():
        raise ApplicationError("You have already written your reflection.")
    text = text.strip()
    if len(text) > MAX_REFLECTION_LENGTH:
        raise ApplicationError(f"Keep the reflection under {MAX_REFLECTION_LENGTH} characters.")
    reflection = Reflection(
        pair=locked,
        author=actor,
        text=text,
        continue_informally=continue_informally,
        overall_value=overall_value,
        recommend=recommend,
    )
    try:
        reflection.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from None
    reflection.save()
    if after_ratings is not None:
        self_assessment_record(
            registration=actor,
            moment=AssessmentMoment.AFTER,
            ratings=after_ratings,
            actor=actor.person.user,
        )
    audit_log(
        actor=actor.person.user,
        action="reflection.written",
        summary=f"Pair {locked.pk}: the {side} wrote a closing reflection",
        target=locked,
        data={"side": side, "continue_informally": continue_informally},
    )
    if locked.status == PairStatus.LIVE:
        _close(locked, actor.person.user, f"Closed by the {side}", now)
        closed_by = actor.pk
        transaction.on_commit(lambda: send_pair_closed.enqueue(locked.pk, closed_by))
    return reflection


@transaction.atomic
def pair_close_by_manager(
    *, pair: Pair, actor: User, reason: str = "", now: datetime | None = None
) -> Pair:
    """A program manager closes a live pair (no reflection: that belongs to the two people)."""
    locked = lock_pair(pair.pk)
    if locked.status != PairStatus.LIVE:
        raise ApplicationError("Only a live pair can be closed.")
    closed = _close(locked, actor, reason.strip() or "Closed by a program manager", now)
    transaction.on_commit(lambda: send_pair_closed.enqueue(closed.pk, None))
    return closed
