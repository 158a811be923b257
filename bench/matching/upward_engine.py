"""Everything the benchmark asks of Upward's engine, in one place.

- :func:`scored_problem`: the feasible pairs and their scores, computed once by the
  engine's own scorer (``build_model`` + ``scan_rows``) and handed to every peer;
- :func:`run_upward`: the timed, in-process run (``solve`` on the JSON v1 dict: parsing,
  scoring, all rules, the solver and the reasons).

Conventions copied from the engine (``upward.matching.engine``):

- scores are integer *units* (0.01 point, 0-10000); participants are indexed in id order;
- ``optimal`` maximises the number of pairs first, then the total score: the peers get
  the same objective as the weight ``M + units`` with ``M = 10001 * (n_mentees + 1)``;
- ``stable``: both sides rank their stated ``preferences`` first, in order, then every other
  feasible partner by score, ties by id (see ``upward.matching.engine.stable``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bench.matching.problem import I64, Problem
from upward.matching.engine import build_model, parse_problem, solve
from upward.matching.engine.scan import scan_rows

MAX_UNITS = 10000
STATED = float(2**40)
TIE_BITS = float(2**21)


def cardinality_bonus(n_mentees: int) -> int:
    """The engine's ``M``: any extra pair outweighs any score difference."""
    return (MAX_UNITS + 1) * (n_mentees + 1)


def scored_problem(instance: Mapping[str, Any]) -> Problem:
    """Every feasible (MENTEE, MENTOR) pair of ``instance`` with its score in units."""
    parsed = parse_problem(instance)
    model = build_model(parsed)
    e_cap = np.array([p.capacity for p in parsed.mentees], dtype=np.int64)
    m_cap = np.array([p.capacity for p in parsed.mentors], dtype=np.int64)
    if parsed.fixed.shape[0]:
        raise ValueError("the benchmark's instances have no fixed pairs")
    rows = np.flatnonzero(e_cap > 0).astype(np.int64)
    view = model.columns(np.flatnonzero(m_cap > 0).astype(np.int64))
    r, c, u = scan_rows(model, rows, view, np.zeros(rows.size, dtype=np.int64))
    order = np.lexsort((c, r))
    r, c, u = r[order], c[order], u[order]
    units = u.astype(np.float64)
    mentee_key = units * TIE_BITS + (TIE_BITS - 1 - c)
    mentor_key = units * TIE_BITS + (TIE_BITS - 1 - r)
    key = r * parsed.n_mentors + c
    mi, ei = parsed.mentor_index(), parsed.mentee_index()
    for k, person in enumerate(parsed.mentees):  # stated preferences come first, in order
        for rank, other in enumerate(person.preferences):
            pos = np.searchsorted(key, k * parsed.n_mentors + mi[other])
            if pos < key.size and key[pos] == k * parsed.n_mentors + mi[other]:
                mentee_key[pos] = STATED - rank
    for j, person in enumerate(parsed.mentors):
        for rank, other in enumerate(person.preferences):
            pos = np.searchsorted(key, ei[other] * parsed.n_mentors + j)
            if pos < key.size and key[pos] == ei[other] * parsed.n_mentors + j:
                mentor_key[pos] = STATED - rank
    return Problem(
        mentee_ids=[p.id for p in parsed.mentees],
        mentor_ids=[p.id for p in parsed.mentors],
        mentee_capacity=e_cap,
        mentor_capacity=m_cap,
        rows=r.astype(np.int32),
        cols=c.astype(np.int32),
        score=units,
        mentee_key=mentee_key,
        mentor_key=mentor_key,
        cardinality_bonus=cardinality_bonus(parsed.n_mentees),
    )


@dataclass
class UpwardRun:
    objective: str
    seconds: float  # median wall time of solve() on the dict
    runs: list[float]
    pairs: I64
    summary: dict[str, Any] = field(default_factory=dict)


def run_upward(instance: Mapping[str, Any], objective: str, *, repeat: int = 1) -> UpwardRun:
    """Time ``solve(instance, objective=..., explain=True)`` (the median of ``repeat`` runs)."""
    times: list[float] = []
    result = None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = solve(instance, objective=objective, explain=True)
        times.append(time.perf_counter() - t0)
    assert result is not None
    pairs = np.stack([result.mentee, result.mentor], axis=1).astype(np.int64)
    return UpwardRun(objective, float(np.median(times)), times, pairs, dict(result.summary))


def warm_up() -> None:
    """One tiny solve, so that the first timed run does not pay for imports and caches."""
    solve(
        {
            "mentors": [
                {"id": "m", "level": 1, "skills": ["gen-ai/prompting"], "timezone": "Europe/London"}
            ],
            "mentees": [
                {"id": "e", "level": 5, "skills": ["gen-ai/prompting"], "timezone": "Europe/Paris"}
            ],
        }
    )
