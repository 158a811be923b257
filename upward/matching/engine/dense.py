"""The dense path: the whole score matrix, ``linear_sum_assignment``, and the same certificate.

Candidate lists pay off when most mentors stay free: then the LP duals of the mentors are
0 and a mentee's dual alone proves that none of its other pairs can help (see
:mod:`.solvers`). In a square program (about as many mentor places as mentees) nearly
every mentor is contested, the per-mentee bounds prove little, and the candidate lists
grow to almost every pair (measured: 2.5 M of 2.56 M pairs at 1,600 x 1,600, 6 s in
LAPJVsp). There the whole matrix is cheaper: it is scored once, in the same exact blocks,
and solved by scipy's dense ``linear_sum_assignment`` on the rectangular matrix (mentor
places expanded), with the same lexicographic objective (weight ``M + units``, ``M``
larger than any total, so the most pairs come first; 0 for an infeasible cell, which
then means "unmatched").

The certificate is kept: the LP duals of the optimum are recovered as shortest-path
potentials (Bellman-Ford on the dense residual graph, in Gauss-Seidel sweeps over blocks of
mentors), and since every pair is in the matrix, dual feasibility on the matrix proves
optimality for the whole problem. ``fair`` searches its bottleneck on the same matrix
(Hopcroft-Karp on the pairs at or above each threshold: no pair is left out, so no cut
certificate is needed) and solves ``optimal`` on the pairs at or above it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from . import compiled
from .scan import Candidates, scorer
from .scoring import FEASIBLE_MIN, UNIT, ColumnView, ScoreModel
from .solvers import MAX_UNITS, Assignment, Certificate

__all__ = [
    "DENSE_MAX_CELLS",
    "DENSE_PLACES_PER_MENTEE",
    "DENSE_SHARE",
    "Method",
    "all_pairs",
    "choose_method",
    "dense_blocking_pairs",
    "dense_units",
    "solve_dense",
]

I64 = NDArray[np.int64]
I32 = NDArray[np.int32]
F64 = NDArray[np.float64]

DENSE_MAX_CELLS = 1 << 23  # mentees x mentors; each float64 copy of the matrix is 64 MB
DENSE_PLACES_PER_MENTEE = 2.0  # fewer mentor places than this per mentee: a contested market
DENSE_SHARE = 1 / 3  # candidates about to pass this share of all pairs: switch to dense
SWEEP_BLOCK = 256  # mentors per Gauss-Seidel block (measured: 2x fewer sweeps than Jacobi)


@dataclass(frozen=True)
class Method:
    """How a solve is done, and the plain reason, reported in ``summary.certificate``."""

    dense: bool
    reason: str
    switch_share: float | None = None  # sparse: go dense when candidates pass this share


def choose_method(rows: I64, cols: I64, capacity: I64, forced: str = "auto") -> Method:
    """Dense when the market is contested and the matrix is small enough, else sparse.

    ``forced`` is ``"auto"``, ``"dense"`` or ``"sparse"`` (the latter two for tests and
    comparisons; ``"dense"`` still falls back to sparse beyond :data:`DENSE_MAX_CELLS`).

    Examples
    --------
    >>> m = choose_method(np.arange(3), np.arange(3), np.ones(3, np.int64))
    >>> m.dense, m.reason
    (True, '3 mentor places for 3 mentees: dense assignment on all 9 pairs')
    >>> choose_method(np.arange(3), np.arange(30), np.ones(30, np.int64)).dense
    False
    """
    cells = rows.size * cols.size
    places = int(np.minimum(capacity[cols], rows.size).sum())
    # the cost matrix has a column per mentor place: large capacities widen it
    fits = 0 < max(cells, rows.size * places) <= DENSE_MAX_CELLS
    where = f"{places:,} mentor places for {rows.size:,} mentees"
    if forced == "sparse" or not fits:
        size = f"{rows.size:,} x {max(cols.size, places):,}"
        why = "" if fits or cells == 0 else f", a {size} matrix is too large to solve densely"
        return Method(False, f"{where}: candidate lists with a proven bound{why}")
    if forced == "dense" or places < DENSE_PLACES_PER_MENTEE * rows.size:
        return Method(True, f"{where}: dense assignment on all {cells:,} pairs")
    share = DENSE_SHARE if forced == "auto" else None
    return Method(False, f"{where}: candidate lists with a proven bound", share)


def dense_units(model: ScoreModel, rows: I64, view: ColumnView) -> I32:
    """Score units of every pair, ``out[l, k]`` for mentor ``view.cols[l]`` and mentee
    ``rows[k]`` (mentor-major, the layout the blocks are scored in), ``-1`` where infeasible.

    Scored by the same exact blocks as the candidate scan (so identical units), written
    into one matrix instead of being pruned; at least four blocks, so that both threads of
    :meth:`~.blocks.BlockScorer.map_blocks` have work.
    """
    out = np.full((view.cols.size, rows.size), -1, dtype=np.int32)
    where = np.full(model.n_mentees, -1, dtype=np.int64)
    where[rows] = np.arange(rows.size)

    def one(block_rows: I64, yt: NDArray[np.float32], mentors: I64) -> None:
        y = yt[: mentors.size]
        # to_units, with fewer passes over the block: float64 makes Y * UNIT exact
        units = np.multiply(y, UNIT, dtype=np.float64)
        np.rint(units, out=units)
        np.clip(units, 0.0, float(MAX_UNITS), out=units)
        units[y <= FEASIBLE_MIN] = -1.0
        out[np.ix_(view.pos[mentors], where[block_rows])] = units

    blocks = scorer(model, view)
    blocks.max_rows = int(min(blocks.max_rows, max(8, -(-rows.size // 4))))
    blocks.map_blocks(rows, one)
    return out


def _costs(units_t: I32, slots: I64) -> tuple[F64, float]:
    """``-(M + units)`` on feasible cells, 0 elsewhere: mentee x mentor place, minimised.

    Built mentee-major and already negated, so that ``linear_sum_assignment`` copies
    nothing (it transposes a matrix with more rows than columns, and negates one it is
    asked to maximise).
    """
    big = float(MAX_UNITS + 1) * (units_t.shape[1] + 1)
    one_each = slots.size == units_t.shape[0]  # every capacity is 1 (or cut to 1)
    u = (units_t if one_each else units_t[slots]).T
    return np.where(u >= 0, -(u + big), 0.0), big


def _duals(units_t: I32, big: float, mate: I64, cap: I64) -> tuple[I64, I64]:
    """Mentee duals ``u`` and mentor duals ``v`` of an optimal matching (``mate[k]``: the
    mentor position of mentee ``k``, or -1), by Bellman-Ford on the residual graph.

    The difference constraints are those of :func:`.solvers._duals`: with ``q = -v``,
    ``q_j <= u_i - w_ij`` on every feasible cell, ``u_i = q_mate + w`` on matched cells,
    ``u_i = 0`` for unmatched mentees, ``q_j <= 0``. One sweep recomputes the mentors in
    blocks, each block seeing the mentee potentials its predecessors just lowered. The
    weights are integers: int32 halves the memory traffic while ``M`` leaves room.
    """
    m, n = units_t.shape
    kind = np.int32 if big + MAX_UNITS < 2**29 else np.int64
    never = -(2**30) if kind is np.int32 else -(2**62)  # an infeasible cell binds nothing
    wt = np.where(units_t >= 0, units_t + int(big), never).astype(kind)
    matched = mate >= 0
    safe = np.maximum(mate, 0)
    w_mate = np.where(matched, wt[safe, np.arange(n)], 0)
    q = np.zeros(m, dtype=kind)
    for _ in range(n + m + 2):
        changed = False
        for lo in range(0, m, SWEEP_BLOCK):
            u = np.where(matched, q[safe] + w_mate, 0)
            block = np.minimum((u[None, :] - wt[lo : lo + SWEEP_BLOCK]).min(axis=1), 0)
            if not np.array_equal(block, q[lo : lo + SWEEP_BLOCK]):
                q[lo : lo + SWEEP_BLOCK] = block
                changed = True
        if not changed:
            break
    else:  # pragma: no cover - would mean the matching was not optimal
        raise RuntimeError("dense dual potentials did not converge")
    u = np.where(matched, q[safe] + w_mate, 0).astype(np.int64)
    load = np.bincount(mate[matched], minlength=m)
    v = -q.astype(np.int64)
    if (u < 0).any() or (v[load < cap] > 0).any():  # pragma: no cover
        raise RuntimeError("dense matching is not optimal")
    return u, v


def _optimal_on(units_t: I32, cap: I64) -> tuple[I64, I64]:
    """Optimal (mentee position, mentor position) pairs of a dense mentor-major units
    matrix, with its certificate checked (:func:`_duals` raises if it does not hold)."""
    m, n = units_t.shape
    slots = np.repeat(np.arange(m), np.minimum(cap, n))
    if n == 0 or slots.size == 0:
        e = np.empty(0, np.int64)
        return e, e
    cost, big = _costs(units_t, slots)
    r, s = compiled.lsap()(cost)
    real = cost[r, s] < 0
    del cost
    r, owner = r[real].astype(np.int64), slots[s[real]].astype(np.int64)
    mate = np.full(n, -1, dtype=np.int64)
    mate[r] = owner
    _duals(units_t, big, mate, cap)
    order = np.argsort(r, kind="stable")
    return r[order], owner[order]


def _max_pairs(feasible_t: NDArray[np.bool_], cap: I64) -> int:
    """Largest number of pairs on the feasible cells (Hopcroft-Karp, places expanded)."""
    m, n = feasible_t.shape
    slots = np.repeat(np.arange(m), np.minimum(cap, n))
    if n == 0 or slots.size == 0:
        return 0
    graph = sp.csr_matrix(feasible_t[slots], dtype=np.int8)
    found = compiled.matching().maximum_bipartite_matching(graph, perm_type="column")
    return int((found >= 0).sum())


def _bottleneck(units_t: I32, cap: I64) -> int:
    """The largest ``t`` such that the pairs scoring at least ``t`` still give the most pairs."""
    target = _max_pairs(units_t >= 0, cap)
    levels = np.unique(units_t[units_t >= 0])
    if target == 0 or levels.size == 0:
        return 0
    lo, hi = 0, levels.size - 1  # levels[lo] always reaches the target
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _max_pairs(units_t >= levels[mid], cap) == target:
            lo = mid
        else:
            hi = mid - 1
    return int(levels[lo])


def solve_dense(
    model: ScoreModel, rows: I64, view: ColumnView, capacity: I64, objective: str, method: Method
) -> Assignment:
    """Exact ``optimal`` or ``fair`` on the dense matrix of ``rows x view.cols``.

    The candidates of the result are every feasible pair (no bound is needed: nothing is
    left out), which the blocking-pair count then reads.
    """
    units_t = dense_units(model, rows, view)
    cap = capacity[view.cols]
    cert = Certificate(rounds=1, method="dense", reason=method.reason)
    solve_on = units_t
    if objective == "fair":
        t = _bottleneck(units_t, cap)
        cert.bottleneck = t
        solve_on = np.where(units_t >= t, units_t, -1).astype(np.int32)
    r, c = _optimal_on(solve_on, cap)
    cert.candidate_pairs = int(np.count_nonzero(units_t >= 0))
    units = units_t[c, r].astype(np.int64)
    return Assignment(rows[r], view.cols[c], units, cert, None, units_t)


def all_pairs(model: ScoreModel, rows: I64, view: ColumnView, units_t: I32) -> Candidates:
    """Every feasible pair of a dense units matrix, as candidates with nothing left out."""
    fc, fr = np.nonzero(units_t >= 0)
    return Candidates(
        rows[fr],
        view.cols[fc],
        units_t[fc, fr].astype(np.int64),
        np.full(model.n_mentees, -1, dtype=np.int64),
    )


def dense_blocking_pairs(
    rows: I64, view: ColumnView, capacity: I64, sol: Assignment, units_t: I32
) -> int:
    """:func:`.stable.count_blocking_pairs` on the dense matrix, for programs where nobody
    states a preference (both sides then rank by score, ties by index).

    A feasible unmatched pair blocks when the mentee prefers the mentor to its own (or has
    none) and the mentor has a free place or prefers the mentee to its least wanted one.
    """
    m, n = units_t.shape
    big = np.int64(1 << 21)  # ties by index, as in stable.mentor_keys
    where = np.full(int(rows.max(initial=-1)) + 1, -1, dtype=np.int64)
    where[rows] = np.arange(n)
    col_at = np.full(int(view.cols.max(initial=-1)) + 1, -1, dtype=np.int64)
    col_at[view.cols] = np.arange(m)
    mate = np.full(n, -1, dtype=np.int64)
    mate_u = np.full(n, -1, dtype=np.int64)
    mate[where[sol.rows]] = col_at[sol.cols]
    mate_u[where[sol.rows]] = sol.units
    mentor_id = view.cols.astype(np.int64)
    mentee_id = rows.astype(np.int64)
    # mentee side: key = units, then the lower mentor id (larger is better)
    mentee_key = units_t * big + (big - 1 - mentor_id)[:, None]
    mate_key = np.where(mate >= 0, mate_u * big + (big - 1 - mentor_id[np.maximum(mate, 0)]), -1)
    wants = (units_t >= 0) & (mentee_key > mate_key[None, :])
    del mentee_key
    # mentor side: key = units, then the lower mentee id; worst held, or -1 with room
    mentor_key = units_t * big + (big - 1 - mentee_id)[None, :]
    worst = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
    held = np.flatnonzero(mate >= 0)
    np.minimum.at(worst, mate[held], mentor_key[mate[held], held])
    load = np.bincount(mate[held], minlength=m)
    worst[load < capacity[view.cols]] = -1
    return int(np.count_nonzero(wants & (mentor_key > worst[:, None])))
