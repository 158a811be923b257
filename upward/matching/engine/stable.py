"""Deferred acceptance (mentee-proposing, mentor capacities) and blocking pairs.

Both sides rank the other the same way: their stated ``preferences`` first, in order, then
every other feasible partner by score (highest first), ties by id. Only feasible pairs are
acceptable. A mentee's list is read lazily from the candidates: the entries scoring above
the mentee's candidate bound are exactly the head of the full list; if a mentee runs past
them, its whole row is scored once.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from . import scan as scan_module
from .scan import Candidates, scan_rows
from .scoring import ColumnView, ScoreModel
from .solvers import Assignment, Certificate

__all__ = ["count_blocking_pairs", "solve_stable"]

I64 = NDArray[np.int64]
_STATED = 1 << 40
_ID_BITS = 1 << 21


def _stated_lists(
    model: ScoreModel, rows: I64, view: ColumnView
) -> dict[int, list[tuple[int, int]]]:
    """Each mentee's feasible stated mentors (in order) with their units."""
    p = model.problem
    index = p.mentor_index()
    pairs = [(int(i), index[q]) for i in rows for q in p.mentees[int(i)].preferences]
    out: dict[int, list[tuple[int, int]]] = {int(i): [] for i in rows}
    if not pairs:
        return out
    r = np.array([a for a, _ in pairs], dtype=np.int64)
    c = np.array([b for _, b in pairs], dtype=np.int64)
    units, feasible = model.pair_units(r, c)
    ok = feasible & (view.pos[c] >= 0)
    for a, b, u, good in zip(r.tolist(), c.tolist(), units.tolist(), ok.tolist(), strict=True):
        if good:
            out[a].append((b, u))
    return out


def _mentor_ranks(model: ScoreModel) -> sp.csr_matrix:
    """mentor x mentee matrix of ``1 + rank`` of each stated preference of a mentor."""
    p = model.problem
    index = p.mentee_index()
    r, c, v = [], [], []
    for j, person in enumerate(p.mentors):
        for rank, q in enumerate(person.preferences):
            r.append(j)
            c.append(index[q])
            v.append(rank + 1)
    return sp.csr_matrix(
        (np.array(v, dtype=np.int64), (np.array(r, dtype=np.int64), np.array(c, dtype=np.int64))),
        shape=(p.n_mentors, p.n_mentees),
    )


def mentor_keys(ranks: sp.csr_matrix, mentors: I64, mentees: I64, units: I64) -> I64:
    """How much each mentor wants each mentee: larger is better, unique per mentor."""
    if mentors.size == 0:
        return np.empty(0, dtype=np.int64)
    dense = units * _ID_BITS + (_ID_BITS - 1 - mentees)
    if ranks.nnz == 0:  # nobody states a preference: skip a sparse lookup per pair
        return dense
    stated = np.asarray(ranks[mentors, mentees]).ravel().astype(np.int64)
    return np.where(stated > 0, _STATED - stated, dense)


class _Lists:
    """Mentees' preference lists, read lazily: stated mentors first, then the candidates
    above the mentee's bound (exactly the head of its full list), longer on demand."""

    def __init__(
        self,
        model: ScoreModel,
        view: ColumnView,
        cand: Candidates,
        stated: dict[int, list[tuple[int, int]]],
        ranks: sp.csr_matrix,
    ) -> None:
        self.model, self.view, self.cand, self.stated, self.ranks = model, view, cand, stated, ranks
        self.lists: dict[int, list[tuple[int, int, int]]] = {}
        self.complete: dict[int, bool] = {}
        self.k: dict[int, int] = {}
        self._index(cand)

    def _index(self, cand: Candidates) -> None:
        order = np.lexsort((cand.cols, -cand.units, cand.rows))
        self.r, self.c, self.u = cand.rows[order], cand.cols[order], cand.units[order]

    def get(self, i: int) -> list[tuple[int, int, int]]:
        if i not in self.lists:
            lo, hi = np.searchsorted(self.r, [i, i + 1])
            c, u = self.c[lo:hi], self.u[lo:hi]
            bound = int(self.cand.bound[i])
            safe = u > bound
            self._set(i, c[safe], u[safe], complete=bound < 0)
        return self.lists[i]

    def extend(self, mentees: list[int]) -> None:
        """Longer lists for mentees who ran out: four times as many groups, in one scan."""
        rows = np.array(sorted(mentees), dtype=np.int64)
        k = max(self.k.get(i, scan_module.DEFAULT_K) for i in mentees) * 4
        extra = scan_module.scan(self.model, rows, self.view, k)
        self.cand = self.cand.add(extra.rows, extra.cols, extra.units)
        self.cand.bound[rows] = np.minimum(self.cand.bound[rows], extra.bound[rows])
        self._index(self.cand)
        for i in mentees:
            self.k[i] = k
            del self.lists[i]

    def _set(self, i: int, c: I64, u: I64, complete: bool) -> None:
        head = self.stated.get(i, [])
        named = {j for j, _ in head}
        pairs = head + [
            (j, x) for j, x in zip(c.tolist(), u.tolist(), strict=True) if j not in named
        ]
        js = np.array([j for j, _ in pairs], dtype=np.int64)
        us = np.array([x for _, x in pairs], dtype=np.int64)
        keys = mentor_keys(self.ranks, js, np.full(js.size, i, dtype=np.int64), us).tolist()
        self.lists[i] = [(j, x, key) for (j, x), key in zip(pairs, keys, strict=True)]
        self.complete[i] = complete


def solve_stable(
    model: ScoreModel, rows: I64, view: ColumnView, capacity: I64, cand: Candidates
) -> Assignment:
    """Mentee-optimal stable matching by deferred acceptance."""
    ranks = _mentor_ranks(model)
    lists = _Lists(model, view, cand, _stated_lists(model, rows, view), ranks)
    held: dict[int, list[tuple[int, int, int]]] = {}
    ptr = dict.fromkeys(rows.tolist(), 0)
    free = deque(sorted(rows.tolist()))
    while free:
        waiting: list[int] = []
        while free:
            i = free.popleft()
            lst = lists.get(i)
            while ptr[i] < len(lst):
                j, u, key = lst[ptr[i]]
                ptr[i] += 1
                if capacity[j] <= 0:
                    continue
                heap = held.setdefault(j, [])
                if len(heap) < capacity[j]:
                    heapq.heappush(heap, (key, i, u))
                    break
                if key > heap[0][0]:
                    _, out, _ = heapq.heapreplace(heap, (key, i, u))
                    free.append(out)
                    break
            else:
                if not lists.complete[i]:
                    waiting.append(i)
        if waiting:  # proposal order does not change the mentee-optimal result
            lists.extend(waiting)
            free.extend(sorted(waiting))
    triples = sorted((i, j, u) for j, heap in held.items() for _, i, u in heap)
    arr = np.array(triples, dtype=np.int64).reshape(-1, 3)
    cert = Certificate(candidate_pairs=int(lists.cand.rows.size))
    return Assignment(arr[:, 0], arr[:, 1], arr[:, 2], cert, lists.cand)


def _stated_arrays(model: ScoreModel, rows: I64, view: ColumnView) -> tuple[I64, I64, I64, I64]:
    """Feasible stated preferences of ``rows``: mentee, mentor, units, rank."""
    lists = _stated_lists(model, rows, view)
    r = [i for i, lst in lists.items() for _ in lst]
    c = [j for lst in lists.values() for j, _ in lst]
    u = [x for lst in lists.values() for _, x in lst]
    k = [n for lst in lists.values() for n in range(len(lst))]
    return tuple(np.array(a, dtype=np.int64) for a in (r, c, u, k))  # type: ignore[return-value]


def count_blocking_pairs(
    model: ScoreModel,
    rows: I64,
    view: ColumnView,
    capacity: I64,
    result: Assignment,
    cand: Candidates,
) -> int:
    """Feasible unmatched pairs (i, j) where mentee i prefers j to its mentor (or has none)
    and mentor j has a free place or prefers i to its least wanted mentee.

    ``rows``/``view``/``capacity`` describe the free part of the problem (fixed pairs are
    outside it); ``cand`` supplies known scores, anything else is rescanned exactly.
    """
    n = model.n_mentees
    mate = np.full(n, -1, dtype=np.int64)
    mate_u = np.full(n, -1, dtype=np.int64)
    mate[result.rows] = result.cols
    mate_u[result.rows] = result.units
    sr, sc, su, srank = _stated_arrays(model, rows, view)
    mate_rank = np.full(n, -1, dtype=np.int64)
    hit = sc == mate[sr]
    mate_rank[sr[hit]] = srank[hit]
    # stated mentors beat everyone not stated; among themselves, the stated order counts
    keep = ~hit & ((mate_rank[sr] < 0) | (srank < mate_rank[sr]))
    found_r, found_c, found_u = [sr[keep]], [sc[keep]], [su[keep]]
    stated_keys = sr * (1 << 32) + sc
    dense = rows[mate_rank[rows] < 0]
    unsure = (mate[dense] < 0) | (cand.bound[dense] >= mate_u[dense])
    known = np.zeros(n, dtype=bool)
    known[dense[~unsure]] = True
    cr, cc, cu = cand.rows, cand.cols, cand.units
    use = known[cr]
    cr, cc, cu = cr[use], cc[use], cu[use]
    better = (cu > mate_u[cr]) | ((cu == mate_u[cr]) & (cc < mate[cr]))
    better &= ~np.isin(cr * (1 << 32) + cc, stated_keys)
    found_r.append(cr[better])
    found_c.append(cc[better])
    found_u.append(cu[better])
    rescan = dense[unsure]
    if rescan.size:
        r, c, u = scan_rows(model, rescan, view, np.maximum(mate_u[rescan], 0))
        m, mu = mate[r], mate_u[r]
        better = (m < 0) | (u > mu) | ((u == mu) & (c < m))
        better &= ~np.isin(r * (1 << 32) + c, stated_keys) & (c != m)
        found_r.append(r[better])
        found_c.append(c[better])
        found_u.append(u[better])
    r, c, u = np.concatenate(found_r), np.concatenate(found_c), np.concatenate(found_u)
    ok = capacity[c] > 0
    r, c, u = r[ok], c[ok], u[ok]
    ranks = _mentor_ranks(model)
    load = np.bincount(result.cols, minlength=model.n_mentors)
    worst = np.full(model.n_mentors, np.iinfo(np.int64).max, dtype=np.int64)
    if result.rows.size:
        np.minimum.at(
            worst, result.cols, mentor_keys(ranks, result.cols, result.rows, result.units)
        )
    worst[load < capacity] = np.iinfo(np.int64).min
    return int((mentor_keys(ranks, c, r, u) > worst[c]).sum())
