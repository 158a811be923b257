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
    stated = np.asarray(ranks[mentors, mentees]).ravel().astype(np.int64)
    dense = units * _ID_BITS + (_ID_BITS - 1 - mentees)
    return np.where(stated > 0, _STATED - stated, dense)


class _Lists:
    """Lazily built preference lists of the mentees."""

    def __init__(
        self,
        model: ScoreModel,
        view: ColumnView,
        cand: Candidates,
        stated: dict[int, list[tuple[int, int]]],
    ):
        self.model, self.view, self.cand, self.stated = model, view, cand, stated
        order = np.lexsort((cand.cols, -cand.units, cand.rows))
        self.r, self.c, self.u = cand.rows[order], cand.cols[order], cand.units[order]
        self.lists: dict[int, list[tuple[int, int]]] = {}
        self.complete: dict[int, bool] = {}

    def get(self, i: int) -> list[tuple[int, int]]:
        if i not in self.lists:
            lo, hi = np.searchsorted(self.r, [i, i + 1])
            c, u = self.c[lo:hi], self.u[lo:hi]
            bound = int(self.cand.bound[i])
            safe = u > bound
            self._set(i, c[safe], u[safe], complete=bound < 0)
        return self.lists[i]

    def extend(self, i: int) -> bool:
        if self.complete.get(i, True):
            return False
        _, c, u = scan_rows(self.model, np.array([i]), self.view, np.zeros(1, dtype=np.int64))
        order = np.lexsort((c, -u))
        self._set(i, c[order], u[order], complete=True)
        return True

    def _set(self, i: int, c: I64, u: I64, complete: bool) -> None:
        head = self.stated.get(i, [])
        named = {j for j, _ in head}
        rest = [(j, x) for j, x in zip(c.tolist(), u.tolist(), strict=True) if j not in named]
        self.lists[i] = head + rest
        self.complete[i] = complete


def solve_stable(
    model: ScoreModel, rows: I64, view: ColumnView, capacity: I64, cand: Candidates
) -> Assignment:
    """Mentee-optimal stable matching by deferred acceptance."""
    lists = _Lists(model, view, cand, _stated_lists(model, rows, view))
    ranks = _mentor_ranks(model)
    held: dict[int, list[tuple[int, int, int]]] = {}
    ptr = dict.fromkeys(rows.tolist(), 0)
    free = deque(sorted(rows.tolist()))
    while free:
        i = free.popleft()
        while True:
            lst = lists.get(i)
            if ptr[i] >= len(lst):
                if lists.extend(i):
                    continue
                break
            j, u = lst[ptr[i]]
            ptr[i] += 1
            if capacity[j] <= 0:
                continue
            key = int(mentor_keys(ranks, np.array([j]), np.array([i]), np.array([u]))[0])
            heap = held.setdefault(j, [])
            if len(heap) < capacity[j]:
                heapq.heappush(heap, (key, i, u))
                break
            if key > heap[0][0]:
                _, out, _ = heapq.heapreplace(heap, (key, i, u))
                free.append(out)
                break
    triples = sorted((i, j, u) for j, heap in held.items() for _, i, u in heap)
    arr = np.array(triples, dtype=np.int64).reshape(-1, 3)
    cert = Certificate(candidate_pairs=int(cand.rows.size))
    return Assignment(arr[:, 0], arr[:, 1], arr[:, 2], cert, cand)


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
    stated = _stated_lists(model, rows, view)
    ranks = _mentor_ranks(model)
    mate = np.full(model.n_mentees, -1, dtype=np.int64)
    mate_u = np.full(model.n_mentees, -1, dtype=np.int64)
    mate[result.rows] = result.cols
    mate_u[result.rows] = result.units
    pr, pc, pu = [], [], []
    order = np.lexsort((cand.cols, cand.rows))
    cr, cc, cu = cand.rows[order], cand.cols[order], cand.units[order]
    rescan: list[int] = []
    for i in rows.tolist():
        head = stated.get(i, [])
        named = [j for j, _ in head]
        if mate[i] in named:
            k = named.index(int(mate[i]))
            pr += [i] * k
            pc += named[:k]
            pu += [x for _, x in head[:k]]
            continue
        pr += [i] * len(head)
        pc += named
        pu += [x for _, x in head]
        if mate[i] < 0 or cand.bound[i] >= mate_u[i]:
            rescan.append(i)
            continue
        lo, hi = np.searchsorted(cr, [i, i + 1])
        c, u = cc[lo:hi], cu[lo:hi]
        better = ((u > mate_u[i]) | ((u == mate_u[i]) & (c < mate[i]))) & ~np.isin(c, named)
        pr += [i] * int(better.sum())
        pc += c[better].tolist()
        pu += u[better].tolist()
    r_all = [np.array(pr, dtype=np.int64)]
    c_all = [np.array(pc, dtype=np.int64)]
    u_all = [np.array(pu, dtype=np.int64)]
    if rescan:
        ri = np.array(rescan, dtype=np.int64)
        r, c, u = scan_rows(model, ri, view, np.maximum(mate_u[ri], 0))
        m, mu = mate[r], mate_u[r]
        better = (m < 0) | (u > mu) | ((u == mu) & (c < m))
        named_mask = np.array(
            [
                j in {x for x, _ in stated.get(a, [])}
                for a, j in zip(r.tolist(), c.tolist(), strict=True)
            ],
            dtype=bool,
        )
        keep = better & ~named_mask & (c != m)
        r_all.append(r[keep])
        c_all.append(c[keep])
        u_all.append(u[keep])
    r, c, u = np.concatenate(r_all), np.concatenate(c_all), np.concatenate(u_all)
    ok = capacity[c] > 0
    r, c, u = r[ok], c[ok], u[ok]
    load = np.bincount(result.cols, minlength=model.n_mentors)
    worst = np.full(model.n_mentors, np.iinfo(np.int64).max, dtype=np.int64)
    if result.rows.size:
        np.minimum.at(
            worst, result.cols, mentor_keys(ranks, result.cols, result.rows, result.units)
        )
    worst[load < capacity] = np.iinfo(np.int64).min
    return int((mentor_keys(ranks, c, r, u) > worst[c]).sum())
