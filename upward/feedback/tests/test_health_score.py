"""The pair health score, as a pure function: reasons in plain words, and its properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from upward.feedback.health import (
    CheckInSignal,
    HealthState,
    PairSignals,
    SessionSignal,
    pair_health,
)
from upward.feedback.health.score import with_open_concern

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LIVE = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def signals(**changes: object) -> PairSignals:
    base = PairSignals(
        now=NOW,
        live_at=LIVE,
        starts_on=date(2026, 10, 5),
        cadence_weeks=2,
        names={"mentor": "Maya", "mentee": "Leon"},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def held(days_ago: int) -> SessionSignal:
    return SessionSignal(starts_at=NOW - timedelta(days=days_ago), status="held")


def cancelled(days_ago: int, by: str) -> SessionSignal:
    return SessionSignal(
        starts_at=NOW - timedelta(days=days_ago), status="cancelled", cancelled_by=by
    )


def test_a_pair_keeping_its_rhythm_is_on_track() -> None:
    health = pair_health(signals(sessions=(held(44), held(30), held(16), held(2))))

    assert health.state == HealthState.ON_TRACK
    assert health.score == 100 and health.reasons == ()
    assert (health.held, health.expected) == (4, 4)


def test_a_new_pair_is_too_early_to_judge() -> None:
    health = pair_health(signals(live_at=NOW - timedelta(days=5), starts_on=date(2026, 11, 15)))

    assert health.state == HealthState.TOO_EARLY


def test_the_reasons_say_what_is_wrong_in_plain_words() -> None:
    health = pair_health(
        signals(
            sessions=(
                held(40),
                cancelled(30, "Leon"),
                cancelled(20, "Leon"),
                cancelled(10, "Leon"),
            ),
            check_ins=(
                CheckInSignal(NOW - timedelta(days=40), "mentor", "held", usefulness=3, fit=1),
                CheckInSignal(NOW - timedelta(days=40), "mentee", "no_show"),
            ),
            agreement_in_force=False,
        )
    )

    assert health.state == HealthState.AT_RISK
    assert "1 session held of 4 expected since 5 October" in health.reasons
    assert "Leon cancelled 3 of the 4 sessions planned in 90 days" in health.reasons
    assert "no session booked and none held for 40 days (the agreed rhythm is every 2 weeks)" in (
        health.reasons
    )
    assert "the fit was rated 'not working' once" in health.reasons
    assert (
        "the two check-ins about 11 October disagree: one says it took place, the other that "
        "it did not" in health.reasons
    )
    assert "the agreement is not in force after 6 weeks" in health.reasons
    assert health.reasons[0] == "1 session held of 4 expected since 5 October"  # worst first


def test_a_booked_session_ahead_is_not_drifting() -> None:
    ahead = SessionSignal(starts_at=NOW + timedelta(days=3), status="booked")

    health = pair_health(signals(sessions=(held(40), ahead)))

    assert not any("no session booked" in reason for reason in health.reasons)


def test_an_open_concern_weighs_and_is_named_only_in_the_handlers_view() -> None:
    health = pair_health(signals(sessions=(held(44), held(30), held(16), held(2))))

    handlers = with_open_concern(health)

    assert "concern" not in " ".join(health.reasons)
    assert handlers.reasons[0] == "a concern about this pair is open"
    assert handlers.score == health.score - 20
    assert handlers.state == HealthState.NEEDS_ATTENTION


# --- properties --------------------------------------------------------------------

days = st.integers(min_value=0, max_value=200)
people = st.sampled_from(["Maya", "Leon"])
statuses = st.sampled_from(["held", "cancelled", "booked", "proposed"])
session_events = st.builds(
    lambda d, status, who: SessionSignal(
        starts_at=NOW - timedelta(days=d) if status != "booked" else NOW + timedelta(days=d % 30),
        status=status,
        cancelled_by=who if status == "cancelled" else "",
    ),
    days,
    statuses,
    people,
)
check_in_events = st.builds(
    CheckInSignal,
    st.builds(lambda d: NOW - timedelta(days=d), days),
    st.sampled_from(["mentor", "mentee"]),
    st.sampled_from(["held", "moved", "cancelled", "no_show"]),
    st.one_of(st.none(), st.integers(1, 4)),
    st.one_of(st.none(), st.integers(1, 4)),
)
pair_signals = st.builds(
    lambda sessions, check_ins, live, cadence, agreement: signals(
        sessions=tuple(sessions),
        check_ins=tuple(check_ins),
        live_at=NOW - timedelta(days=live),
        starts_on=(NOW - timedelta(days=live)).date(),
        cadence_weeks=cadence,
        agreement_in_force=agreement,
    ),
    st.lists(session_events, max_size=12),
    st.lists(check_in_events, max_size=10),
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=1, max_value=4),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(pair_signals, days)
def test_a_held_session_never_lowers_the_score(state: PairSignals, days_ago: int) -> None:
    more = replace(state, sessions=(*state.sessions, held(days_ago)))
    assert pair_health(more).score >= pair_health(state).score


@settings(max_examples=300, deadline=None)
@given(pair_signals, days, people)
def test_an_extra_cancellation_never_raises_the_score(
    state: PairSignals, days_ago: int, who: str
) -> None:
    more = replace(state, sessions=(*state.sessions, cancelled(days_ago, who)))
    assert pair_health(more).score <= pair_health(state).score


@settings(max_examples=300, deadline=None)
@given(pair_signals, st.randoms(use_true_random=False))
def test_the_score_does_not_depend_on_the_order_events_arrive_in(
    state: PairSignals, random
) -> None:
    sessions, check_ins = list(state.sessions), list(state.check_ins)
    random.shuffle(sessions)
    random.shuffle(check_ins)
    shuffled = replace(state, sessions=tuple(sessions), check_ins=tuple(check_ins))
    assert pair_health(shuffled) == pair_health(state)


@settings(max_examples=200, deadline=None)
@given(pair_signals)
def test_the_score_stays_between_0_and_100_and_matches_the_state(state: PairSignals) -> None:
    health = pair_health(state)
    assert 0 <= health.score <= 100
    if health.score < 50:
        assert health.state == HealthState.AT_RISK
    elif health.score < 75:
        assert health.state == HealthState.NEEDS_ATTENTION
