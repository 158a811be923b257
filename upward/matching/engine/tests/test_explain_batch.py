"""Reasons built in batches agree with simple one-at-a-time references."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from upward.matching.engine import Unmatched, build_model, parse_problem, solve
from upward.matching.engine.explain import (
    _shared_terms,
    _time_runs,
    pair_reasons,
    pairs_reasons,
    unmatched_reasons,
)
from upward.matching.engine.feasibility import stage_counts


def _instance() -> dict[str, Any]:
    rng = np.random.default_rng(7)
    words = ["tiktok", "sql", "leadership", "branding", "python", "sales", "design", "data"]
    skills = ["social-media/tiktok", "data/sql", "data/python", "people/leadership", "design"]
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    def person(pid: str, level: int, capacities: list[int]) -> dict[str, Any]:
        return {
            "id": pid,
            "level": level,
            "department": str(rng.choice(["Sales", "Eng", "Ops"])),
            "skills": list(rng.choice(skills, size=int(rng.integers(0, 4)), replace=False)),
            "goals": " ".join(rng.choice(words, size=int(rng.integers(0, 6)))),
            "availability": sorted(
                {f"{rng.choice(days)}-{int(h):02d}" for h in rng.integers(0, 24, size=12)}
            ),
            "attributes": {"generation": str(rng.choice(["z", "y", "x"]))},
            "capacity": int(rng.choice(capacities)),
        }

    return {
        "mentors": [person(f"m{j}", int(rng.integers(1, 4)), [0, 1, 1, 2]) for j in range(60)],
        "mentees": [person(f"e{i}", int(rng.integers(3, 7)), [0, 1, 1, 1]) for i in range(30)],
        "difference_attributes": ["generation", "department"],
    }


def _runs_reference(row: list[bool], per_day: int) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for s, free in enumerate(row):
        if not free:
            continue
        if runs and runs[-1][1] == s and s % per_day != 0:
            runs[-1] = (runs[-1][0], s + 1)
        else:
            runs.append((s, s + 1))
    return runs


def test_time_runs_split_at_gaps_and_midnight() -> None:
    free = np.random.default_rng(1).random((50, 24)) < 0.6
    row, start, end = _time_runs(free, per_day=8)
    for k in range(free.shape[0]):
        got = [(a, b) for r, a, b in zip(row, start, end, strict=True) if r == k]
        assert got == _runs_reference(free[k].tolist(), per_day=8)


def test_shared_terms_are_the_common_columns_with_weight_products() -> None:
    rng = np.random.default_rng(2)
    x = sp.random(40, 30, density=0.2, format="csr", random_state=rng)
    y = sp.random(40, 30, density=0.2, format="csr", random_state=rng)
    pair, term, weight = _shared_terms(x, y)
    expected = [
        (k, t, x[k, t] * y[k, t])
        for k in range(40)
        for t in sorted(set(x[k].indices) & set(y[k].indices))
    ]
    assert list(zip(pair.tolist(), term.tolist(), weight.tolist(), strict=True)) == expected


def test_pairs_reasons_match_pair_reasons_one_by_one() -> None:
    model = build_model(parse_problem(_instance()))
    rows = np.repeat(np.arange(model.n_mentees), 4)
    cols = np.arange(rows.size) % model.n_mentors
    raw, _ = model.parts(rows, cols)
    batch = pairs_reasons(model, rows, cols, raw)
    single = [
        pair_reasons(model, int(i), int(j), raw[k])
        for k, (i, j) in enumerate(zip(rows, cols, strict=True))
    ]
    assert batch == single
    assert all(2 <= len(r) <= 4 for r in batch)
    assert pairs_reasons(model, rows[:0], cols[:0], raw[:0]) == []


def test_unmatched_reasons_read_capacity_when_not_given() -> None:
    model = build_model(parse_problem(_instance()))
    people = np.arange(model.n_mentors, dtype=np.int64)
    ok = (np.ones(model.n_mentees, bool), np.ones(model.n_mentors, bool))
    counts = stage_counts(model, "mentor", people, *ok)
    capacity = np.array([q.capacity for q in model.problem.mentors])
    given = unmatched_reasons(model, "mentor", people, counts, "optimal", None, capacity)
    assert given == unmatched_reasons(model, "mentor", people, counts, "optimal")
    assert [t == "capacity is 0" for t in given] == (capacity == 0).tolist()


def test_unmatched_entries_stay_frozen_comparable_dataclasses() -> None:
    result = solve(_instance())
    assert result.unmatched
    u = result.unmatched[0]
    assert u == Unmatched(u.id, u.side, u.reason)
    with pytest.raises(dataclasses.FrozenInstanceError):
        u.reason = "changed"  # type: ignore[misc]
    assert result.to_dict()["unmatched"] == [dataclasses.asdict(x) for x in result.unmatched]
    assert result.summary["unmatched_mentees"] + result.summary["unmatched_mentors"] == len(
        result.unmatched
    )
