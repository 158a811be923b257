"""Fast checks of the matching benchmark's own parts (no peer package, no network)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from bench.matching import peers
from bench.matching.generator import generate
from bench.matching.problem import Problem, evaluate, same_matching
from bench.matching.run import write_docs


def test_generator_is_deterministic_by_seed() -> None:
    a = json.dumps(generate(40, 200, seed=3))
    assert a == json.dumps(generate(40, 200, seed=3))
    assert a != json.dumps(generate(40, 200, seed=4))


def test_generator_draws_one_consistent_company() -> None:
    inst = generate(60, 300, seed=1)
    mentees, mentors = inst["mentees"], inst["mentors"]
    assert (len(mentees), len(mentors)) == (60, 300)
    ids = [p["id"] for p in mentees + mentors]
    assert len(set(ids)) == len(ids)
    assert all(4 <= p["level"] <= 8 for p in mentees)
    assert all(1 <= p["level"] <= 5 for p in mentors)
    people = {p["id"]: p for p in mentees + mentors}
    for p in people.values():
        chain = p["manager_chain"]
        if chain and chain[0] in people:  # my manager's chain is the rest of mine
            assert people[chain[0]]["manager_chain"] == chain[1:]
        assert all("/" in s for s in p["skills"])
        assert p["languages"]
    assert len({p["timezone"] for p in mentees + mentors}) >= 5


def test_generated_instances_are_valid_json_v1_for_the_engine() -> None:
    engine = pytest.importorskip("upward.matching.engine")
    problem = engine.parse_problem(generate(30, 150, seed=2))
    assert (problem.n_mentees, problem.n_mentors) == (30, 150)


def _tiny_problem(seed: int) -> Problem:
    rng = np.random.default_rng(seed)
    n, m = 4, 5
    mask = rng.random((n, m)) < 0.6
    r, c = np.nonzero(mask)
    units = rng.integers(1, 10000, r.size).astype(np.float64)
    key = units * 2**21
    return Problem(
        [f"e{i}" for i in range(n)],
        [f"m{j}" for j in range(m)],
        np.ones(n, dtype=np.int64),
        np.array([1, 2, 1, 1, 1], dtype=np.int64),
        r.astype(np.int32),
        c.astype(np.int32),
        units,
        key - c,
        key - r,
        cardinality_bonus=10001 * (n + 1),
    )


def _brute_force(p: Problem) -> tuple[int, float]:
    """Best (pairs, total units) over every assignment of mentor places."""
    places = [j for j in range(p.n_mentors) for _ in range(int(p.mentor_capacity[j]))]
    score = {(int(a), int(b)): float(s) for a, b, s in zip(p.rows, p.cols, p.score, strict=True)}
    best = (0, 0.0)
    options = [None, *range(len(places))]
    for choice in itertools.product(options, repeat=p.n_mentees):
        used = [x for x in choice if x is not None]
        if len(used) != len(set(used)):
            continue
        pairs = [(i, places[x]) for i, x in enumerate(choice) if x is not None]
        if any(q not in score for q in pairs):
            continue
        best = max(best, (len(pairs), sum(score[q] for q in pairs)))
    return best


@pytest.mark.parametrize("seed", range(5))
def test_scipy_baseline_is_exact_and_greedy_is_feasible(seed: int) -> None:
    p = _tiny_problem(seed)
    pairs, total = _brute_force(p)
    exact = evaluate(p, peers.scipy_dense(p).pairs)
    assert (exact.pairs, round(exact.total_score * 100)) == (pairs, round(total))
    greedy = evaluate(p, peers.greedy_by_score(p).pairs, blocking=True)
    assert greedy.infeasible == 0 and greedy.over_capacity == 0
    assert greedy.blocking_pairs == 0  # symmetric preferences: greedy is the stable matching


def test_blocking_pairs_and_same_matching() -> None:
    p = Problem(
        ["a", "b"],
        ["x", "y"],
        np.ones(2, dtype=np.int64),
        np.ones(2, dtype=np.int64),
        np.array([0, 0, 1, 1], dtype=np.int32),
        np.array([0, 1, 0, 1], dtype=np.int32),
        np.array([9.0, 1.0, 8.0, 2.0]),
        np.array([9.0, 1.0, 8.0, 2.0]),
        np.array([9.0, 1.0, 8.0, 2.0]),
        cardinality_bonus=30003,
    )
    bad = np.array([[0, 1], [1, 0]])
    assert evaluate(p, bad, blocking=True).blocking_pairs == 1  # (a, x) prefer each other
    good = np.array([[1, 1], [0, 0]])
    assert evaluate(p, good, blocking=True).blocking_pairs == 0
    assert same_matching(good, np.array([[0, 0], [1, 1]]))


def test_docs_section_is_replaced_between_markers_only(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    write_docs(doc, "old table\n")
    text = doc.read_text()
    assert text.startswith("# Benchmarks\n") and "## Matching engine" in text
    doc.write_text(text + "\n## People import\n\nkept\n")
    write_docs(doc, "second\n")
    text = doc.read_text()
    assert "second" in text and "old table" not in text and "## People import\n\nkept" in text


def test_uniform_generator_is_deterministic_and_valid_for_the_engine() -> None:
    from bench.matching import uniform

    engine = pytest.importorskip("upward.matching.engine")
    a = uniform.generate(20, 30, seed=5, rules=True)
    assert json.dumps(a) == json.dumps(uniform.generate(20, 30, seed=5, rules=True))
    assert not any("manager_chain" in p for p in a["mentees"] + a["mentors"])
    problem = engine.parse_problem(a)
    assert (problem.n_mentees, problem.n_mentors) == (20, 30)
    off = engine.parse_problem(uniform.generate(5, 5, seed=5, rules=False))
    assert off.rules.min_level_gap == -100 and not off.rules.require_common_language
    ext = engine.parse_problem(uniform.external_only(4, 6, seed=5))
    assert ext.external_matrix is not None and ext.external_matrix.shape == (4, 6)


def test_scipy_in_its_own_process_solves_the_same_matrix_as_the_baseline(tmp_path: Path) -> None:
    from bench.matching import shapes

    p = _tiny_problem(3)
    weights, owner = shapes._dense_matrix(p)
    assert weights.shape == (4, int(p.mentor_capacity.sum()))
    np.save(tmp_path / "m.npy", weights)
    run = shapes.run_script(
        "scipy", "run_scipy.py", [str(tmp_path / "m.npy"), str(tmp_path / "o.json")], 1, 60, owner
    )
    assert run.status == "ok" and run.wall is not None and run.peak_mb
    own = evaluate(p, run.pairs)
    baseline = evaluate(p, peers.scipy_dense(p).pairs)
    assert (own.pairs, own.total_score) == (baseline.pairs, baseline.total_score)
    assert own.infeasible == 0 and own.over_capacity == 0


def test_shape_targets_state_the_ratio_and_where_the_time_goes() -> None:
    from bench.matching import shapes, shapes_table

    shape = shapes.Shape("square-4-off", "square, rules off", 4, 4, "uniform", False)
    steps = {"main": 0.2, "startup_and_exit": 0.3, "read": 0.1, "parse": 0.05, "engine": {}}
    up = shapes.Run("Upward", wall=0.5, walls=[0.5], step=0.01, steps=steps)
    sc = shapes.Run("scipy", wall=0.4, walls=[0.4], step=0.01)
    mm = shapes.Run("mentor-match", wall=30.0, walls=[30.0], step=29.0)
    text = "\n".join(shapes_table.render([shapes.ShapeReport(shape, 16, [up, sc, mm])], 1))
    row = next(line for line in text.splitlines() if line.startswith("| square-4-off (4"))
    x = shapes.X
    assert f"| 1.25{x} | **no** | 60{x} | yes | 145{x} | yes |" in row
    assert "start-up and imports 0.30 s, reading the JSON 0.10 s" in row
