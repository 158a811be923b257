"""Upward's matching engine: pure numpy/scipy, no Django.

Match senior MENTEES with junior MENTORS (reverse mentoring) under hard rules, with an
explainable score and an exact solver. Plain data at the edges, arrays inside::

    from upward.matching.engine import solve
    result = solve(json.load(open("input.json")))
    result.to_dict()  # {"pairs": [...], "unmatched": [...], "summary": {...}}

See ``docs/matching.md`` for the format, the scoring and the objectives.
"""

from __future__ import annotations

from .api import Result, Suggestion, Unmatched, rematch, solve, suggest
from .problem import InputError, Participant, Problem, Rules, Weights, parse_problem
from .scoring import ScoreModel, build_model

__all__ = [
    "InputError",
    "Participant",
    "Problem",
    "Result",
    "Rules",
    "ScoreModel",
    "Suggestion",
    "Unmatched",
    "Weights",
    "build_model",
    "parse_problem",
    "rematch",
    "solve",
    "suggest",
]
