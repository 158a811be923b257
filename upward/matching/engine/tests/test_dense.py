"""The dense path (``linear_sum_assignment`` on the whole matrix) against the sparse one.

Both are exact, so on every instance they must reach the same objective: the same number
of pairs and total for ``optimal``, and also the same bottleneck for ``fair``. The sparse
path runs with tiny candidate lists here, so that its certificate and rescans do the work.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upward.matching.engine import dense, parse_problem, solve
from upward.matching.engine import scan as scan_module

from .reference import best, blocking_pairs, instances

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _objective(result: Any, objective: str) -> tuple[int, ...]:
    units = [round(float(s) * 100) for s in result.score]
    if objective == "fair":
        return (len(units), min(units, default=10**9), sum(units))
    return (len(units), sum(units))


def _both(data: dict[str, Any], objective: str) -> tuple[Any, Any]:
    problem = parse_problem(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scan_module, "GROUP", 2)
        mp.setattr(scan_module, "DEFAULT_K", 1)
        sparse = solve(problem, objective=objective, method="sparse")
    return solve(problem, objective=objective, method="dense"), sparse


@st.composite
def markets(draw: st.DrawFn, shape: str) -> dict[str, Any]:
    """Random programs of a given shape: ``square`` (as many mentors as mentees) or
    ``tall`` (five mentors per mentee), mentors taking 1-3 mentees, a few rules on."""
    n = draw(st.integers(1, 14))
    m = n if shape == "square" else 5 * n
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    skills = [f"f{k // 3}/s{k}" for k in range(9)]

    def people(prefix: str, count: int, levels: tuple[int, int]) -> list[dict[str, Any]]:
        return [
            {
                "id": f"{prefix}{k}",
                "level": int(rng.integers(*levels)),
                "skills": list(rng.choice(skills, int(rng.integers(0, 4)), replace=False)),
                "availability": [f"tue-{h:02d}" for h in rng.choice(24, 2, replace=False)],
                "languages": [str(rng.choice(["en", "fr"]))],
            }
            for k in range(count)
        ]

    mentors = people("m", m, (1, 5))
    for p in mentors:
        p["capacity"] = int(rng.choice([1, 1, 2, 3]))
    mentees = people("e", n, (3, 8))
    scores = rng.random((n, m)) < 0.3
    external = [
        [f"m{j}", f"e{i}", round(float(rng.random()), 2)]
        for i, j in zip(*np.nonzero(scores), strict=True)
    ]
    return {
        "mentors": mentors,
        "mentees": mentees,
        "rules": {"require_common_language": draw(st.booleans())},
        "external_scores": external,
    }


@SETTINGS
@given(instances(max_mentees=5, max_mentors=5), st.sampled_from(["optimal", "fair"]))
def test_dense_equals_brute_force_and_the_sparse_path(data: dict[str, Any], objective: str) -> None:
    got_dense, got_sparse = _both(data, objective)
    expected = best(parse_problem(data), objective)
    assert _objective(got_dense, objective) == expected == _objective(got_sparse, objective)
    assert got_sparse.summary["certificate"]["method"] == "sparse"


@SETTINGS
@given(st.sampled_from(["square", "tall"]).flatmap(markets), st.sampled_from(["optimal", "fair"]))
def test_dense_and_sparse_reach_the_same_objective_on_square_and_tall_markets(
    data: dict[str, Any], objective: str
) -> None:
    got_dense, got_sparse = _both(data, objective)
    assert _objective(got_dense, objective) == _objective(got_sparse, objective)
    assert got_dense.summary["certificate"]["method"] == "dense"
    # nobody states a preference here: the dense blocking-pair count is the one at work
    pairs = list(zip(got_dense.mentee.tolist(), got_dense.mentor.tolist(), strict=True))
    assert got_dense.summary["blocking_pairs"] == blocking_pairs(parse_problem(data), pairs)
    load = np.bincount(got_dense.mentor, minlength=len(data["mentors"]))
    assert (load <= [p["capacity"] for p in sorted(data["mentors"], key=lambda p: p["id"])]).all()


def test_auto_solves_a_square_market_densely_and_a_tall_one_with_candidates() -> None:
    rng = np.random.default_rng(3)

    def market(n: int, m: int) -> dict[str, Any]:
        return {
            "mentors": [{"id": f"m{j:03d}", "level": 1} for j in range(m)],
            "mentees": [{"id": f"e{i:03d}", "level": 5} for i in range(n)],
            "external_scores": [
                [f"m{j:03d}", f"e{i:03d}", round(float(rng.random()), 2)]
                for i in range(n)
                for j in range(m)
            ],
        }

    sq = solve(market(40, 40)).summary["certificate"]
    assert (sq["method"], sq["candidate_pairs"]) == ("dense", 1600)
    assert (
        sq["method_reason"]
        == "40 mentor places for 40 mentees: dense assignment on all 1,600 pairs"
    )
    tall = solve(market(20, 400)).summary["certificate"]
    assert tall["method"] == "sparse"
    assert tall["method_reason"].startswith("400 mentor places for 20 mentees: candidate lists")


def test_auto_switches_to_dense_when_the_candidates_stop_being_sparse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # two places per mentee (so candidate lists first), every score tied: no bound proves
    # anything, and the rescans would take every pair
    monkeypatch.setattr(scan_module, "GROUP", 2)
    monkeypatch.setattr(scan_module, "DEFAULT_K", 1)
    data = {
        "mentors": [{"id": f"m{j:02d}", "level": 1} for j in range(40)],
        "mentees": [{"id": f"e{i:02d}", "level": 5, "capacity": 1} for i in range(20)],
        "external_scores": [[f"m{j:02d}", f"e{i:02d}", 0.5] for i in range(20) for j in range(40)],
    }
    auto = solve(data)
    cert = auto.summary["certificate"]
    assert cert["method"] == "dense"
    assert "were not yet proven: dense assignment on all pairs" in cert["method_reason"]
    assert _objective(auto, "optimal") == _objective(solve(data, method="sparse"), "optimal")


def test_choose_method_keeps_big_matrices_sparse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dense, "DENSE_MAX_CELLS", 100)
    rows, cols = np.arange(20), np.arange(20)
    m = dense.choose_method(rows, cols, np.ones(20, np.int64), "dense")
    assert not m.dense
    assert m.reason.endswith("a 20 x 20 matrix is too large to solve densely")
    # 10 mentors taking 10 mentees each: 100 pairs, but 400 cells of mentor places
    m = dense.choose_method(rows, np.arange(10), np.full(10, 10, np.int64), "dense")
    assert not m.dense


def test_an_unknown_method_is_an_input_error() -> None:
    from upward.matching.engine import InputError

    with pytest.raises(InputError, match="method: expected one of auto, dense, sparse"):
        solve({"mentors": [], "mentees": []}, method="fast")


def test_the_compiled_solvers_are_scipys_own() -> None:
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csgraph

    from upward.matching.engine import compiled

    # loaded from their files first (engine import), then imported the ordinary way
    assert compiled.lsap() is linear_sum_assignment
    assert compiled.matching().maximum_bipartite_matching is csgraph.maximum_bipartite_matching
    assert (
        compiled.matching().min_weight_full_bipartite_matching
        is csgraph.min_weight_full_bipartite_matching
    )
