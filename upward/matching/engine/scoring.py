"""Pair scores as one exact low-rank product plus sparse corrections.

Every criterion is encoded as integer-valued factors: mentee rows ``A`` and mentor rows
``B`` such that ``A[i] @ B[j]`` is the criterion's contribution on a fixed integer scale
(``SCALE = 2**23`` for a pair scoring 100). Every product and partial sum is an integer
below ``2**24``, so float32 BLAS computes it *exactly*, in any summation order: a block of
a million pairs and a single pair give bit-identical scores, which is what lets the
solvers prune by score and still prove optimality. Availability (saturating, so not
bilinear) is a small table over distinct weekly patterns; preferences and external scores
are sparse additions; rule penalties are factors too (see :mod:`.rules`).

Scores are reported in hundredths of a point: ``units = rint(Y * 10000 / SCALE)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .problem import CRITERIA, DAYS, Participant, Problem, utc_offset_minutes
from .rules import RuleCodes, penalty_factors, rule_codes
from .text import Encoder, GoalVectors, goal_vectors

__all__ = ["FEASIBLE_MIN", "SCALE", "ScoreModel", "build_model", "to_units"]

SCALE = float(2**23)
FEASIBLE_MIN = -float(2**22)  # any Y below this is an infeasible pair
EXCLUDED = -float(2**26)
UNIT = 625.0 * 2.0**-19  # == 10000 / SCALE, exact
FAMILY_CREDIT_HALVES = 1  # a related skill (same family) earns 1/2 of an exact one
FULL_AVAILABILITY_MINUTES = 120  # two common hours a week earn the full availability score

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def to_units(y: NDArray[np.floating] | float) -> I64:
    """Exact integer scale ``Y`` to score units (0.01 point), clipped to [0, 10000]."""
    return np.clip(np.rint(np.asarray(y, dtype=np.float64) * UNIT), 0, 10000).astype(np.int64)


@dataclass
class Availability:
    resolution: int  # minutes per slot column
    mentee_pattern: I64
    mentor_pattern: I64
    mentee_bits: F32  # distinct patterns x slots
    mentor_bits: F32
    full: float  # slots that earn the full score
    weight: float  # Y per common slot (before saturation)


@dataclass
class ScoreModel:
    """Factors of all pair scores of one problem. See the module docstring."""

    problem: Problem
    codes: RuleCodes
    phi: F64  # normalised weight of each criterion (0 for criteria without data)
    A: F32
    B: F32
    slices: dict[str, slice]
    avail: Availability
    pref: sp.csr_matrix  # mentee x mentor, Y of the preferences criterion
    ext: sp.csr_matrix
    goals: GoalVectors
    skill_vocab: list[str]
    cache: dict[str, object] = field(default_factory=dict)  # lazily built lookups (reasons)

    @property
    def n_mentees(self) -> int:
        return int(self.A.shape[0])

    @property
    def n_mentors(self) -> int:
        return int(self.B.shape[0])

    def columns(self, cols: I64 | None = None) -> ColumnView:
        """A reusable view on a subset of mentors (all by default) for :meth:`block`."""
        if cols is None:
            cols = np.arange(self.n_mentors, dtype=np.int64)
        pos = np.full(self.n_mentors, -1, dtype=np.int64)
        pos[cols] = np.arange(cols.size)
        return ColumnView(
            cols, np.ascontiguousarray(self.B[cols]), self.avail.mentor_pattern[cols], pos
        )

    def block(self, rows: I64, view: ColumnView, out: F32 | None = None) -> F32:
        """Exact Y for every pair ``rows x view.cols``; infeasible pairs are ``< FEASIBLE_MIN``."""
        shape = (rows.size, view.cols.size)
        if out is None:
            out = np.empty(shape, dtype=np.float32)
        out = out[: rows.size, : view.cols.size]
        if rows.size == 0 or view.cols.size == 0:
            return out
        np.matmul(self.A[rows], view.B.T, out=out)
        av = self.avail
        if av.weight > 0:
            pats, inv = np.unique(av.mentee_pattern[rows], return_inverse=True)
            table = av.mentee_bits[pats] @ av.mentor_bits.T
            np.minimum(table, np.float32(av.full), out=table)
            table *= np.float32(av.weight)
            out += np.take(table[inv.ravel()], view.pattern, axis=1)
        for mat, exclude in ((self.pref, False), (self.ext, False), (self.codes.excluded, True)):
            if mat.nnz == 0:
                continue
            sub = mat[rows]
            r = np.repeat(np.arange(rows.size), np.diff(sub.indptr))
            c = view.pos[sub.indices]
            keep = c >= 0
            if exclude:
                out[r[keep], c[keep]] = EXCLUDED
            else:
                out[r[keep], c[keep]] += sub.data[keep].astype(np.float32)
        return out

    def parts(self, rows: I64, cols: I64) -> tuple[F64, NDArray[np.bool_]]:
        """Per-criterion Y, shape ``(k, 6)`` in :data:`CRITERIA` order, and feasibility,
        for the pairs ``(rows[k], cols[k])``; identical to what :meth:`block` sums."""
        k = rows.size
        out = np.zeros((k, len(CRITERIA)), dtype=np.float64)
        feasible = np.ones(k, dtype=np.bool_)
        step = 1 << 15
        for lo in range(0, k, step):
            r, c = rows[lo : lo + step], cols[lo : lo + step]
            a, b = self.A[r].astype(np.float64), self.B[c].astype(np.float64)
            for j, name in enumerate(CRITERIA):
                sl = self.slices.get(name)
                if sl is not None:
                    out[lo : lo + step, j] = np.einsum("kd,kd->k", a[:, sl], b[:, sl])
            pen = np.einsum("kd,kd->k", a[:, self.slices["penalty"]], b[:, self.slices["penalty"]])
            feasible[lo : lo + step] = pen == 0
            av = self.avail
            if av.weight > 0:
                common = np.einsum(
                    "kd,kd->k",
                    av.mentee_bits[av.mentee_pattern[r]].astype(np.float64),
                    av.mentor_bits[av.mentor_pattern[c]].astype(np.float64),
                )
                out[lo : lo + step, 2] = np.minimum(common, av.full) * av.weight
        if k:
            out[:, 4] = np.asarray(self.pref[rows, cols]).ravel()
            out[:, 5] = np.asarray(self.ext[rows, cols]).ravel()
            feasible &= ~np.asarray(self.codes.excluded[rows, cols]).ravel().astype(bool)
        return out, feasible

    def pair_units(self, rows: I64, cols: I64) -> tuple[I64, NDArray[np.bool_]]:
        """Score units and feasibility of individual pairs."""
        parts, feasible = self.parts(rows, cols)
        return to_units(parts.sum(axis=1)), feasible


@dataclass
class ColumnView:
    cols: I64
    B: F32
    pattern: I64
    pos: I64  # mentor index -> position in cols, or -1
    cache: dict[str, object] = field(default_factory=dict)  # derived layouts (see .blocks)


def _active_weights(problem: Problem, goals_any: bool) -> F64:
    w = problem.weights.as_array()
    has = np.array(
        [
            any(p.skills for p in problem.mentees) and any(p.skills for p in problem.mentors),
            goals_any,
            any(p.availability for p in problem.mentees)
            and any(p.availability for p in problem.mentors),
            bool(problem.difference_attributes),
            any(p.preferences for p in (*problem.mentees, *problem.mentors)),
            problem.external_values.size > 0,
        ]
    )
    w = np.where(has, w, 0.0)
    total = w.sum()
    return w / total if total > 0 else w


def _skill_factors(problem: Problem, phi: float) -> tuple[F32, F32, list[str]]:
    """Mentee priority weights and mentor credit (2 exact, 1 same family) per wanted skill."""
    vocab: dict[str, int] = {}
    e_rows, e_cols, e_vals = [], [], []
    for i, p in enumerate(problem.mentees):
        n = len(p.skills)
        for r, s in enumerate(p.skills):
            e_rows.append(i)
            e_cols.append(vocab.setdefault(s.lower(), len(vocab)))
            e_vals.append((n - r) / (n * (n + 1) / 2.0))  # linear by rank, sums to 1
    names = list(vocab)
    a = np.zeros((problem.n_mentees, len(names)), dtype=np.float32)
    a[np.array(e_rows, dtype=np.int64), np.array(e_cols, dtype=np.int64)] = np.rint(
        phi * SCALE * np.array(e_vals) / 2.0
    )
    b = np.zeros((problem.n_mentors, len(names)), dtype=np.float32)
    if not names:
        return a, b, names
    fam_ids: dict[str, int] = {}
    fam_of_col = np.array(
        [fam_ids.setdefault(s.split("/", 1)[0], len(fam_ids)) if "/" in s else -1 for s in names],
        dtype=np.int64,
    )
    exact_r, exact_c, fam_r, fam_c = [], [], [], []
    for j, p in enumerate(problem.mentors):
        for s in p.skills:
            low = s.lower()
            col = vocab.get(low)
            if col is not None:
                exact_r.append(j)
                exact_c.append(col)
            f = fam_ids.get(low.split("/", 1)[0]) if "/" in low else None
            if f is not None:
                fam_r.append(j)
                fam_c.append(f)
    teach_fam = np.zeros((problem.n_mentors, max(1, len(fam_ids))), dtype=np.bool_)
    teach_fam[np.array(fam_r, dtype=np.int64), np.array(fam_c, dtype=np.int64)] = True
    related = teach_fam[:, np.maximum(fam_of_col, 0)] & (fam_of_col >= 0)[None, :]
    b[related] = float(FAMILY_CREDIT_HALVES)
    b[np.array(exact_r, dtype=np.int64), np.array(exact_c, dtype=np.int64)] = 2.0
    return a, b, names


def _difference_factors(problem: Problem, phi: float) -> tuple[F32, F32]:
    attrs = problem.difference_attributes
    if not attrs or phi == 0:
        return np.zeros((problem.n_mentees, 0), np.float32), np.zeros(
            (problem.n_mentors, 0), np.float32
        )
    w = float(np.rint(phi * SCALE / len(attrs)))
    a_parts: list[F32] = []
    b_parts: list[F32] = []
    for key in attrs:
        ve = [p.attribute(key) for p in problem.mentees]
        vm = [p.attribute(key) for p in problem.mentors]
        vocab = {v: k for k, v in enumerate(sorted({v for v in (*ve, *vm) if v is not None}))}
        for values, parts, sign in ((ve, a_parts, -w), (vm, b_parts, 1.0)):
            code = np.array([-1 if v is None else vocab[v] for v in values], dtype=np.int64)
            present = (code >= 0).astype(np.float32)
            onehot = np.zeros((len(values), len(vocab)), dtype=np.float32)
            onehot[np.flatnonzero(code >= 0), code[code >= 0]] = sign
            scale = w if sign < 0 else 1.0
            parts.append(np.concatenate([present[:, None] * scale, onehot], axis=1))
    return np.concatenate(a_parts, axis=1), np.concatenate(b_parts, axis=1)


def _goal_factors(goals: GoalVectors, phi: float) -> tuple[F32, F32]:
    root = np.sqrt(phi * SCALE)

    def dense(x: sp.csr_matrix | F64) -> F64:
        if isinstance(x, np.ndarray):
            return x
        return np.asarray(x.toarray(), dtype=np.float64)

    return (
        np.rint(dense(goals.mentee) * root).astype(np.float32),
        np.rint(dense(goals.mentor) * root).astype(np.float32),
    )


def _availability(problem: Problem, phi: float) -> Availability:
    day = problem.reference_date
    offsets = {
        p.timezone: utc_offset_minutes(p.timezone, day)
        for p in (*problem.mentees, *problem.mentors)
        if p.timezone
    }
    # whole-hour zones need hourly columns; India (+5:30) half hours; Nepal (+5:45) quarters
    res = 60
    for off in offsets.values():
        res = min(res, 60 if off % 60 == 0 else 30 if off % 30 == 0 else 15)
    offsets = {k: 15 * round(v / 15) for k, v in offsets.items()}
    n_slots = 7 * 24 * 60 // res
    per_hour = 60 // res

    cache: dict[tuple[int, str], range | list[int]] = {}

    def columns(off: int, slot: str) -> range | list[int]:
        key = (off, slot)
        if key not in cache:
            start = ((DAYS.index(slot[:3]) * 1440 + int(slot[4:]) * 60 - off) % 10080) // res
            cache[key] = [(start + t) % n_slots for t in range(per_hour)]
        return cache[key]

    def patterns(people: Sequence[Participant]) -> tuple[I64, F32]:
        seen: dict[tuple[int, ...], int] = {(): 0}
        by_input: dict[tuple[int, tuple[str, ...]], int] = {}
        ids = np.zeros(len(people), dtype=np.int64)
        for k, p in enumerate(people):
            if not p.availability:
                continue
            off = offsets.get(p.timezone, 0) if p.timezone else 0
            key = (off, p.availability)
            found = by_input.get(key)
            if found is None:
                cols = sorted({c for slot in p.availability for c in columns(off, slot)})
                found = by_input[key] = seen.setdefault(tuple(cols), len(seen))
            ids[k] = found
        bits = np.zeros((len(seen), n_slots), dtype=np.float32)
        lengths = [len(key) for key in seen]
        flat = [c for key in seen for c in key]
        bits[np.repeat(np.arange(len(seen)), lengths), np.array(flat, dtype=np.int64)] = 1.0
        return ids, bits

    ep, eb = patterns(problem.mentees)
    mp, mb = patterns(problem.mentors)
    full = FULL_AVAILABILITY_MINUTES / res
    return Availability(res, ep, mp, eb, mb, full, float(np.rint(phi * SCALE / full)))


def _preferences(problem: Problem, phi: float) -> sp.csr_matrix:
    """Rank credit ``(L - r) / L`` of each stated preference, half for each direction."""
    shape = (problem.n_mentees, problem.n_mentors)
    if phi == 0:
        return sp.csr_matrix(shape, dtype=np.float64)
    mi, ei = problem.mentor_index(), problem.mentee_index()
    rows, cols, vals = [], [], []
    for people, other, is_mentee in ((problem.mentees, mi, True), (problem.mentors, ei, False)):
        for k, p in enumerate(people):
            n = len(p.preferences)
            for r, q in enumerate(p.preferences):
                rows.append(k if is_mentee else other[q])
                cols.append(other[q] if is_mentee else k)
                vals.append(float(np.rint(phi * SCALE / 2.0 * (n - r) / n)))
    m = sp.csr_matrix(
        (np.array(vals), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
        shape=shape,
    )
    m.sum_duplicates()
    m.sort_indices()
    return m


def build_model(problem: Problem, encoder: Encoder | None = None) -> ScoreModel:
    """Score factors for ``problem``.

    Examples
    --------
    >>> from upward.matching.engine.problem import parse_problem
    >>> p = parse_problem({"mentors": [{"id": "m", "level": 1, "skills": ["ai/chatgpt"]}],
    ...                    "mentees": [{"id": "e", "level": 3, "skills": ["ai/chatgpt"]}]})
    >>> model = build_model(p)
    >>> units, feasible = model.pair_units(np.array([0]), np.array([0]))
    >>> int(units[0]), bool(feasible[0])
    (10000, True)
    """
    codes = rule_codes(problem)
    goals = goal_vectors(
        [p.goals for p in problem.mentees],
        [p.goals for p in problem.mentors],
        "tfidf" if problem.goal_similarity == "tfidf" else problem.goal_similarity,
        encoder,
    )
    goals_any = any(p.goals.strip() for p in problem.mentees) and any(
        p.goals.strip() for p in problem.mentors
    )
    phi = _active_weights(problem, goals_any)
    sk_a, sk_b, skill_vocab = _skill_factors(problem, phi[0])
    go_a, go_b = (
        _goal_factors(goals, phi[1])
        if phi[1] > 0
        else (
            np.zeros((problem.n_mentees, 0), np.float32),
            np.zeros((problem.n_mentors, 0), np.float32),
        )
    )
    di_a, di_b = _difference_factors(problem, phi[3])
    pe_a, pe_b = penalty_factors(problem, codes)
    blocks = [
        ("skills", sk_a, sk_b),
        ("goals", go_a, go_b),
        ("difference", di_a, di_b),
        ("penalty", pe_a, pe_b),
    ]
    slices: dict[str, slice] = {}
    start = 0
    for name, a, _ in blocks:
        slices[name] = slice(start, start + a.shape[1])
        start += a.shape[1]
    A = np.ascontiguousarray(np.concatenate([a for _, a, _ in blocks], axis=1), dtype=np.float32)
    B = np.ascontiguousarray(np.concatenate([b for _, _, b in blocks], axis=1), dtype=np.float32)
    ext_shape = (problem.n_mentees, problem.n_mentors)
    ev = np.rint(phi[5] * SCALE * problem.external_values)
    ext = sp.csr_matrix(
        (ev, (problem.external_pairs[:, 0], problem.external_pairs[:, 1])), shape=ext_shape
    )
    ext.eliminate_zeros()
    ext.sort_indices()
    return ScoreModel(
        problem,
        codes,
        phi,
        A,
        B,
        slices,
        _availability(problem, phi[2]),
        _preferences(problem, phi[4]),
        ext,
        goals,
        skill_vocab,
    )
