"""Hypothesis properties on small random instances, against brute force."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upward.matching.engine import parse_problem, solve
from upward.matching.engine import scan as scan_module

from .reference import best, blocking_pairs, instances, matchings, preference_keys, score_matrix

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture
def tiny_candidate_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Force the pruned path (a handful of candidates per mentee plus the certificate)."""
    monkeypatch.setattr(scan_module, "GROUP", 2)
    monkeypatch.setattr(scan_module, "DEFAULT_K", 1)


def _units(result: Any) -> list[int]:
    return [round(float(s) * 100) for s in result.score]


@SETTINGS
@given(instances())
def test_every_objective_respects_capacities_and_rules(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    units, feasible = score_matrix(problem)
    for objective in ("optimal", "fair", "stable"):
        r = solve(problem, objective=objective)
        assert all(feasible[i, j] for i, j in zip(r.mentee, r.mentor, strict=True))
        load = np.bincount(r.mentor, minlength=problem.n_mentors)
        assert (load <= [p.capacity for p in problem.mentors]).all()
        assert len(set(r.mentee.tolist())) == r.mentee.size
        assert all(problem.mentees[i].capacity == 1 for i in r.mentee)
        assert _units(r) == [int(units[i, j]) for i, j in zip(r.mentee, r.mentor, strict=True)]


@SETTINGS
@given(instances())
def test_optimal_equals_brute_force_on_small_instances(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    got = _units(solve(problem, objective="optimal"))
    assert (len(got), sum(got)) == best(problem, "optimal")


@SETTINGS
@given(instances())
def test_fair_equals_brute_force_bottleneck_optimum(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    got = _units(solve(problem, objective="fair"))
    assert (len(got), min(got, default=10**9), sum(got)) == best(problem, "fair")


@SETTINGS
@given(instances())
def test_stable_has_no_blocking_pair_and_is_mentee_optimal(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    r = solve(problem, objective="stable")
    pairs = list(zip(r.mentee.tolist(), r.mentor.tolist(), strict=True))
    units, feasible = score_matrix(problem)
    assert blocking_pairs(problem, pairs, (units, feasible)) == 0
    assert r.summary["blocking_pairs"] == 0
    mentee_key, _ = preference_keys(problem, units, feasible)
    mine = dict(pairs)
    for other in matchings(problem, feasible):
        if (
            blocking_pairs(problem, other, (units, feasible)) == 0
        ):  # every stable matching is weakly worse for mentees
            for i, j in other:
                assert i in mine and mentee_key[i, j] <= mentee_key[i, mine[i]]


@SETTINGS
@given(instances())
def test_reported_blocking_pairs_match_a_brute_force_count(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    for objective in ("optimal", "fair"):
        r = solve(problem, objective=objective)
        pairs = list(zip(r.mentee.tolist(), r.mentor.tolist(), strict=True))
        assert r.summary["blocking_pairs"] == blocking_pairs(problem, pairs)


@SETTINGS
@given(instances(), st.randoms(use_true_random=False))
def test_output_is_independent_of_input_order(data: dict[str, Any], rnd: random.Random) -> None:
    shuffled = dict(data)
    for key in ("mentors", "mentees", "forbidden_pairs", "external_scores"):
        shuffled[key] = rnd.sample(data[key], len(data[key]))
    for objective in ("optimal", "fair", "stable"):
        a = solve(data, objective=objective).to_dict()
        b = solve(shuffled, objective=objective).to_dict()
        for doc in (a, b):
            doc["summary"].pop("seconds")
        assert a == b


@SETTINGS
@given(instances(max_mentees=5, max_mentors=5))
def test_pruned_candidates_still_give_the_exact_optimum(data: dict[str, Any]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scan_module, "GROUP", 2)
        mp.setattr(scan_module, "DEFAULT_K", 1)
        problem = parse_problem(data)
        got = {
            obj: _units(solve(problem, objective=obj, method="sparse"))
            for obj in ("optimal", "fair", "stable")
        }
        stable = solve(problem, objective="stable")
    assert (len(got["optimal"]), sum(got["optimal"])) == best(problem, "optimal")
    fair = got["fair"]
    assert (len(fair), min(fair, default=10**9), sum(fair)) == best(problem, "fair")
    pairs = list(zip(stable.mentee.tolist(), stable.mentor.tolist(), strict=True))
    assert blocking_pairs(problem, pairs) == 0


def test_same_input_gives_the_same_output() -> None:
    data = _fixed_instance()
    a, b = solve(data).to_dict(), solve(data).to_dict()
    a["summary"].pop("seconds")
    b["summary"].pop("seconds")
    assert a == b


def _fixed_instance() -> dict[str, Any]:
    rnd = random.Random(7)
    mentors = [
        {
            "id": f"m{k}",
            "level": rnd.randint(1, 3),
            "skills": rnd.sample(["a/x", "a/y", "b"], 2),
            "availability": ["tue-09"],
        }
        for k in range(30)
    ]
    mentees = [
        {
            "id": f"e{k}",
            "level": rnd.randint(3, 6),
            "skills": rnd.sample(["a/x", "a/y", "b"], 2),
            "availability": ["tue-09", "tue-10"],
        }
        for k in range(12)
    ]
    return {"mentors": mentors, "mentees": mentees}
