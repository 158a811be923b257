"""The pruned candidate path against dense references on a medium instance.

With 1,500 mentors each mentee only keeps a few dozen candidates; these tests check that
the certificate-driven result equals what a dense solver finds on all pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from upward.matching.engine import Problem, build_model, parse_problem, solve

N_MENTEES, N_MENTORS = 60, 1500


def _instance(seed: int, flat: bool = False) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    skills = [f"f{k // 4}/s{k}" for k in range(24)]
    pop = 1.0 / np.arange(1, 25) ** 1.1
    pop /= pop.sum()
    zones = ["Europe/London", "America/New_York", "Asia/Kolkata", "Asia/Tokyo"]
    days = ["mon", "tue", "wed", "thu", "fri"]

    def person(pid: str, level: int, k: int) -> dict[str, Any]:
        p: dict[str, Any] = {
            "id": pid,
            "level": level,
            "languages": ["en"] if rng.random() < 0.9 else ["fr"],
            "department": str(rng.choice(["Sales", "Eng", "Ops"])),
            "timezone": str(rng.choice(zones)),
        }
        if not flat:
            p["skills"] = list(rng.choice(skills, size=k, replace=False, p=pop))
            day, hour = str(rng.choice(days)), int(rng.integers(8, 16))
            p["availability"] = [f"{day}-{hour:02d}", f"{day}-{hour + 1:02d}"]
            p["attributes"] = {"generation": str(rng.choice(["z", "y", "x"]))}
        return p

    mentors = [person(f"m{j:04d}", int(rng.integers(1, 4)), 3) for j in range(N_MENTORS)]
    for p in mentors:
        p["capacity"] = int(rng.choice([1, 1, 2]))
    mentees = [person(f"e{i:03d}", int(rng.integers(3, 7)), 2) for i in range(N_MENTEES)]
    for p in mentees[:10]:
        p["preferences"] = [f"m{int(j):04d}" for j in rng.choice(N_MENTORS, 2, replace=False)]
    return {
        "mentors": mentors,
        "mentees": mentees,
        "difference_attributes": ["generation", "department"],
        "rules": {"max_timezone_difference_hours": 6, "exclude_same_department": True},
    }


def _dense(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    model = build_model(problem)
    y = model.block(np.arange(problem.n_mentees), model.columns()).astype(np.float64)
    feasible = y > -(2.0**22)
    units = np.clip(np.rint(y * 10000 / 2**23), 0, 10000).astype(np.int64)
    return units, feasible


def _dense_optimum(problem: Problem, units: np.ndarray, feasible: np.ndarray) -> tuple[int, int]:
    n = problem.n_mentees
    cap = np.array([p.capacity for p in problem.mentors])
    slots = np.repeat(np.arange(problem.n_mentors), cap)
    big = 10001.0 * (n + 1)
    w = np.where(feasible[:, slots], big + units[:, slots], -1e15)
    dummy = np.full((n, n), -1e15)
    np.fill_diagonal(dummy, 0.0)
    r, c = linear_sum_assignment(np.hstack([w, dummy]), maximize=True)
    real = c < slots.size
    chosen = units[r[real], slots[c[real]]]
    return int(real.sum()), int(chosen.sum())


def _max_card(feasible: np.ndarray, cap: np.ndarray) -> int:
    slots = np.repeat(np.arange(cap.size), cap)
    g = csr_matrix(feasible[:, slots].astype(np.int8))
    return int((maximum_bipartite_matching(g, perm_type="column") >= 0).sum())


@pytest.mark.parametrize("seed", [1, 2])
def test_optimal_with_pruned_candidates_equals_the_dense_assignment(seed: int) -> None:
    problem = parse_problem(_instance(seed))
    result = solve(problem, objective="optimal", explain=False)
    units, feasible = _dense(problem)
    got = [round(float(s) * 100) for s in result.score]
    assert (len(got), sum(got)) == _dense_optimum(problem, units, feasible)
    assert result.summary["certificate"]["candidate_pairs"] < N_MENTEES * N_MENTORS / 10


def test_fair_with_pruned_candidates_has_the_dense_bottleneck() -> None:
    problem = parse_problem(_instance(3))
    result = solve(problem, objective="fair", explain=False)
    units, feasible = _dense(problem)
    cap = np.array([p.capacity for p in problem.mentors])
    target = _max_card(feasible, cap)
    levels = np.unique(units[feasible])
    ok = [t for t in levels if _max_card(feasible & (units >= t), cap) == target]
    got = [round(float(s) * 100) for s in result.score]
    assert len(got) == target
    assert min(got) == max(ok)
    keep = feasible & (units >= max(ok))
    assert sum(got) == _dense_optimum(problem, units, keep)[1]


def test_stable_with_pruned_candidates_has_no_blocking_pair() -> None:
    problem = parse_problem(_instance(4))
    result = solve(problem, objective="stable", explain=False)
    units, feasible = _dense(problem)
    n, m = units.shape
    e_pref = {i: problem.mentees[i].preferences for i in range(n)}
    mentor_ids = [p.id for p in problem.mentors]
    key_e = units * 10000.0 - np.arange(m)[None, :]
    for i, prefs in e_pref.items():
        for r, mid in enumerate(prefs):
            key_e[i, mentor_ids.index(mid)] = 1e12 - r
    key_m = units * 10000.0 - np.arange(n)[:, None]
    mate = dict(zip(result.mentee.tolist(), result.mentor.tolist(), strict=True))
    cap = np.array([p.capacity for p in problem.mentors])
    load = np.bincount(result.mentor, minlength=m)
    worst = np.full(m, np.inf)
    for i, j in mate.items():
        worst[j] = min(worst[j], key_m[i, j])
    worst[load < cap] = -np.inf
    blocking = 0
    for i in range(n):
        better = feasible[i] & (key_e[i] > (key_e[i, mate[i]] if i in mate else -np.inf))
        blocking += int((better & (key_m[i] > worst)).sum())
    assert blocking == 0 == result.summary["blocking_pairs"]


def test_a_flat_score_landscape_does_not_flood_the_solver() -> None:
    problem = parse_problem(_instance(5, flat=True))
    result = solve(problem, objective="optimal", explain=False)
    units, feasible = _dense(problem)
    got = [round(float(s) * 100) for s in result.score]
    assert (len(got), sum(got)) == _dense_optimum(problem, units, feasible)
