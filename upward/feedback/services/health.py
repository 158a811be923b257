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
from upward.feedback.health import pair_health
from upward.feedback.models import HealthSnapshot, PairHealth
from upward.feedback.selectors.signals import live_pair_ids, pair_signals, pairs_for_health
from upward.pairs.events import on_pair_changed
from upward.pairs.models import Pair, PairStatus

BATCH = 500


def listen_to_pair_events() -> None:
    on_pair_changed(lambda pair_id: pair_health_refresh(pair_id=pair_id))


def _store(pairs: Sequence[Pair], now: datetime) -> int:
    reads = pair_signals(pairs, now=now)
    existing = {h.pair_id: h for h in PairHealth.objects.filter(pair__in=pairs)}
    created: list[PairHealth] = []
    changed: list[PairHealth] = []
    for pair in pairs:
        read = reads[pair.pk]
        health = pair_health(read.signals)
        row = existing.get(pair.pk) or PairHealth(pair=pair)
        row.state, row.score = health.state.value, health.score
        row.reasons = list(health.reasons)
        row.held, row.expected = health.held, health.expected
        row.board, row.computed_at = read.board, now
        (changed if row.pk else created).append(row)
    PairHealth.objects.bulk_create(created, batch_size=BATCH)
    PairHealth.objects.bulk_update(
        changed,
        ["state", "score", "reasons", "held", "expected", "board", "computed_at"],
        batch_size=BATCH,
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
