"""The monitoring board: a program's live pairs with their health, in a fixed number of queries.

Everything a row shows lives on the pair's PairHealth (kept current by the
services), so a page of pairs is one query however large the program. Rows are
ordered by risk: at risk first, then needs attention, each lowest score first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from upward.accounts.models import User
from upward.core.text import count_of
from upward.feedback.health.score import Health, HealthState, with_open_concern
from upward.feedback.models import STATE_RANK, Fit, PairHealth, Usefulness
from upward.feedback.selectors.concerns import (
    open_concern_pairs_handled_by,
    open_concern_pairs_handled_by_in,
)
from upward.feedback.selectors.signals import open_check_in_counts, proposed_session_counts
from upward.pairs.models import Pair, PairStatus
from upward.people.models import Department
from upward.programs.models import Program

USEFULNESS = dict(Usefulness.choices)
FIT = dict(Fit.choices)


def handled_health(program: Program, viewer: User) -> dict[int, Health]:
    """The health a concern's handler reads for the pairs whose open concern they handle.

    For them the concern weighs (upward.feedback.health.with_open_concern); the
    board's counters, filters and order follow it, for them alone. One query.
    """
    handled = open_concern_pairs_handled_by_in(program, viewer)
    found = {}
    for pair_id, state, score, reasons, held, expected in PairHealth.objects.filter(
        pair_id__in=handled
    ).values_list("pair_id", "state", "score", "reasons", "held", "expected"):
        stored = Health(HealthState(state), score, tuple(reasons), held, expected)
        found[pair_id] = with_open_concern(stored)
    return found


def board_pairs(
    program: Program,
    *,
    state: str = "",
    department_id: int | None = None,
    handled: dict[int, Health] | None = None,
) -> QuerySet[Pair]:
    handled = handled or {}
    pairs = (
        Pair.objects.filter(program=program, status=PairStatus.LIVE)
        .select_related("health", "mentor__person__department", "mentee__person__department")
        .annotate(
            risk=Case(
                *[
                    When(pk=pair_id, then=Value(STATE_RANK[health.state]))
                    for pair_id, health in handled.items()
                ],
                *[
                    When(health__state=value, then=Value(rank))
                    for value, rank in STATE_RANK.items()
                ],
                default=Value(9),
                output_field=IntegerField(),
            ),
            shown_score=Case(
                *[When(pk=pair_id, then=Value(h.score)) for pair_id, h in handled.items()],
                default=F("health__score"),
                output_field=IntegerField(),
            ),
        )
        .order_by("risk", "shown_score", "mentee__person__name", "pk")
    )
    if state:
        moved_in = [pk for pk, health in handled.items() if health.state.value == state]
        pairs = pairs.filter(
            (Q(health__state=state) & ~Q(pk__in=list(handled))) | Q(pk__in=moved_in)
        )
    if department_id is not None:
        pairs = pairs.filter(
            Q(mentor__person__department_id=department_id)
            | Q(mentee__person__department_id=department_id)
        )
    return pairs


def board_departments(program: Program) -> list[tuple[int, str]]:
    """Departments of the program's live pairs, for the board's filter (one query)."""
    live = Pair.objects.filter(program=program, status=PairStatus.LIVE)
    return list(
        Department.objects.filter(
            Q(people__registrations__pairs_as_mentor__in=live)
            | Q(people__registrations__pairs_as_mentee__in=live)
        )
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )


def state_counts(program: Program, handled: dict[int, Health] | None = None) -> dict[str, int]:
    """Live pairs per state, as this viewer reads them (handled concerns weigh); one query."""
    handled = handled or {}
    counts = dict.fromkeys([s.value for s in HealthState], 0)
    for value, n in (
        Pair.objects.filter(program=program, status=PairStatus.LIVE)
        .exclude(pk__in=list(handled))
        .values_list("health__state")
        .annotate(n=Count("pk"))
        .values_list("health__state", "n")
    ):
        if value in counts:
            counts[value] += n
    for health in handled.values():
        counts[health.state.value] += 1
    return counts


@dataclass(frozen=True)
class BoardRow:
    pair: Pair
    state: str
    state_label: str
    score: int | None
    reasons: list[str]
    held: int
    expected: int
    last_session_at: datetime | None
    next_session_at: datetime | None
    ratings: dict[str, dict[str, str]]
    last_nudge_at: datetime | None
    concern_open: bool
    open_actions: list[str]  # what is waiting on someone: "2 check-ins unanswered"

    @property
    def held_percent(self) -> int:
        return 100 if not self.expected else min(100, round(100 * self.held / self.expected))


def _when(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _health_of(pair: Pair, handled: set[int]) -> Health | None:
    stored = getattr(pair, "health", None)
    if stored is None:
        return None
    health = Health(
        state=HealthState(stored.state),
        score=stored.score,
        reasons=tuple(stored.reasons),
        held=stored.held,
        expected=stored.expected,
    )
    return with_open_concern(health) if pair.pk in handled else health


def board_rows(pairs: list[Pair], *, viewer: User) -> list[BoardRow]:
    """What each row shows. A concern's handler alone sees it weigh and named."""
    ids = [p.pk for p in pairs]
    handled = open_concern_pairs_handled_by(viewer, ids)
    now = timezone.now()
    waiting = open_check_in_counts(ids, now=now)
    proposed = proposed_session_counts(ids, now=now)
    rows = []
    for pair in pairs:
        health = _health_of(pair, handled)
        board = pair.health.board if health is not None else {}
        usefulness, fit = board.get("usefulness", {}), board.get("fit", {})
        rows.append(
            BoardRow(
                pair=pair,
                state=health.state.value if health else "",
                state_label=health.label if health else "Not computed yet",
                score=health.score if health else None,
                reasons=list(health.reasons) if health else [],
                held=health.held if health else 0,
                expected=health.expected if health else 0,
                last_session_at=_when(board.get("last_session_at")),
                next_session_at=_when(board.get("next_session_at")),
                ratings={
                    side: {
                        "usefulness": USEFULNESS.get(usefulness.get(side), "—"),
                        "fit": FIT.get(fit.get(side), "—"),
                    }
                    for side in ("mentor", "mentee")
                },
                last_nudge_at=_when(board.get("last_nudge_at")),
                concern_open=pair.pk in handled,
                open_actions=_open_actions(waiting.get(pair.pk, 0), proposed.get(pair.pk, 0)),
            )
        )
    return rows


def _open_actions(check_ins: int, proposals: int) -> list[str]:
    actions = []
    if check_ins:
        actions.append(f"{count_of(check_ins, 'check-in')} unanswered")
    if proposals:
        actions.append(f"{count_of(proposals, 'session')} proposed, not yet accepted")
    return actions
