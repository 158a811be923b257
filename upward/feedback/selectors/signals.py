"""What happened in each pair, read for the health score: a fixed number of queries per batch.

`pair_signals` reads a batch of pairs (one pair, or hundreds at a time in the
nightly recompute) in six queries whatever its size, and gives the pure health
function its input plus what the monitoring board shows beside the health.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q

from upward.feedback.health import CheckInSignal, PairSignals, SessionSignal
from upward.feedback.health.score import RECENT
from upward.feedback.models import CheckIn, Fit, Nudge
from upward.pairs.models import AgreementVersion, Message, Pair, Session, SessionStatus


@dataclass(frozen=True)
class PairRead:
    signals: PairSignals
    board: dict[str, Any]


def _first_name(name: str) -> str:
    return name.split()[0] if name else ""


def pairs_for_health(pair_ids: Sequence[int]) -> list[Pair]:
    """The pairs with only what the health reads (the nightly job loads 10,000)."""
    return list(
        Pair.objects.filter(pk__in=pair_ids)
        .select_related("program", "mentor__person", "mentee__person")
        .only(
            "status",
            "live_at",
            "created_at",
            "program__starts_on",
            "program__cadence_weeks",
            "program__ends_on",
            "mentor__person__name",
            "mentee__person__name",
        )
    )


def pair_signals(pairs: Sequence[Pair], *, now: datetime) -> dict[int, PairRead]:
    ids = [pair.pk for pair in pairs]
    sessions = _sessions(ids)
    check_ins = _check_ins(ids, now)
    last_messages = _last_messages(ids)
    in_force = set(
        AgreementVersion.objects.filter(
            pair_id__in=ids, mentor_accepted_at__isnull=False, mentee_accepted_at__isnull=False
        ).values_list("pair_id", flat=True)
    )
    last_nudges = dict(
        Nudge.objects.filter(pair_id__in=ids)
        .values_list("pair_id")
        .annotate(latest=Max("created_at"))
        .values_list("pair_id", "latest")
    )
    reads = {}
    for pair in pairs:
        names = {
            pair.mentor_id: _first_name(pair.mentor.person.name),
            pair.mentee_id: _first_name(pair.mentee.person.name),
        }
        pair_sessions = sessions.get(pair.pk, [])
        session_signals = tuple(
            SessionSignal(
                starts_at=row["starts_at"],
                status=row["status"],
                cancelled_by=names.get(row["changed_by_id"], "")
                if row["status"] == SessionStatus.CANCELLED
                else "",
            )
            for row in pair_sessions
        )
        pair_check_ins = check_ins.get(pair.pk, [])
        check_in_signals = tuple(
            CheckInSignal(
                session_starts_at=row["session__starts_at"],
                side="mentor" if row["author_id"] == pair.mentor_id else "mentee",
                took_place=row["took_place"],
                usefulness=row["usefulness"],
                fit=row["fit"],
            )
            for row in pair_check_ins
        )
        last_message = last_messages.get(pair.pk)
        signals = PairSignals(
            now=now,
            live_at=pair.live_at or pair.created_at,
            starts_on=pair.program.starts_on,
            cadence_weeks=pair.program.cadence_weeks,
            ends_on=pair.program.ends_on,
            sessions=session_signals,
            check_ins=check_in_signals,
            last_message_at=last_message,
            last_message_answered=last_message is None
            or any(
                s.status in (SessionStatus.HELD, SessionStatus.BOOKED)
                and s.starts_at >= last_message
                for s in session_signals
            ),
            agreement_in_force=pair.pk in in_force,
            names={"mentor": names[pair.mentor_id], "mentee": names[pair.mentee_id]},
        )
        reads[pair.pk] = PairRead(
            signals=signals,
            board=_board(session_signals, check_in_signals, last_nudges.get(pair.pk), now),
        )
    return reads


def _sessions(ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    by_pair: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Session.objects.filter(pair_id__in=ids)
        .order_by("starts_at", "id")
        .values("pair_id", "starts_at", "status", "changed_by_id")
    ):
        by_pair[row["pair_id"]].append(dict(row))
    return by_pair


def _check_ins(ids: Sequence[int], now: datetime) -> dict[int, list[dict[str, Any]]]:
    """Answered check-ins that can still count: the last 90 days, and older doubts about the fit.

    (The health reads no-shows, disagreements and usefulness over 90 days; a fit
    rated "not working" or "not sure" counts whenever it was given.)
    """
    by_pair: dict[int, list[dict[str, Any]]] = defaultdict(list)
    counted = Q(session__starts_at__gte=now - RECENT) | Q(fit__in=(Fit.NOT_WORKING, Fit.NOT_SURE))
    for row in (
        CheckIn.objects.filter(counted, pair_id__in=ids, answered_at__isnull=False)
        .order_by("due_at", "id")
        .values("pair_id", "author_id", "session__starts_at", "took_place", "usefulness", "fit")
    ):
        by_pair[row["pair_id"]].append(dict(row))
    return by_pair


def _last_messages(ids: Sequence[int]) -> dict[int, datetime]:
    return dict(
        Message.objects.filter(pair_id__in=ids)
        .values_list("pair_id")
        .annotate(latest=Max("created_at"))
        .values_list("pair_id", "latest")
    )


def _latest(check_ins: Sequence[CheckInSignal], side: str, attribute: str) -> int | None:
    values = [getattr(c, attribute) for c in check_ins if c.side == side]
    values = [v for v in values if v is not None]
    return values[-1] if values else None


def _board(
    sessions: Sequence[SessionSignal],
    check_ins: Sequence[CheckInSignal],
    last_nudge: datetime | None,
    now: datetime,
) -> dict[str, Any]:
    held = [s.starts_at for s in sessions if s.status == SessionStatus.HELD]
    # Older rows read for the fit only: the latest ratings are those of the last 90 days.
    check_ins = [c for c in check_ins if c.session_starts_at >= now - RECENT]
    booked = [
        s.starts_at for s in sessions if s.status == SessionStatus.BOOKED and s.starts_at > now
    ]
    return {
        "last_session_at": max(held).isoformat() if held else None,
        "next_session_at": min(booked).isoformat() if booked else None,
        "usefulness": {
            side: _latest(check_ins, side, "usefulness") for side in ("mentor", "mentee")
        },
        "fit": {side: _latest(check_ins, side, "fit") for side in ("mentor", "mentee")},
        "last_nudge_at": last_nudge.isoformat() if last_nudge else None,
    }


def live_pair_ids(*, after_id: int = 0, limit: int = 500) -> list[int]:
    """Live pairs, a batch at a time in id order (the nightly recompute walks them)."""
    return list(
        Pair.objects.filter(status="live", pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def open_check_in_counts(pair_ids: Sequence[int], *, now: datetime) -> dict[int, int]:
    """Check-ins still waiting for an answer, per pair (one query)."""
    return dict(
        CheckIn.objects.filter(pair_id__in=pair_ids, answered_at__isnull=True, expires_at__gt=now)
        .values_list("pair_id")
        .annotate(n=Count("pk"))
        .values_list("pair_id", "n")
    )


def proposed_session_counts(pair_ids: Sequence[int], *, now: datetime) -> dict[int, int]:
    """Sessions proposed ahead and not yet accepted, per pair (one query)."""
    return dict(
        Session.objects.filter(
            pair_id__in=pair_ids, status=SessionStatus.PROPOSED, starts_at__gt=now
        )
        .values_list("pair_id")
        .annotate(n=Count("pk"))
        .values_list("pair_id", "n")
    )


__all__ = [
    "PairRead",
    "live_pair_ids",
    "open_check_in_counts",
    "pair_signals",
    "pairs_for_health",
    "proposed_session_counts",
]
