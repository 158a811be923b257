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

from .scoring import FEASIBLE_MIN, UNIT, ColumnView, ScoreModel, to_units

__all__ = ["Candidates", "scan", "scan_rows"]

GROUP = 16
BLOCK_ELEMENTS = 1 << 23  # float32 pairs per block (32 MB)
DEFAULT_K = 16  # group maxima kept per mentee
TIE_CAP = 4  # at most TIE_CAP * k candidates per mentee that merely tie the threshold

I64 = NDArray[np.int64]


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


def _block_rows(n_cols: int) -> int:
    return int(max(8, min(4096, BLOCK_ELEMENTS // max(1, n_cols))))


def scan(model: ScoreModel, rows: I64, view: ColumnView, k: int | None = None) -> Candidates:
    """Candidates for mentees ``rows`` among the mentors of ``view``.

    With few mentors (``<= GROUP * k``) every feasible pair is a candidate.
    """
    k = DEFAULT_K if k is None else k
    n_cols = view.cols.size
    bound = np.full(model.n_mentees, -1, dtype=np.int64)
    if rows.size == 0 or n_cols == 0:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, empty, bound)
    if n_cols <= GROUP * k:
        r, c, u = scan_rows(model, rows, view, np.zeros(rows.size, dtype=np.int64))
        return Candidates(r, c, u, bound)
    n_groups = -(-n_cols // GROUP)
    width = n_groups * GROUP
    step = _block_rows(width)
    buf = np.empty((step, width), dtype=np.float32)
    out_r, out_c, out_u = [], [], []
    for lo in range(0, rows.size, step):
        block_rows = rows[lo : lo + step]
        b = block_rows.size
        y = buf[:b]
        model.block(block_rows, view, out=y[:, :n_cols])
        y[:, n_cols:] = -np.inf
        y3 = y.reshape(b, GROUP, n_groups)
        gmax = y3.max(axis=1)
        kth = np.partition(gmax, n_groups - k, axis=1)[:, n_groups - k]
        thr = np.maximum(kth, np.float32(FEASIBLE_MIN))
        gr, gc = np.nonzero(gmax >= thr[:, None])
        vals = y3[gr[:, None], np.arange(GROUP)[None, :], gc[:, None]]
        keep = vals >= thr[gr][:, None]
        er, ea = np.nonzero(keep)
        r_loc = gr[er]
        col_loc = ea * n_groups + gc[er]
        v = vals[er, ea]
        feasible = v > FEASIBLE_MIN
        r_loc, col_loc, v = r_loc[feasible], col_loc[feasible], v[feasible]
        r_loc, col_loc, v = _cap_ties(r_loc, col_loc, v, thr, TIE_CAP * k)
        out_r.append(block_rows[r_loc])
        out_c.append(view.cols[col_loc])
        out_u.append(to_units(v))
        has_rest = kth > FEASIBLE_MIN
        bound[block_rows[has_rest]] = to_units(thr[has_rest])
    return Candidates(np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_u), bound)


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

    With ``reduced=(u_rows, v_cols)`` only pairs whose reduced profit
    ``units - v[col] - u[row]`` is positive are returned (``v`` indexed like ``view.cols``).
    """
    out_r, out_c, out_u = [], [], []
    step = _block_rows(view.cols.size)
    buf = np.empty((min(step, max(1, rows.size)), view.cols.size), dtype=np.float32)
    for lo in range(0, rows.size, step):
        block_rows = rows[lo : lo + step]
        y = model.block(block_rows, view, out=buf)
        # a loose Y cut first, then the exact unit test on the few survivors
        cut = (min_units[lo : lo + step].astype(np.float64) - 1.0) / UNIT
        cut = np.maximum(cut, FEASIBLE_MIN).astype(np.float32)
        r_loc, c_loc = np.nonzero(y > cut[:, None])
        u = to_units(y[r_loc, c_loc])
        ok = u >= min_units[lo : lo + step][r_loc]
        if reduced is not None:
            u_rows, v_cols = reduced
            ok &= u - v_cols[c_loc] - u_rows[lo : lo + step][r_loc] > 0
        out_r.append(block_rows[r_loc[ok]])
        out_c.append(view.cols[c_loc[ok]])
        out_u.append(u[ok])
    if not out_r:
        e = np.empty(0, dtype=np.int64)
        return e, e, e
    return np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_u)


def row_bound_after(model: ScoreModel, rows: I64, view: ColumnView, cand: Candidates) -> I64:
    """Exact maximum units over non-candidate feasible pairs of each mentee in ``rows``."""
    member = np.zeros(0, dtype=np.int64)
    if cand.rows.size:
        member = cand.rows * (1 << 32) + cand.cols
        member.sort()
    out = np.full(rows.size, -1, dtype=np.int64)
    step = _block_rows(view.cols.size)
    for lo in range(0, rows.size, step):
        block_rows = rows[lo : lo + step]
        y = model.block(block_rows, view)
        r_loc, c_loc = np.nonzero(y > FEASIBLE_MIN)
        key = block_rows[r_loc] * (1 << 32) + view.cols[c_loc]
        outside = ~np.isin(key, member, assume_unique=False)
        u = to_units(y[r_loc[outside], c_loc[outside]])
        np.maximum.at(out[lo : lo + step], r_loc[outside], u)
    return out
