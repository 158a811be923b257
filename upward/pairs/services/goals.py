"""Goals: the mentee's learning goals and the mentor's development goals.

Reverse mentoring grows the junior too, so both people keep goals. Each person
owns the goals of their side (creates them, moves their status); both read
both. Every status change or progress note is a GoalUpdate, so progress reads
over time. The audit log records the fact, never the goal's words.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.pairs.models import Goal, GoalStatus, GoalUpdate, Pair
from upward.pairs.services.agreement import lock_live_pair, side_of
from upward.programs.models import Registration

MAX_GOALS_PER_SIDE = 10


@transaction.atomic
def goal_create(
    *,
    pair: Pair,
    actor: Registration,
    title: str,
    description: str = "",
    target_date: date | None = None,
) -> Goal:
    """A goal of the author's side: learning for the mentee, development for the mentor."""
    locked = lock_live_pair(pair.pk)
    side = side_of(locked, actor)
    if Goal.objects.filter(pair=locked, owner=side).count() >= MAX_GOALS_PER_SIDE:
        raise ApplicationError(f"Keep it focused: at most {MAX_GOALS_PER_SIDE} goals each.")
    goal = Goal(
        pair=locked,
        owner=side,
        title=title.strip(),
        description=description.strip(),
        target_date=target_date,
    )
    goal.full_clean()
    goal.save()
    audit_log(
        actor=actor.person.user,
        action="goal.created",
        summary=f"Pair {locked.pk}: the {side} set a goal",
        target=goal,
        data={"pair": locked.pk, "owner": side},
    )
    return goal


@transaction.atomic
def goal_update_status(
    *, goal: Goal, actor: Registration, status: str, text: str = ""
) -> GoalUpdate:
    """Record progress on a goal: its owner moves the status, with an optional note."""
    locked = lock_live_pair(goal.pair_id)
    side = side_of(locked, actor)
    current = Goal.objects.select_for_update().get(pk=goal.pk, pair=locked)
    if current.owner != side:
        raise ApplicationError("Only the person whose goal this is can update it.")
    if status not in GoalStatus.values:
        raise ApplicationError("Choose one of the statuses.")
    if status == current.status and not text.strip():
        raise ApplicationError("Nothing changed: pick a new status or write a progress note.")
    update = GoalUpdate(goal=current, author=actor, status=status, text=text.strip())
    update.full_clean()
    update.save()
    if status != current.status:
        current.status = status
        current.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor.person.user,
        action="goal.updated",
        summary=f"Pair {locked.pk}: the {side} updated a goal ({current.get_status_display()})",
        target=current,
        data={"pair": locked.pk, "status": status},
    )
    return update
