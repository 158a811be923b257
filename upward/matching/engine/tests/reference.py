"""Brute-force references for small instances, independent of the engine's solvers.

Scores come from the engine's own pair scorer (tested separately); everything else
(feasible matchings, optima, preferences, blocking pairs) is enumerated here from scratch.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np
from hypothesis import strategies as st

from upward.matching.engine import Problem, build_model

SKILLS = ["social-media/tiktok", "social-media/instagram", "gen-ai/chatgpt", "gen-ai/agents", "sql"]
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu"]
SLOTS = ["mon-09", "mon-10", "tue-14", "wed-09", "wed-15"]
GOALS = ["learn tiktok fast", "data and python", "", "tiktok and data for customers"]


@st.composite
def people(draw: st.DrawFn, prefix: str, n: int, mentor: bool) -> list[dict[str, Any]]:
    out = []
    for k in range(n):
        p: dict[str, Any] = {"id": f"{prefix}{k}", "level": draw(st.integers(1, 6))}
        p["skills"] = draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))
        if draw(st.booleans()):
            p["department"] = draw(st.sampled_from(["Sales", "Engineering"]))
        p["languages"] = draw(st.sampled_from([["en"], ["fr"], ["en", "fr"], []]))
        if draw(st.booleans()):
            p["timezone"] = draw(st.sampled_from(ZONES))
        p["availability"] = draw(st.lists(st.sampled_from(SLOTS), max_size=3, unique=True))
        p["goals"] = draw(st.sampled_from(GOALS))
        p["attributes"] = {"generation": draw(st.sampled_from(["gen-z", "millennial", "gen-x"]))}
        p["capacity"] = draw(st.sampled_from([0, 1, 1, 2] if mentor else [0, 1, 1, 1]))
        out.append(p)
    return out


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 4, max_mentors: int = 4) -> dict[str, Any]:
    """Small random problems exercising every rule and criterion."""
    n_e = draw(st.integers(0, max_mentees))
    n_m = draw(st.integers(0, max_mentors))
    mentees = draw(people("e", n_e, False))
    mentors = draw(people("m", n_m, True))
    e_ids, m_ids = [p["id"] for p in mentees], [p["id"] for p in mentors]
    if m_ids:
        for p in mentees:
            p["preferences"] = draw(st.lists(st.sampled_from(m_ids), max_size=2, unique=True))
            p["manager_chain"] = draw(st.lists(st.sampled_from([*m_ids, "boss"]), max_size=1))
    if e_ids:
        for p in mentors:
            p["preferences"] = draw(st.lists(st.sampled_from(e_ids), max_size=2, unique=True))
            p["manager_chain"] = draw(st.lists(st.sampled_from([*e_ids, "boss"]), max_size=1))
    pairs = (
        st.tuples(st.sampled_from(m_ids), st.sampled_from(e_ids))
        if m_ids and e_ids
        else st.nothing()
    )
    forbidden = draw(st.lists(pairs, max_size=2, unique=True)) if m_ids and e_ids else []
    external = draw(st.lists(pairs, max_size=3, unique=True)) if m_ids and e_ids else []
    return {
        "mentors": mentors,
        "mentees": mentees,
        "rules": {
            "min_level_gap": draw(st.integers(0, 2)),
            "exclude_same_reporting_line": draw(st.booleans()),
            "exclude_same_department": draw(st.booleans()),
            "max_timezone_difference_hours": draw(st.sampled_from([None, 5])),
            "require_common_language": draw(st.booleans()),
        },
        "weights": {
            c: draw(st.sampled_from([0, 1, 2])) for c in ("skills", "goals", "availability")
        },
        "difference_attributes": draw(
            st.sampled_from([[], ["department"], ["generation", "department"]])
        ),
        "forbidden_pairs": [list(x) for x in forbidden],
        "external_scores": [[a, b, draw(st.sampled_from([0.0, 0.25, 1.0]))] for a, b in external],
    }


def score_matrix(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """Units and feasibility of every (mentee, mentor) pair, scored pair by pair."""
    model = build_model(problem)
    n, m = problem.n_mentees, problem.n_mentors
    rows, cols = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    units, feasible = model.pair_units(rows, cols)
    return units.reshape(n, m), feasible.reshape(n, m)


def matchings(problem: Problem, feasible: np.ndarray) -> Iterator[list[tuple[int, int]]]:
    """Every matching respecting feasibility and capacities (fixed pairs included)."""
    n, m = feasible.shape
    fixed = {int(i): int(j) for i, j in problem.fixed.tolist()}
    cap = [p.capacity for p in problem.mentors]
    options = []
    for i in range(n):
        if i in fixed:
            options.append([fixed[i]])
        elif problem.mentees[i].capacity == 0:
            options.append([-1])
        else:
            options.append([-1, *[j for j in range(m) if feasible[i, j]]])
    for combo in itertools.product(*options):
        load = np.bincount([j for j in combo if j >= 0], minlength=m)
        if (load <= cap).all():
            yield [(i, j) for i, j in enumerate(combo) if j >= 0]


def best(problem: Problem, objective: str) -> tuple[int, ...]:
    """(pairs, total) for ``optimal``; (pairs, minimum free score, total) for ``fair``."""
    units, feasible = score_matrix(problem)
    fixed = {tuple(x) for x in problem.fixed.tolist()}
    top: tuple[int, ...] | None = None
    for pairs in matchings(problem, feasible):
        s = [int(units[i, j]) for i, j in pairs]
        free = [int(units[i, j]) for i, j in pairs if (i, j) not in fixed]
        key = (
            (len(s), sum(s))
            if objective == "optimal"
            else (len(s), min(free, default=10**9), sum(s))
        )
        top = key if top is None or key > top else top
    assert top is not None
    return top


def preference_keys(
    problem: Problem, units: np.ndarray, feasible: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How much each mentee wants each mentor and vice versa (stated first, then score, then id)."""
    n, m = units.shape
    mentee_key = np.full((n, m), -np.inf)
    mentor_key = np.full((n, m), -np.inf)
    for i, e in enumerate(problem.mentees):
        for j, r in enumerate(problem.mentors):
            if not feasible[i, j]:
                continue
            mentee_key[i, j] = (
                1e12 - e.preferences.index(r.id) if r.id in e.preferences else units[i, j] * 1e4 - j
            )
            mentor_key[i, j] = (
                1e12 - r.preferences.index(e.id) if e.id in r.preferences else units[i, j] * 1e4 - i
            )
    return mentee_key, mentor_key


def blocking_pairs(
    problem: Problem,
    pairs: list[tuple[int, int]],
    matrices: tuple[np.ndarray, np.ndarray] | None = None,
) -> int:
    units, feasible = matrices if matrices is not None else score_matrix(problem)
    mentee_key, mentor_key = preference_keys(problem, units, feasible)
    fixed = {tuple(x) for x in problem.fixed.tolist()}
    fixed_mentees = {i for i, _ in fixed}
    room = [p.capacity for p in problem.mentors]
    for _, j in fixed:
        room[j] -= 1
    mate = {i: j for i, j in pairs if (i, j) not in fixed}
    count = 0
    for i in range(problem.n_mentees):
        if i in fixed_mentees or problem.mentees[i].capacity == 0:
            continue
        for j in range(problem.n_mentors):
            if not feasible[i, j] or mate.get(i) == j or room[j] <= 0:
                continue
            if i in mate and mentee_key[i, j] <= mentee_key[i, mate[i]]:
                continue
            held = [x for x, y in mate.items() if y == j]
            if len(held) < room[j] or mentor_key[i, j] > min(mentor_key[x, j] for x in held):
                count += 1
    return count
