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

from . import compiled
from . import scan as scan_module
from .scan import Candidates, scan, scan_rows
from .scoring import ColumnView, ScoreModel

__all__ = ["Assignment", "Certificate", "DenseIsCheaper", "solve_fair", "solve_optimal"]

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
    method: str = "sparse"  # "sparse" (candidates and bounds), "dense" (see .dense)
    reason: str = ""  # why that method, in plain words

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "exact": self.exact,
            "method": self.method,
            "method_reason": self.reason,
            "rounds": self.rounds,
            "candidate_pairs": self.candidate_pairs,
            "rescanned_mentees": self.rescanned_mentees,
        }
        if self.bottleneck is not None:
            out["bottleneck"] = self.bottleneck / 100
        return out


class DenseIsCheaper(Exception):
    """The candidates were about to stop being sparse: the caller solves densely instead."""


@dataclass
class Assignment:
    rows: I64  # mentee index per pair
    cols: I64  # mentor index per pair
    units: I64
    certificate: Certificate = field(default_factory=Certificate)
    candidates: Candidates | None = None
    # the dense path's units, mentor x mentee over the solved part (see .dense)
    dense_units: NDArray[np.int32] | None = None


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
    cover = compiled.matching().maximum_bipartite_matching(
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
                (
                    np.concatenate([er, np.arange(n_r)]),
                    np.concatenate([ec, n_slots + np.arange(n_r)]),
                ),
            ),
            shape=(n_r, n_slots + n_r),
        )
    ri, ci = compiled.matching().min_weight_full_bipartite_matching(graph)
    real = ci < n_slots
    slot_owner = np.repeat(np.arange(c_ids.size), slots)
    chosen_r, chosen_c = ri[real], slot_owner[ci[real]]
    key = r_loc * (1 << 32) + c_loc
    order = np.argsort(key, kind="stable")
    pos = np.searchsorted(key[order], chosen_r * (1 << 32) + chosen_c)
    chosen = order[pos]
    u_loc, v_loc = _duals(
        r_loc,
        c_loc,
        units.astype(np.float64) + M,
        chosen,
        n_r,
        c_ids.size,
        capacity[c_ids],
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
    dense_share: float | None = None,
    reason: str = "",
) -> Assignment:
    """Exact ``optimal`` matching of mentees ``rows`` to the mentors of ``view``.

    ``capacity`` is indexed by mentor; only pairs scoring ``>= min_units`` may be used.
    With ``dense_share``, raises :class:`DenseIsCheaper` instead of a rescan that could
    take the candidates past that share of all ``rows x view.cols`` pairs.
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
        if dense_share is not None:
            reach = cand.rows.size + failing.size * view.cols.size
            if reach > dense_share * rows.size * view.cols.size:
                raise DenseIsCheaper(
                    f"{reason}; then after {cert.rounds} round(s) {failing.size:,} mentees "
                    f"were not yet proven: dense assignment on all pairs"
                )
        # richer lists for the mentees the bound cannot certify yet
        cert.rescanned_mentees += int(failing.size)
        k *= 16
        extra = scan(model, failing, view, k).restrict(min_units)
        before = cand.rows.size
        cand = cand.add(extra.rows, extra.cols, extra.units)
        cand.bound[failing] = np.minimum(cand.bound[failing], extra.bound[failing])
        new_r, new_c, new_u = cand.rows[before:], cand.cols[before:], cand.units[before:]
        # the current matching stays optimal if no new pair has a positive reduced profit
        solved = not bool((new_u - v[new_c] - slack[new_r] > 0).any())
    cert.candidate_pairs = int(cand.rows.size)
    cert.reason = reason
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
    match = compiled.matching().maximum_bipartite_matching(g, perm_type="column")
    return int((match >= 0).sum())


def _cut_side(
    cand: Candidates, threshold: int, capacity: I64, n_mentees: int
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Source side of a minimum cut of the flow network source -> mentee (1) -> mentor
    (unbounded) -> sink (capacity), on the candidate pairs scoring ``>= threshold``.

    The mentees *not* on the source side and the mentors *on* it form a cover of those
    pairs whose weight (1 per mentee, capacity per mentor) equals the maximum number of
    pairs. It stays a cover of the whole problem as long as no pair at or above the
    threshold joins a source-side mentee to a sink-side mentor, which is all that must be
    checked beyond the candidates (König / max-flow min-cut)."""
    keep = cand.units >= threshold
    r, c = cand.rows[keep], cand.cols[keep]
    n_m = capacity.size
    reach_e = np.zeros(n_mentees, dtype=bool)
    reach_m = np.zeros(n_m, dtype=bool)
    source, sink = 0, 1 + n_mentees + n_m
    big = int(min(np.iinfo(np.int32).max // 4, n_mentees + 1))
    ment = np.unique(r)
    mentors = np.unique(c)
    src = np.concatenate([np.zeros(ment.size, np.int64), 1 + r, 1 + n_mentees + mentors])
    dst = np.concatenate([1 + ment, 1 + n_mentees + c, np.full(mentors.size, sink)])
    cap = np.concatenate([np.ones(ment.size), np.full(r.size, big), capacity[mentors]]).astype(
        np.int32
    )
    graph = sp.csr_matrix((cap, (src, dst)), shape=(sink + 1, sink + 1))
    flow = compiled.maximum_flow(graph, source, sink).flow
    from scipy.sparse.csgraph import breadth_first_order  # fair only: its import is slow

    residual = (graph - flow).tocsr()
    residual.data = (residual.data > 0).astype(np.int8)
    residual.eliminate_zeros()
    seen = breadth_first_order(residual, source, directed=True, return_predecessors=False)
    seen = seen[(seen > 0) & (seen < sink)]
    reach_e[seen[seen <= n_mentees] - 1] = True
    reach_m[seen[seen > n_mentees] - 1 - n_mentees] = True
    # a mentee with no candidate at this threshold is reachable (unmatched, uncovered)
    present = np.zeros(n_mentees, dtype=bool)
    present[ment] = True
    reach_e |= ~present
    return reach_e, reach_m


def solve_fair(
    model: ScoreModel,
    rows: I64,
    view: ColumnView,
    capacity: I64,
    k: int | None = None,
    dense_share: float | None = None,
    reason: str = "",
) -> Assignment:
    """Most pairs, then the largest minimum pair score, then the largest total."""
    first = solve_optimal(model, rows, view, capacity, k=k, dense_share=dense_share, reason=reason)
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
        # t + 1 fails on the candidates; prove it fails on every pair (min-cut certificate)
        reach_e, reach_m = _cut_side(cand, t + 1, capacity, model.n_mentees)
        loose = rows[reach_e[rows] & (cand.bound[rows] > t)]
        if loose.size == 0:
            break
        rescanned += int(loose.size)
        fr, fc, fu = scan_rows(model, loose, view, np.full(loose.size, t + 1, dtype=np.int64))
        crossing = ~reach_m[fc]  # edges that would leave the cut: the proof needs them
        if not crossing.any():
            break
        cand = cand.add(fr[crossing], fc[crossing], fu[crossing])
    result = solve_optimal(
        model, rows, view, capacity, cand=cand, min_units=t, dense_share=dense_share, reason=reason
    )
    result.certificate.bottleneck = t
    result.certificate.rounds += first.certificate.rounds
    result.certificate.rescanned_mentees += rescanned
    return result
