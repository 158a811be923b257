"""Pair health: a pure function from what happened in a pair to a state, a score and reasons.

No Django here (an import-linter contract keeps it so): the feedback app gathers
the signals (feedback.selectors.signals) and stores the result on the pair.
"""

from upward.feedback.health.score import (
    CheckInSignal,
    Health,
    HealthState,
    PairSignals,
    SessionSignal,
    pair_health,
    signals_as_of,
)

__all__ = [
    "CheckInSignal",
    "Health",
    "HealthState",
    "PairSignals",
    "SessionSignal",
    "pair_health",
    "signals_as_of",
]
