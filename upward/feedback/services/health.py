"""Keep each pair's health current: on every event, nightly for all, and a weekly snapshot.

Pairs services call `pair_changed` inside their transaction; the listener
registered here recomputes that pair's health in the same transaction, so the
board never shows a health older than the last thing that happened. The
nightly sweep catches what time alone changes (a pair drifting with nobody
doing anything) and keeps a snapshot a week for the trend charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from upward.core import clock
from upward.feedback.health import pair_health, signals_as_of
from upward.feedback.models import HealthSnapshot, PairHealth
from upward.feedback.selectors.signals import live_pair_ids, pair_signals, pairs_for_health
from upward.pairs.events import on_pair_changed
from upward.pairs.models import Pair, PairStatus

BATCH = 500


def listen_to_pair_events() -> None:
    on_pair_changed(lambda pair_id: pair_health_refresh(pair_id=pair_id))


def _store(pairs: Sequence[Pair], now: datetime) -> int:
    """Write the batch's health in one upsert (INSERT ... ON CONFLICT DO UPDATE).

    One statement whatever the batch, on SQLite and PostgreSQL alike, and safe
    beside an event refreshing the same pair: whichever writes last wins, and
    both computed from committed data.
    """
    reads = pair_signals(pairs, now=now)
    rows = []
    for pair in pairs:
        read = reads[pair.pk]
        health = pair_health(read.signals)
        rows.append(
            PairHealth(
                pair=pair,
                state=health.state.value,
                score=health.score,
                reasons=list(health.reasons),
                held=health.held,
                expected=health.expected,
                board=read.board,
                computed_at=now,
            )
        )
    PairHealth.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["pair"],
        update_fields=["state", "score", "reasons", "held", "expected", "board", "computed_at"],
    )
    return len(pairs)


def pair_health_refresh(*, pair_id: int, now: datetime | None = None) -> None:
    """Recompute one pair's health (a few queries), in the caller's transaction."""
    pairs = [p for p in pairs_for_health([pair_id]) if p.status != PairStatus.PROPOSED]
    if pairs:
        _store(pairs, now or timezone.now())


def health_recompute_all(*, now: datetime | None = None) -> int:
    """Recompute every live pair, a batch per transaction; returns how many."""
    now = now or timezone.now()
    done, after = 0, 0
    while ids := live_pair_ids(after_id=after, limit=BATCH):
        with transaction.atomic():
            done += _store(pairs_for_health(ids), now)
        after = ids[-1]
    return done


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def health_snapshot_week(*, now: datetime | None = None) -> int:
    """Keep this week's snapshot of every live pair's current health (once a week per pair)."""
    week = week_of(clock.day_of(now or timezone.now()))
    rows = (
        PairHealth.objects.filter(pair__status=PairStatus.LIVE)
        .exclude(pair__health_snapshots__week=week)
        .values_list("pair_id", "state", "score")
    )
    snapshots = [
        HealthSnapshot(pair_id=pair_id, week=week, state=state, score=score)
        for pair_id, state, score in rows
    ]
    HealthSnapshot.objects.bulk_create(snapshots, batch_size=BATCH, ignore_conflicts=True)
    return len(snapshots)


def health_snapshots_backfill(*, weeks: int, now: datetime | None = None) -> int:
    """Snapshots of the last `weeks` weeks for every live pair, read from its history.

    For an installation upgraded in mid-program (and the demo): the trend
    charts then start with the pairs, not on the day the feedback app arrived.
    Weeks that already have a snapshot are kept.
    """
    now = now or timezone.now()
    done, after = 0, 0
    while ids := live_pair_ids(after_id=after, limit=BATCH):
        pairs = pairs_for_health(ids)
        reads = pair_signals(pairs, now=now)
        rows = []
        for back in range(1, weeks + 1):
            moment = now - timedelta(weeks=back)
            week = week_of(clock.day_of(moment))
            for pair in pairs:
                if (pair.live_at or pair.created_at) > moment:
                    continue
                health = pair_health(signals_as_of(reads[pair.pk].signals, moment))
                rows.append(
                    HealthSnapshot(
                        pair=pair, week=week, state=health.state.value, score=health.score
                    )
                )
        HealthSnapshot.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        done += len(rows)
        after = ids[-1]
    return done
