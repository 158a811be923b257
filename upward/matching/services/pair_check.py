"""Check and score single pairs with the engine's own rules and scorer.

Manual changes (swap, pin, assign) are checked against exactly the rules a run
applies: the engine's `stage_passes` decides each rule and its `ScoreModel`
scores the pair, on the whole program's problem, so a hand-made pair gets the
same score and reasons the engine would have given it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from upward.core.text import count_of
from upward.matching.engine import build_model, parse_problem
from upward.matching.engine.explain import pair_reasons
from upward.matching.engine.problem import CRITERIA, Problem
from upward.matching.engine.rules import RULE_STAGES, rule_codes, stage_passes
from upward.matching.engine.scoring import UNIT, ScoreModel
from upward.matching.services.match_settings import RULES
from upward.matching.services.problem import BuiltProblem

RULE_LABELS = {item.key: item.label for item in RULES}


@dataclass(frozen=True)
class PairCheck:
    violations: list[str]
    score: float
    contributions: dict[str, float]
    reasons: list[str]


def points(raw: Any) -> Any:
    """Engine units to points with two decimals, as the engine reports them."""
    return np.round(np.rint(np.asarray(raw, dtype=np.float64) * UNIT) / 100.0, 2)


class PairChecker:
    """Rules and scores for pairs of one program's problem (parsed and modelled once)."""

    def __init__(self, built: BuiltProblem) -> None:
        self.built = built
        self.problem: Problem = parse_problem(built.data)
        self._codes = rule_codes(self.problem)
        self._model: ScoreModel | None = None
        self._mentors = self.problem.mentor_index()
        self._mentees = self.problem.mentee_index()

    def why_absent(self, registration_id: int) -> str | None:
        """Why someone cannot be paired in this run at all (None when they can)."""
        key = str(registration_id)
        if key in self._mentors or key in self._mentees:
            return None
        reason = self.built.left_out.get(registration_id)
        name = self.built.name(registration_id)
        return f"{name} {reason}" if reason else f"{name} is not available for matching"

    def violations(self, mentor_id: int, mentee_id: int) -> list[str]:
        p = self.problem
        i, j = self._mentees[str(mentee_id)], self._mentors[str(mentor_id)]
        passes = stage_passes(p, self._codes, np.array([i]), np.array([j]))[0]
        e, m = p.mentees[i], p.mentors[j]
        r = p.rules
        text = {
            "level": f"{m.name} (level {m.level}) is not at least "
            f"{count_of(r.min_level_gap, 'level')} below {e.name} (level {e.level})",
            "reporting_line": f"{m.name} and {e.name} are in the same reporting line",
            "department": f"both work in {e.department}",
            "timezone": f"their time zones ({m.timezone} and {e.timezone}) are more than "
            f"{r.max_timezone_difference_hours or 0:g} hours apart",
            "language": f"{m.name} and {e.name} share no language",
            "forbidden": "the pair is forbidden (by a manager, declined before, or already "
            "paired in another program)",
        }
        labels = {
            "level": RULE_LABELS["min_level_gap"],
            "reporting_line": RULE_LABELS["exclude_same_reporting_line"],
            "department": RULE_LABELS["exclude_same_department"],
            "timezone": RULE_LABELS["max_timezone_difference_hours"],
            "language": RULE_LABELS["require_common_language"],
            "forbidden": "Forbidden pair",
        }
        return [
            f"{labels[s]}: {text[s]}" for s, ok in zip(RULE_STAGES, passes, strict=True) if not ok
        ]

    def check(self, mentor_id: int, mentee_id: int) -> PairCheck:
        if self._model is None:
            self._model = build_model(self.problem)
        i, j = self._mentees[str(mentee_id)], self._mentors[str(mentor_id)]
        raw, _ = self._model.parts(np.array([i], dtype=np.int64), np.array([j], dtype=np.int64))
        parts = points(raw[0])
        return PairCheck(
            violations=self.violations(mentor_id, mentee_id),
            score=float(points(raw[0].sum())),
            contributions={c: float(parts[n]) for n, c in enumerate(CRITERIA)},
            reasons=list(pair_reasons(self._model, i, j, raw[0])),
        )
