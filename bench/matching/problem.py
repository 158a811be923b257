"""The scored problem every solver of the benchmark gets: feasible pairs and their scores.

Upward's engine scores an instance once (all rules applied); the list of feasible
(MENTEE, MENTOR) pairs with their scores, both sides' capacities and both sides'
preference keys for ``stable`` is then handed to every peer, so that all of them solve
exactly the same problem. Results are evaluated here, the same way for everyone.

On disk (for the peers' own processes, which have neither numpy nor Upward) a problem is a
folder: ``meta.json`` plus raw little-endian arrays readable with the standard library's
``array`` module (``rows.i32``, ``cols.i32``, ``score.f64``, ``mentee_key.f64``,
``mentor_key.f64``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

I32 = NDArray[np.int32]
I64 = NDArray[np.int64]
F64 = NDArray[np.float64]


@dataclass
class Problem:
    mentee_ids: list[str]
    mentor_ids: list[str]
    mentee_capacity: I64
    mentor_capacity: I64
    rows: I32  # mentee index of each feasible pair
    cols: I32  # mentor index of each feasible pair
    score: F64  # the pair's score in the engine's integer units (0.01 point)
    mentee_key: F64  # how much the MENTEE wants this MENTOR (higher first), for `stable`
    mentor_key: F64  # how much the MENTOR wants this MENTEE (higher first), for `stable`
    cardinality_bonus: int  # added to every score for `optimal`: more pairs first

    @property
    def n_mentees(self) -> int:
        return len(self.mentee_ids)

    @property
    def n_mentors(self) -> int:
        return len(self.mentor_ids)

    @property
    def n_pairs(self) -> int:
        return int(self.rows.size)

    def pair_index(self) -> dict[tuple[int, int], int]:
        return {
            (int(r), int(c)): k for k, (r, c) in enumerate(zip(self.rows, self.cols, strict=True))
        }

    def lookup(self, pairs: I64) -> I64:
        """Index of each (mentee, mentor) row of ``pairs`` among the feasible pairs, or -1."""
        if pairs.size == 0:
            return np.empty(0, dtype=np.int64)
        key = self.rows.astype(np.int64) * self.n_mentors + self.cols
        order = np.argsort(key, kind="stable")
        sk = key[order]
        q = pairs[:, 0].astype(np.int64) * self.n_mentors + pairs[:, 1]
        pos = np.searchsorted(sk, q)
        pos = np.minimum(pos, sk.size - 1)
        found = sk[pos] == q
        return np.where(found, order[pos], -1).astype(np.int64)

    # ---- disk format -------------------------------------------------------------------
    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        assert sys.byteorder == "little"
        meta = {
            "mentee_ids": self.mentee_ids,
            "mentor_ids": self.mentor_ids,
            "mentee_capacity": [int(x) for x in self.mentee_capacity],
            "mentor_capacity": [int(x) for x in self.mentor_capacity],
            "n_pairs": self.n_pairs,
            "cardinality_bonus": self.cardinality_bonus,
        }
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        self.rows.astype("<i4").tofile(folder / "rows.i32")
        self.cols.astype("<i4").tofile(folder / "cols.i32")
        self.score.astype("<f8").tofile(folder / "score.f64")
        self.mentee_key.astype("<f8").tofile(folder / "mentee_key.f64")
        self.mentor_key.astype("<f8").tofile(folder / "mentor_key.f64")


@dataclass
class Evaluation:
    pairs: int
    total_score: float  # points (units / 100)
    min_score: float
    infeasible: int  # pairs not in the feasible list (should be 0)
    over_capacity: int  # people above their capacity (should be 0)
    blocking_pairs: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def as_pair_array(pairs: Any) -> I64:
    arr = np.asarray(pairs, dtype=np.int64)
    return arr.reshape(-1, 2)


def evaluate(problem: Problem, pairs: I64, *, blocking: bool = False) -> Evaluation:
    """Score a matching (rows of mentee index, mentor index) on ``problem``."""
    idx = problem.lookup(pairs)
    ok = idx >= 0
    scores = problem.score[idx[ok]]
    load_mentee = (
        np.bincount(pairs[:, 0], minlength=problem.n_mentees)
        if pairs.size
        else np.zeros(problem.n_mentees, dtype=np.int64)
    )
    load_mentor = (
        np.bincount(pairs[:, 1], minlength=problem.n_mentors)
        if pairs.size
        else np.zeros(problem.n_mentors, dtype=np.int64)
    )
    over = int(
        (load_mentee > problem.mentee_capacity).sum()
        + (load_mentor > problem.mentor_capacity).sum()
    )
    ev = Evaluation(
        pairs=int(pairs.shape[0]),
        total_score=float(scores.sum()) / 100,
        min_score=float(scores.min()) / 100 if scores.size else float("nan"),
        infeasible=int((~ok).sum()),
        over_capacity=over,
    )
    if blocking:
        ev.blocking_pairs = count_blocking_pairs(problem, idx[ok], load_mentee, load_mentor)
    return ev


def count_blocking_pairs(problem: Problem, matched: I64, load_mentee: I64, load_mentor: I64) -> int:
    """Feasible pairs (i, j), not matched, where MENTEE i has a free place or prefers j to
    their worst current MENTOR, and MENTOR j has a free place or prefers i to their worst
    current MENTEE (strict preferences on ``mentee_key`` / ``mentor_key``)."""
    worst_mentee = np.full(problem.n_mentees, np.inf)
    worst_mentor = np.full(problem.n_mentors, np.inf)
    np.minimum.at(worst_mentee, problem.rows[matched], problem.mentee_key[matched])
    np.minimum.at(worst_mentor, problem.cols[matched], problem.mentor_key[matched])
    worst_mentee[load_mentee < problem.mentee_capacity] = -np.inf
    worst_mentor[load_mentor < problem.mentor_capacity] = -np.inf
    is_matched = np.zeros(problem.n_pairs, dtype=bool)
    is_matched[matched] = True
    block = (
        ~is_matched
        & (problem.mentee_key > worst_mentee[problem.rows])
        & (problem.mentor_key > worst_mentor[problem.cols])
    )
    return int(block.sum())


def same_matching(a: I64, b: I64) -> bool:
    def canon(p: I64) -> set[tuple[int, int]]:
        return {(int(x), int(y)) for x, y in p}

    return canon(a) == canon(b)
