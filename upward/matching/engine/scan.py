"""Candidate pairs: each mentee's best mentors, with a proven bound on all the others.

A full block of exact scores (mentees x mentors) is computed at a time and never kept.
Per mentee the columns are cut into ``GROUP`` interleaved groups; the ``k``-th largest group
maximum ``t`` is a lower bound on the ``k``-th best score, every pair scoring at least ``t``
in those groups becomes a candidate, and every other pair scores *below* ``t``. That bound
(in score units) is what the solvers compare with their LP duals to prove that the
candidates contain an optimal matching (see :mod:`.solvers`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .blocks import BlockScorer, SortedColumns, sorted_columns
from .scoring import FEASIBLE_MIN, UNIT, ColumnView, ScoreModel, to_units

__all__ = ["Candidates", "scan", "scan_rows", "scorer"]

GROUP = 16
DEFAULT_K = 16  # group maxima kept per mentee
TIE_CAP = 4  # at most TIE_CAP * k candidates per mentee that merely tie the threshold

I64 = NDArray[np.int64]
F32 = NDArray[np.float32]


@dataclass
class Candidates:
    """Candidate pairs and, per mentee, an upper bound on every other feasible pair.

    ``bound[i]`` is the largest score (units) any non-candidate pair of mentee ``i`` can
    have, or ``-1`` when every feasible pair of ``i`` is a candidate.
    """

    rows: I64
    cols: I64
    units: I64
    bound: I64

    def add(self, rows: I64, cols: I64, units: I64) -> Candidates:
        key = self.rows * (1 << 32) + self.cols
        new_key = rows * (1 << 32) + cols
        fresh = ~np.isin(new_key, key)
        return Candidates(
            np.concatenate([self.rows, rows[fresh]]),
            np.concatenate([self.cols, cols[fresh]]),
            np.concatenate([self.units, units[fresh]]),
            self.bound,
        )

    def restrict(self, min_units: int) -> Candidates:
        keep = self.units >= min_units
        bound = np.where(self.bound >= min_units, self.bound, -1)
        return Candidates(self.rows[keep], self.cols[keep], self.units[keep], bound)


def scorer(model: ScoreModel, view: ColumnView, pad: int = 1) -> BlockScorer:
    """A block scorer over the view's mentors, sorted once per view and reused."""
    columns = view.cache.get("sorted")
    if not isinstance(columns, SortedColumns):
        columns = view.cache["sorted"] = sorted_columns(model, view)
    return BlockScorer(model, columns, pad)


def scan(model: ScoreModel, rows: I64, view: ColumnView, k: int | None = None) -> Candidates:
    """Candidates for mentees ``rows`` among the mentors of ``view``.

    A block whose mentors (after the level and time-zone ranges) number at most
    ``GROUP * k`` keeps every feasible pair.
    """
    k = DEFAULT_K if k is None else k
    group = GROUP

    def one(block_rows: I64, yt: F32, mentors: I64) -> tuple[I64, I64, I64, I64, I64]:
        n_lines, b = yt.shape
        if mentors.size <= group * k:
            c_loc, r_loc = np.nonzero(yt[: mentors.size] > FEASIBLE_MIN)
            empty = np.empty(0, dtype=np.int64)
            return block_rows[r_loc], mentors[c_loc], to_units(yt[c_loc, r_loc]), empty, empty
        n_groups = n_lines // group
        y3 = yt.reshape(group, n_groups, b)
        gmax = y3.max(axis=0)
        kth = np.partition(gmax, n_groups - k, axis=0)[n_groups - k]
        thr = np.maximum(kth, np.float32(FEASIBLE_MIN))
        gc, gr = np.nonzero(gmax >= thr[None, :])
        vals = y3[:, gc, gr]
        ea, es = np.nonzero(vals >= thr[gr][None, :])
        r_loc = gr[es]
        line = ea * n_groups + gc[es]
        v = vals[ea, es]
        feasible = v > FEASIBLE_MIN
        r_loc, line, v = _cap_ties(r_loc[feasible], line[feasible], v[feasible], thr, TIE_CAP * k)
        has_rest = kth > FEASIBLE_MIN
        return (
            block_rows[r_loc],
            mentors[line],
            to_units(v),
            block_rows[has_rest],
            to_units(thr[has_rest]),
        )

    bound = np.full(model.n_mentees, -1, dtype=np.int64)
    parts = scorer(model, view, group).map_blocks(rows, one)
    for *_, b_rows, b_vals in parts:
        bound[b_rows] = b_vals
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, empty, bound)
    r, c, u = (np.concatenate([p[n] for p in parts]) for n in range(3))
    return Candidates(r, c, u, bound)


def _cap_ties(
    r: I64, c: I64, v: NDArray[np.float32], thr: NDArray[np.float32], cap: int
) -> tuple[I64, I64, NDArray[np.float32]]:
    """Keep every pair above the row threshold, and at most ``cap`` per row that equal it
    (lowest mentor index first): a flat score landscape must not flood the solver."""
    at = v == thr[r]
    if not at.any():
        return r, c, v
    order = np.lexsort((c, at, r))  # per row: strictly-above first, then ties by column
    r, c, v, at = r[order], c[order], v[order], at[order]
    starts = np.searchsorted(r, r, side="left")
    rank = np.arange(r.size) - starts
    keep = ~at | (rank < cap)
    return r[keep], c[keep], v[keep]


def scan_rows(
    model: ScoreModel,
    rows: I64,
    view: ColumnView,
    min_units: I64,
    reduced: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None,
) -> tuple[I64, I64, I64]:
    """Every feasible pair of mentees ``rows`` with ``units >= min_units[row]``.

    With ``reduced=(u_rows, v)`` only pairs whose reduced profit ``units - v[mentor] -
    u[row]`` is positive are returned (``u_rows`` aligned with ``rows``, ``v`` indexed by
    mentor).
    """
    where = np.full(model.n_mentees, -1, dtype=np.int64)
    where[rows] = np.arange(rows.size)

    def one(block_rows: I64, yt: F32, mentors: I64) -> tuple[I64, I64, I64]:
        k = where[block_rows]
        # a loose Y cut first, then the exact unit test on the few survivors
        cut = np.maximum((min_units[k].astype(np.float64) - 1.0) / UNIT, FEASIBLE_MIN)
        c_loc, r_loc = np.nonzero(yt > cut.astype(np.float32)[None, :])
        u = to_units(yt[c_loc, r_loc])
        ok = u >= min_units[k[r_loc]]
        if reduced is not None:
            u_rows, v = reduced
            ok &= u - v[mentors[c_loc]] - u_rows[k[r_loc]] > 0
        return block_rows[r_loc[ok]], mentors[c_loc[ok]], u[ok]

    parts = scorer(model, view).map_blocks(rows, one)
    if not parts:
        e = np.empty(0, dtype=np.int64)
        return e, e, e
    r, c, u = (np.concatenate([p[n] for p in parts]) for n in range(3))
    return r, c, u
