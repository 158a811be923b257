"""The pair health score: 100 less a penalty for each warning sign, with its reason.

Every penalty grows with the evidence and never shrinks when evidence is added,
so a held session never lowers the score and an extra cancellation never raises
it; every input is a set of dated events, read in date order here, so the
order in which they arrived does not matter. The weights are documented in
docs/managers/monitoring.md; change them there too.

An open concern is *not* an input: whether one exists may be known only to the
people who handle it, so the health everyone else reads must not move with it.
Handlers see `with_open_concern(health)`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum


class HealthState(StrEnum):
    TOO_EARLY = "too_early"
    ON_TRACK = "on_track"
    NEEDS_ATTENTION = "needs_attention"
    AT_RISK = "at_risk"


STATE_LABELS = {
    HealthState.TOO_EARLY: "Too early to tell",
    HealthState.ON_TRACK: "On track",
    HealthState.NEEDS_ATTENTION: "Needs attention",
    HealthState.AT_RISK: "At risk",
}

# The weights (points off 100). docs/managers/monitoring.md shows this table.
MISSED_SESSION = 12  # per session behind the agreed rhythm
MISSED_SESSIONS_CAP = 36
DRIFT_LONG = 15  # nothing held or booked for more than 1.5 x the rhythm
DRIFT_VERY_LONG = 25  # ... for more than 3 x the rhythm
CANCELLATION = 7  # per cancellation by one person beyond the first, in the last 90 days
CANCELLATIONS_CAP = 21
NO_SHOW = 10  # per "the other person did not come", in the last 90 days
NO_SHOWS_CAP = 20
DISAGREEMENT = 10  # per session the two describe differently
DISAGREEMENTS_CAP = 20
LOW_USEFULNESS = 10  # a side whose recent check-ins average "a little" or less
NOT_WORKING = 15  # per "the fit is not working"
NOT_WORKING_CAP = 30
NOT_SURE = 5  # per "not sure about the fit", at most one counted
RATING_GAP = 8  # the two sides' recent usefulness two or more steps apart
UNANSWERED = 5  # a message left unanswered for more than 10 days
NO_AGREEMENT = 5  # the agreement not in force three weeks after the pair went live
OPEN_CONCERN = 20  # for the concern's handlers only

# What each weight is for, in the words the board's "How the health is worked out" uses.
WEIGHTS: tuple[tuple[str, str], ...] = (
    (f"{MISSED_SESSION} per session", f"behind the agreed rhythm (at most {MISSED_SESSIONS_CAP})"),
    (
        f"{DRIFT_LONG}, or {DRIFT_VERY_LONG}",
        "nothing held or booked for more than 1.5 times the rhythm, or 3 times",
    ),
    (
        f"{CANCELLATION} per cancellation",
        f"beyond the first, when one person cancelled twice or more in 90 days "
        f"(at most {CANCELLATIONS_CAP})",
    ),
    (
        f"{NO_SHOW} per check-in",
        f"saying the other person did not come, in 90 days (at most {NO_SHOWS_CAP})",
    ),
    (
        f"{DISAGREEMENT} per session",
        f"the two check-ins disagree on whether it took place, in 90 days "
        f"(at most {DISAGREEMENTS_CAP})",
    ),
    (
        f"{LOW_USEFULNESS}",
        "a side's latest check-ins in 90 days average 'a little' useful or less",
    ),
    (
        f"{RATING_GAP}",
        "the two sides' latest usefulness ratings in 90 days are two steps apart or more",
    ),
    (f"{NOT_WORKING} per rating", f"the fit rated 'not working' (at most {NOT_WORKING_CAP})"),
    (f"{NOT_SURE}", "someone is not sure about the fit"),
    (f"{UNANSWERED}", "a message left unanswered for more than 10 days"),
    (f"{NO_AGREEMENT}", "the agreement not in force three weeks after the pair went live"),
    (f"{OPEN_CONCERN}", "an open concern, for the people who handle it only"),
)

AT_RISK_BELOW = 50
ON_TRACK_FROM = 75
TOO_EARLY_DAYS = 14
RECENT = timedelta(days=90)
UNANSWERED_AFTER = timedelta(days=10)
AGREEMENT_WITHIN = timedelta(days=21)
RECENT_RATINGS = 3


@dataclass(frozen=True)
class SessionSignal:
    starts_at: datetime
    status: str  # proposed, booked, held, cancelled
    cancelled_by: str = ""  # the name of who cancelled, "" if nobody in the pair


@dataclass(frozen=True)
class CheckInSignal:
    session_starts_at: datetime
    side: str  # mentor or mentee
    took_place: str  # held, moved, cancelled, no_show
    usefulness: int | None = None  # 1 (not useful) to 4 (changed how I work)
    fit: int | None = None  # 1 (not working) to 4 (working well)


@dataclass(frozen=True)
class PairSignals:
    now: datetime
    live_at: datetime
    starts_on: date  # the program's start: no session is expected before it
    cadence_weeks: int
    ends_on: date | None = None  # the program's end: no session is expected after it
    sessions: tuple[SessionSignal, ...] = ()
    check_ins: tuple[CheckInSignal, ...] = ()
    last_message_at: datetime | None = None
    last_message_answered: bool = True
    agreement_in_force: bool = True
    names: dict[str, str] = field(default_factory=dict)  # side -> first name, for reasons


@dataclass(frozen=True)
class Health:
    state: HealthState
    score: int
    reasons: tuple[str, ...]
    held: int
    expected: int

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def signals_as_of(signals: PairSignals, moment: datetime) -> PairSignals:
    """The pair as it stood at `moment`, for health snapshots of past weeks.

    What happened later is dropped; a session that starts later counts as booked
    ahead (when it was booked is not kept), so a past week reads at most as well
    as it did.
    """
    return replace(
        signals,
        now=moment,
        sessions=tuple(
            s if s.starts_at <= moment else replace(s, status="booked", cancelled_by="")
            for s in signals.sessions
        ),
        check_ins=tuple(c for c in signals.check_ins if c.session_starts_at <= moment),
        last_message_at=signals.last_message_at
        if signals.last_message_at and signals.last_message_at <= moment
        else None,
    )


def pair_health(signals: PairSignals) -> Health:
    """The pair's state, score (0 to 100) and the reasons, worst first."""
    held = sum(1 for s in signals.sessions if s.status == "held")
    expected = expected_sessions(signals)
    penalties: list[tuple[int, str]] = [
        *_rhythm(signals, held, expected),
        *_drift(signals),
        *_cancellations(signals),
        *_check_in_signs(signals),
        *_conversation(signals),
    ]
    score = max(0, 100 - sum(points for points, _ in penalties))
    reasons = tuple(reason for _points, reason in sorted(penalties, key=lambda p: -p[0]))
    return Health(
        state=_state(signals, score), score=score, reasons=reasons, held=held, expected=expected
    )


def with_open_concern(health: Health) -> Health:
    """The health a concern's handlers read: the concern weighs, and is named."""
    score = max(0, health.score - OPEN_CONCERN)
    state = HealthState.AT_RISK if score < AT_RISK_BELOW else HealthState.NEEDS_ATTENTION
    if health.state == HealthState.AT_RISK:
        state = HealthState.AT_RISK
    reasons = ("a concern about this pair is open", *health.reasons)
    return replace(health, score=score, state=state, reasons=reasons)


def _state(signals: PairSignals, score: int) -> HealthState:
    if score < AT_RISK_BELOW:
        return HealthState.AT_RISK
    if score < ON_TRACK_FROM:
        return HealthState.NEEDS_ATTENTION
    if _days_running(signals) < TOO_EARLY_DAYS:
        return HealthState.TOO_EARLY
    return HealthState.ON_TRACK


def _running_since(signals: PairSignals) -> datetime:
    start = datetime.combine(signals.starts_on, datetime.min.time(), tzinfo=signals.now.tzinfo)
    return max(signals.live_at, start)


def _days_running(signals: PairSignals) -> int:
    return max(0, (signals.now - _running_since(signals)).days)


def expected_sessions(signals: PairSignals) -> int:
    """Sessions the agreed rhythm asks for so far: one at the start, then one per period.

    The same count as the pair's own page (pairs.selectors.sessions.expected_sessions),
    so the pair and its manager read the same figure. None before the start, none
    more after the program's end.
    """
    start = _running_since(signals)
    until = signals.now
    if signals.ends_on is not None:
        end = datetime.combine(signals.ends_on, datetime.max.time(), tzinfo=signals.now.tzinfo)
        until = min(until, end)
    if until < start:
        return 0
    return (until - start).days // (7 * max(1, signals.cadence_weeks)) + 1


def _on(moment: datetime) -> str:
    return f"{moment.day} {moment:%B}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _rhythm(signals: PairSignals, held: int, expected: int) -> list[tuple[int, str]]:
    missing = max(0, expected - held)
    if not missing:
        return []
    points = min(MISSED_SESSIONS_CAP, MISSED_SESSION * missing)
    since = _on(_running_since(signals))
    return [(points, f"{_plural(held, 'session')} held of {expected} expected since {since}")]


def _drift(signals: PairSignals) -> list[tuple[int, str]]:
    """Nothing held lately and nothing booked ahead: the pair is drifting apart."""
    if any(
        s.status in ("booked", "proposed") and s.starts_at > signals.now for s in signals.sessions
    ):
        return []
    held = [
        s.starts_at for s in signals.sessions if s.status == "held" and s.starts_at <= signals.now
    ]
    # Sessions held before the pair's start do not make it look quieter than it is.
    last = max([*held, _running_since(signals)])
    quiet = (signals.now - last).days
    period = 7 * max(1, signals.cadence_weeks)
    if quiet <= 1.5 * period:
        return []
    points = DRIFT_VERY_LONG if quiet > 3 * period else DRIFT_LONG
    what = "no session booked and none held" if held else "no session booked or held yet"
    rhythm = "every week" if signals.cadence_weeks == 1 else f"every {signals.cadence_weeks} weeks"
    return [(points, f"{what} for {quiet} days (the agreed rhythm is {rhythm})")]


def _cancellations(signals: PairSignals) -> list[tuple[int, str]]:
    since = signals.now - RECENT
    recent = [s for s in signals.sessions if s.starts_at >= since]
    by_person = Counter(
        s.cancelled_by for s in recent if s.status == "cancelled" and s.cancelled_by
    )
    if not by_person:
        return []
    name, count = max(by_person.items(), key=lambda item: (item[1], item[0]))
    if count < 2:
        return []
    points = min(CANCELLATIONS_CAP, CANCELLATION * (sum(by_person.values()) - 1))
    planned = len(recent)
    return [(points, f"{name} cancelled {count} of the {planned} sessions planned in 90 days")]


def _check_in_signs(signals: PairSignals) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    since = signals.now - RECENT
    recent = [c for c in signals.check_ins if c.session_starts_at >= since]
    no_shows = sum(1 for c in recent if c.took_place == "no_show")
    if no_shows:
        found.append(
            (
                min(NO_SHOWS_CAP, NO_SHOW * no_shows),
                f"{_plural(no_shows, 'check-in')} in 90 days said the other person did not come",
            )
        )
    found += _disagreements(tuple(recent))
    found += _fit(signals)
    found += _usefulness(signals)
    return found


def _disagreements(check_ins: tuple[CheckInSignal, ...]) -> list[tuple[int, str]]:
    said_held: dict[datetime, dict[str, set[bool]]] = {}
    for c in check_ins:
        sides = said_held.setdefault(c.session_starts_at, {})
        sides.setdefault(c.side, set()).add(c.took_place == "held")
    split = sorted(
        moment
        for moment, sides in said_held.items()
        if len(sides) == 2 and len(sides["mentor"] | sides["mentee"]) == 2
    )
    if not split:
        return []
    points = min(DISAGREEMENTS_CAP, DISAGREEMENT * len(split))
    if len(split) == 1:
        return [
            (
                points,
                f"the two check-ins about {_on(split[0])} disagree: one says it took place, "
                "the other that it did not",
            )
        ]
    return [(points, f"the two check-ins disagree about {len(split)} sessions")]


def _fit(signals: PairSignals) -> list[tuple[int, str]]:
    fits = [c.fit for c in signals.check_ins if c.fit is not None]
    not_working = fits.count(1)
    found = []
    if not_working:
        times = (
            "once" if not_working == 1 else "twice" if not_working == 2 else f"{not_working} times"
        )
        found.append(
            (
                min(NOT_WORKING_CAP, NOT_WORKING * not_working),
                f"the fit was rated 'not working' {times}",
            )
        )
    unsure = sorted({c.side for c in signals.check_ins if c.fit == 2})
    if unsure:
        who = " and ".join(signals.names.get(side, f"the {side}") for side in unsure)
        verb = "is" if len(unsure) == 1 else "are"
        found.append((NOT_SURE, f"{who} {verb} not sure about the fit"))
    return found


def _recent_usefulness(signals: PairSignals) -> dict[str, list[int]]:
    by_side: dict[str, list[tuple[datetime, int]]] = {}
    since = signals.now - RECENT
    for c in signals.check_ins:
        if c.usefulness is not None and c.session_starts_at >= since:
            by_side.setdefault(c.side, []).append((c.session_starts_at, c.usefulness))
    return {
        side: [value for _moment, value in sorted(values)[-RECENT_RATINGS:]]
        for side, values in by_side.items()
    }


def _usefulness(signals: PairSignals) -> list[tuple[int, str]]:
    """Low usefulness on a side, or the two sides far apart, in their latest check-ins.

    Only the lowest ratings count against the pair (a side's best recent average is
    compared), so adding a check-in rated higher can only help.
    """
    ratings = _recent_usefulness(signals)
    found = []
    for side in sorted(ratings):
        values = ratings[side]
        if len(values) >= 2 and sum(values) / len(values) <= 2:
            name = signals.names.get(side, f"the {side}")
            found.append(
                (LOW_USEFULNESS, f"{name} rates the recent sessions 'a little' useful or less")
            )
    if len(ratings) == 2:
        means = [sum(v) / len(v) for v in ratings.values()]
        if abs(means[0] - means[1]) >= 2:
            found.append((RATING_GAP, "the two rate the sessions very differently"))
    return found


def _conversation(signals: PairSignals) -> list[tuple[int, str]]:
    found = []
    if (
        signals.last_message_at is not None
        and not signals.last_message_answered
        and signals.now - signals.last_message_at > UNANSWERED_AFTER
    ):
        days = (signals.now - signals.last_message_at).days
        found.append((UNANSWERED, f"a message has waited {days} days for an answer"))
    if not signals.agreement_in_force and signals.now - signals.live_at > AGREEMENT_WITHIN:
        weeks = math.floor((signals.now - signals.live_at).days / 7)
        found.append((NO_AGREEMENT, f"the agreement is not in force after {weeks} weeks"))
    return found
