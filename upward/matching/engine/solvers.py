"""Exact solvers on a candidate graph, with an LP-duality certificate for the rest.

``optimal`` is the b-matching LP ``max sum (M + s_ij) x_ij`` subject to one mentor per
mentee and ``c_j`` mentees per mentor; ``M = 10001 * (n + 1)`` makes cardinality come
first. It is solved on the candidates by LAPJVsp (``min_weight_full_bipartite_matching``,
mentor slots expanded, one dummy column per mentee meaning "unmatched"); duals ``u, v >= 0``
are then recovered as shortest-path potentials of the residual graph. Weak duality: if
``u_i + v_j >= M + s_ij`` also holds for every *non-candidate* feasible pair, the candidate
optimum is optimal for the whole problem. Since ``v >= 0``, ``u_i >= M + bound_i`` proves it
for all of a mentee's non-candidates at once; the few mentees where it does not are
rescanned exactly and any violating pair joins the candidates (column generation) until
the certificate holds. ``fair`` and ``stable`` reuse the same candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from . import scan as scan_module
from .scan import Candidates, scan, scan_rows
from .scoring import ColumnView, ScoreModel

__all__ = ["Assignment", "Certificate", "solve_fair", "solve_optimal"]

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
MAX_UNITS = 10000


@dataclass
class Certificate:
    """How exactness was established (reported in the summary)."""

    exact: bool = True
    rounds: int = 0
    candidate_pairs: int = 0
    rescanned_mentees: int = 0
    bottleneck: int | None = None  # fair: the proven largest minimum score (units)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "exact": self.exact,
            "rounds": self.rounds,
            "candidate_pairs": self.candidate_pairs,
            "rescanned_mentees": self.rescanned_mentees,
        }
        if self.bottleneck is not None:
            out["bottleneck"] = self.bottleneck / 100
        return out


@dataclass
class Assignment:
    rows: I64  # mentee index per pair
    cols: I64  # mentor index per pair
    units: I64
    certificate: Certificate = field(default_factory=Certificate)
    candidates: Candidates | None = None


def _weighted_matching(
    rows: I64, cols: I64, units: I64, capacity: I64, n_mentees: int
) -> tuple[I64, F64, F64, float]:
    """Max ``sum(M + units)`` b-matching on the given edges (mentees take one mentor).

    Returns the chosen edge indices, mentee duals ``u`` and mentor duals ``v`` (indexed by
    global mentee / mentor index, 0 where absent) and ``M``.
    """
    M = float(MAX_UNITS + 1) * (np.unique(rows).size + 1)
    u_full, v_full = np.zeros(n_mentees), np.zeros(capacity.size)
    if rows.size == 0:
        return np.empty(0, np.int64), u_full, v_full, M
    r_ids, r_loc = np.unique(rows, return_inverse=True)
    c_ids, c_loc = np.unique(cols, return_inverse=True)
    deg = np.bincount(c_loc, minlength=c_ids.size)
    slots = np.minimum(capacity[c_ids], deg)
    slot_start = np.concatenate([[0], np.cumsum(slots)])
    n_slots = int(slot_start[-1])
    rep = slots[c_loc]
    e_idx = np.repeat(np.arange(rows.size), rep)
    offset = np.arange(e_idx.size) - np.repeat(np.cumsum(rep) - rep, rep)
    er = r_loc[e_idx]
    ec = slot_start[c_loc[e_idx]] + offset
    cost = (MAX_UNITS + 1.0) - units[e_idx]
    n_r = r_ids.size
    shape = (n_r, n_slots)
    cover = maximum_bipartite_matching(
        sp.csr_matrix((np.ones(er.size, np.int8), (er, ec)), shape=shape), perm_type="column"
    )
    if (cover >= 0).all():
        # every mentee can be matched: no "unmatched" columns needed (twice as fast), the
        # LP has equality rows and free mentee duals; cardinality is already maximal
        M = 0.0
        graph = sp.csr_matrix((cost, (er, ec)), shape=shape)
    else:
        graph = sp.csr_matrix(
            (
                np.concatenate([cost, np.full(n_r, MAX_UNITS + 1.0 + M)]),
                (np.concatenate([er, np.arange(n_r)]), np.concatenate([ec, n_slots + np.arange(n_r)])),
            ),
            shape=(n_r, n_slots + n_r),
        )
    ri, ci = min_weight_full_bipartite_matching(graph)
    real = ci < n_slots
    slot_owner = np.repeat(np.arange(c_ids.size), slots)
    chosen_r, chosen_c = ri[real], slot_owner[ci[real]]
    key = r_loc * (1 << 32) + c_loc
    order = np.argsort(key, kind="stable")
    pos = np.searchsorted(key[order], chosen_r * (1 << 32) + chosen_c)
    chosen = order[pos]
    u_loc, v_loc = _duals(
        r_loc, c_loc, units.astype(np.float64) + M, chosen, n_r, c_ids.size, capacity[c_ids],
        free_rows=M == 0.0,
    )
    u_full[r_ids] = u_loc
    v_full[c_ids] = v_loc
    return chosen, u_full, v_full, M


def _duals(
    r: I64, c: I64, w: F64, chosen: I64, n_r: int, n_c: int, cap: I64, free_rows: bool = False
) -> tuple[F64, F64]:
    """Dual potentials of an optimal matching by Bellman-Ford on the residual graph.

    With ``p = u`` and ``q = -v`` the dual constraints are difference constraints:
    ``q_j <= p_i - w_ij`` (every edge), ``p_i <= q_j + w_ij`` (matched edges), ``p_i = 0``
    for unmatched mentees, ``q_j <= 0``, and ``q_j = 0`` for mentors with a free slot.
    Shortest distances from a root satisfy all of them; the iteration alternates the two
    edge directions, vectorised, until nothing changes.
    """
    mate = np.full(n_r, -1, dtype=np.int64)
    w_mate = np.zeros(n_r)
    mate[r[chosen]] = c[chosen]
    w_mate[r[chosen]] = w[chosen]
    matched = mate >= 0
    load = np.bincount(c[chosen], minlength=n_c)
    order = np.argsort(c, kind="stable")
    rs, cs, ws = r[order], c[order], w[order]
    starts = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]]) if cs.size else np.empty(0, np.int64)
    q = np.zeros(n_c)
    p = np.zeros(n_r)
    for _ in range(n_r + n_c + 2):
        p = np.where(matched, q[np.maximum(mate, 0)] + w_mate, 0.0)
        cand = p[rs] - ws
        q_new = np.zeros(n_c)
        if cs.size:
            q_new[cs[starts]] = np.minimum.reduceat(cand, starts)
        q_new = np.minimum(q_new, 0.0)
        if np.array_equal(q_new, q):
            break
        q = q_new
    else:  # pragma: no cover - would mean the matching was not optimal
        raise RuntimeError("dual potentials did not converge")
    v = -q
    if (not free_rows and (p < -1e-6).any()) or (v[load < cap] > 1e-6).any():  # pragma: no cover
        raise RuntimeError("matching is not optimal on its candidate graph")
    return p, v


def solve_optimal(
    model: ScoreModel,
    rows: I64,
    view: ColumnView,
    capacity: I64,
    cand: Candidates | None = None,
    min_units: int = 0,
    k: int | None = None,
) -> Assignment:
    """Exact ``optimal`` matching of mentees ``rows`` to the mentors of ``view``.

    ``capacity`` is indexed by mentor; only pairs scoring ``>= min_units`` may be used.
    """
    cert = Certificate()
    k = scan_module.DEFAULT_K if k is None else k
    if cand is None:
        cand = scan(model, rows, view, k)
    cand = cand.restrict(min_units)
    solved = False
    while True:
        if not solved:
            cert.rounds += 1
            chosen, u, v, M = _weighted_matching(
                cand.rows, cand.cols, cand.units, capacity, model.n_mentees
            )
            # a mentee's non-candidates scoring <= slack are certified (v >= 0); a mentee
            # without candidates has no dual: only "no feasible pair at all" certifies it
            present = np.zeros(model.n_mentees, dtype=bool)
            present[cand.rows] = True
            slack = np.where(present, u - M, -np.inf)
        failing = rows[(cand.bound[rows] >= 0) & (cand.bound[rows] > slack[rows])]
        if failing.size == 0:
            break
        # richer lists for the mentees the bound cannot certify yet
        cert.rescanned_mentees += int(failing.size)
        k *= 4
        extra = scan(model, failing, view, k).restrict(min_units)
        before = cand.rows.size
        cand = cand.add(extra.rows, extra.cols, extra.units)
        cand.bound[failing] = np.minimum(cand.bound[failing], extra.bound[failing])
        new_r, new_c, new_u = cand.rows[before:], cand.cols[before:], cand.units[before:]
        # the current matching stays optimal if no new pair has a positive reduced profit
        solved = not bool((new_u - v[new_c] - slack[new_r] > 0).any())
    cert.candidate_pairs = int(cand.rows.size)
    return Assignment(cand.rows[chosen], cand.cols[chosen], cand.units[chosen], cert, cand)


def _max_cardinality(rows: I64, cols: I64, capacity: I64) -> int:
    if rows.size == 0:
        return 0
    r_ids, r_loc = np.unique(rows, return_inverse=True)
    c_ids, c_loc = np.unique(cols, return_inverse=True)
    slots = np.minimum(capacity[c_ids], np.bincount(c_loc, minlength=c_ids.size))
    start = np.concatenate([[0], np.cumsum(slots)])
    rep = slots[c_loc]
    e = np.repeat(np.arange(rows.size), rep)
    off = np.arange(e.size) - np.repeat(np.cumsum(rep) - rep, rep)
    g = sp.csr_matrix(
        (np.ones(e.size, dtype=np.int8), (r_loc[e], start[c_loc[e]] + off)),
        shape=(r_ids.size, max(1, int(start[-1]))),
    )
    match = maximum_bipartite_matching(g, perm_type="column")
    return int((match >= 0).sum())


def solve_fair(
    model: ScoreModel, rows: I64, view: ColumnView, capacity: I64, k: int | None = None
) -> Assignment:
    """Most pairs, then the largest minimum pair score, then the largest total."""
    first = solve_optimal(model, rows, view, capacity, k=k)
    assert first.candidates is not None
    cand = first.candidates
    target = first.rows.size
    if target == 0:
        return first
    rescanned = first.certificate.rescanned_mentees
    while True:
        levels = np.unique(cand.units)
        lo, hi = 0, levels.size - 1  # levels[lo] always reaches the target
        while lo < hi:
            mid = (lo + hi + 1) // 2
            keep = cand.units >= levels[mid]
            if _max_cardinality(cand.rows[keep], cand.cols[keep], capacity) == target:
                lo = mid
            else:
                hi = mid - 1
        t = int(levels[lo])
        # pairs outside the candidates could still beat t: fetch them, then search again
        loose = rows[cand.bound[rows] > t]
        if loose.size == 0:
            break
        rescanned += int(loose.size)
        fr, fc, fu = scan_rows(model, loose, view, np.full(loose.size, t + 1, dtype=np.int64))
        cand = cand.add(fr, fc, fu)
        cand.bound[loose] = np.minimum(cand.bound[loose], t)
    result = solve_optimal(model, rows, view, capacity, cand=cand, min_units=t)
    result.certificate.bottleneck = t
    result.certificate.rounds += first.certificate.rounds
    result.certificate.rescanned_mentees += rescanned
    return result
