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

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import attrgetter

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .problem import CRITERIA, DAYS, Participant, Problem, utc_offset_minutes
from .rules import RuleCodes, penalty_factors, rule_codes
from .text import Encoder, GoalVectors, first_use_ids, goal_vectors

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
BOOL = NDArray[np.bool_]


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
    # external scores given for most pairs: Y as a dense mentor x mentee matrix, and
    # ``ext`` empty (scattering millions of sparse entries into every block cost more)
    ext_t: F32 | None = None

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
        if self.ext_t is not None:
            out += self.ext_t[view.cols][:, rows].T
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
        av = self.avail
        step = 1 << 15
        for lo in range(0, k, step):
            r, c = rows[lo : lo + step], cols[lo : lo + step]
            # The factors are integers, so float64 sums are exact in any order.
            terms = self.A[r].astype(np.float64) * self.B[c]
            for j, name in enumerate(CRITERIA):
                sl = self.slices.get(name)
                if sl is not None:
                    out[lo : lo + step, j] = terms[:, sl].sum(axis=1)
            feasible[lo : lo + step] = terms[:, self.slices["penalty"]].sum(axis=1) == 0
            if av.weight > 0:
                # counts of common 0/1 slots are small integers: exact in float32 too
                common = np.einsum(
                    "kd,kd->k",
                    av.mentee_bits[av.mentee_pattern[r]],
                    av.mentor_bits[av.mentor_pattern[c]],
                ).astype(np.float64)
                out[lo : lo + step, 2] = np.minimum(common, av.full) * av.weight
        if k:
            out[:, 4] = np.asarray(self.pref[rows, cols]).ravel()
            out[:, 5] = (
                self.ext_t[cols, rows]
                if self.ext_t is not None
                else np.asarray(self.ext[rows, cols]).ravel()
            )
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

    def on_both_sides(field: str) -> bool:
        get = attrgetter(field)
        return any(map(get, problem.mentees)) and any(map(get, problem.mentors))

    has = np.array(
        [
            on_both_sides("skills"),
            goals_any,
            on_both_sides("availability"),
            bool(problem.difference_attributes),
            any(map(attrgetter("preferences"), chain(problem.mentees, problem.mentors))),
            problem.external_values.size > 0 or problem.external_matrix is not None,
        ]
    )
    w = np.where(has, w, 0.0)
    total = w.sum()
    return w / total if total > 0 else w


def _skill_factors(problem: Problem, phi: float) -> tuple[F32, F32, list[str]]:
    """Mentee priority weights and mentor credit (2 exact, 1 same family) per wanted skill."""
    row, col, weight, names = _wanted_skills(problem.mentees)
    a = np.zeros((problem.n_mentees, len(names)), dtype=np.float32)
    a[row, col] = np.rint(phi * SCALE * weight / 2.0)
    if not names:
        return a, np.zeros((problem.n_mentors, 0), dtype=np.float32), names
    families = [_family(s) for s in names]
    fam_ids = {f: k for k, f in enumerate(dict.fromkeys(f for f in families if f is not None))}
    fam_of_col = np.array([-1 if f is None else fam_ids[f] for f in families], dtype=np.int64)
    vocab = {s: k for k, s in enumerate(names)}
    mentor, exact_col, fam = _taught_skills(problem.mentors, vocab, fam_ids)
    teach_fam = np.zeros((problem.n_mentors, max(1, len(fam_ids))), dtype=np.bool_)
    teach_fam[mentor[fam >= 0], fam[fam >= 0]] = True
    related = teach_fam[:, np.maximum(fam_of_col, 0)] & (fam_of_col >= 0)[None, :]
    b = related.astype(np.float32)  # a fast way to write b[related] = FAMILY_CREDIT_HALVES
    b *= np.float32(FAMILY_CREDIT_HALVES)
    b[mentor[exact_col >= 0], exact_col[exact_col >= 0]] = 2.0
    return a, b, names


def _wanted_skills(mentees: Sequence[Participant]) -> tuple[I64, I64, F64, list[str]]:
    """Mentee, column and priority weight of every wanted skill, and the column names
    (lower-cased skills in order of first mention)."""
    skills, lengths = _lists(mentees, "skills")
    spelling, _, spellings = first_use_ids(chain.from_iterable(skills), int(lengths.sum()))
    name, _, names = first_use_ids(map(str.lower, spellings), len(spellings))
    row, rank, n = _positions(lengths)
    weight = (n - rank) / (n * (n + 1) / 2.0)  # linear by rank, sums to 1
    return row, name[spelling], weight, names


def _taught_skills(
    mentors: Sequence[Participant], columns: dict[str, int], families: dict[str, int]
) -> tuple[I64, I64, I64]:
    """Mentor, column (-1: not wanted) and family (-1: none wanted) of every taught skill."""
    skills, lengths = _lists(mentors, "skills")
    # each distinct spelling is looked up once, then spread to every mentor using it
    skill, _, spellings = first_use_ids(chain.from_iterable(skills), int(lengths.sum()))
    lower = [s.lower() for s in spellings]
    column = np.array([columns.get(s, -1) for s in lower], dtype=np.int64)
    fams = [_family(s) for s in lower]
    family = np.array([-1 if f is None else families.get(f, -1) for f in fams], dtype=np.int64)
    return np.repeat(np.arange(len(mentors)), lengths), column[skill], family[skill]


def _family(skill: str) -> str | None:
    """``"ai"`` for ``"ai/chatgpt"``; ``None`` for a skill without a family."""
    return skill.split("/", 1)[0] if "/" in skill else None


def _difference_factors(problem: Problem, phi: float) -> tuple[F32, F32]:
    attrs = problem.difference_attributes
    if not attrs or phi == 0:
        return np.zeros((problem.n_mentees, 0), np.float32), np.zeros(
            (problem.n_mentors, 0), np.float32
        )
    w = float(np.rint(phi * SCALE / len(attrs)))
    a_parts: list[F32] = []
    b_parts: list[F32] = []
    people = (*problem.mentees, *problem.mentors)
    distinct: dict[str, tuple[I64, I64]] = {}
    for key in attrs:
        code, n_values = _attribute_codes(people, key, distinct)
        for c, parts, sign in (
            (code[: problem.n_mentees], a_parts, -w),
            (code[problem.n_mentees :], b_parts, 1.0),
        ):
            present = (c >= 0).astype(np.float32)
            onehot = np.zeros((c.size, n_values), dtype=np.float32)
            onehot[np.flatnonzero(c >= 0), c[c >= 0]] = sign
            scale = w if sign < 0 else 1.0
            parts.append(np.concatenate([present[:, None] * scale, onehot], axis=1))
    return np.concatenate(a_parts, axis=1), np.concatenate(b_parts, axis=1)


# Participant.attribute(key) reads the field of that name for these keys, and the
# "attributes" field for all other keys
_OWN_FIELD_KEYS = frozenset({"department", "location", "timezone", "level"})


def _attribute_codes(
    people: Sequence[Participant], key: str, distinct: dict[str, tuple[I64, I64]]
) -> tuple[I64, int]:
    """Rank of each person's value of ``key`` among all sorted values (-1: none), and the
    number of values. Each distinct field value is looked up once, on its first user;
    ``distinct`` memoises the numbering of each field across keys."""
    field = key if key in _OWN_FIELD_KEYS else "attributes"
    if field not in distinct:
        ids, first, _ = first_use_ids(map(attrgetter(field), people), len(people))
        distinct[field] = ids, first
    ids, first = distinct[field]
    values = [people[k].attribute(key) for k in first]
    rank = {v: k for k, v in enumerate(sorted({v for v in values if v is not None}))}
    code = np.array([-1 if v is None else rank[v] for v in values], dtype=np.int64)
    return code[ids], len(rank)


def _goal_factors(goals: GoalVectors, phi: float) -> tuple[F32, F32]:
    root = np.sqrt(phi * SCALE)

    def scaled(x: sp.csr_matrix | F64) -> F32:
        # a fresh float64 array (never the caller's), so it can be scaled in place
        if isinstance(x, np.ndarray):
            y = np.array(x, dtype=np.float64)
        else:
            y = x.toarray().astype(np.float64, copy=False)
        y *= root
        return np.rint(y, out=y).astype(np.float32)

    return scaled(goals.mentee), scaled(goals.mentor)


def _availability(problem: Problem, phi: float) -> Availability:
    """Weekly UTC slot patterns of both sides and the score of a common slot."""
    day = problem.reference_date
    zones = set(map(attrgetter("timezone"), chain(problem.mentees, problem.mentors)))
    offsets = {z: utc_offset_minutes(z, day) for z in zones if z}
    # whole-hour zones need hourly columns; India (+5:30) half hours; Nepal (+5:45) quarters
    res = 60
    for off in offsets.values():
        res = min(res, 60 if off % 60 == 0 else 30 if off % 30 == 0 else 15)
    offsets = {k: 15 * round(v / 15) for k, v in offsets.items()}  # now multiples of res
    ep, eb = _weekly_patterns(problem.mentees, offsets, res)
    mp, mb = _weekly_patterns(problem.mentors, offsets, res)
    full = FULL_AVAILABILITY_MINUTES / res
    return Availability(res, ep, mp, eb, mb, full, float(np.rint(phi * SCALE / full)))


def _weekly_patterns(
    people: Sequence[Participant], offsets: dict[str, int], res: int
) -> tuple[I64, F32]:
    """Pattern id of each person and the UTC slot columns of each distinct pattern.

    Pattern 0 is the empty week (no availability); the others are numbered in order of
    first appearance.
    """
    taken = _utc_slots(people, offsets, res)
    pattern, first, _ = first_use_ids(_row_keys(taken), taken.shape[0])
    return pattern[1:], taken[first].astype(np.float32)


def _utc_slots(people: Sequence[Participant], offsets: dict[str, int], res: int) -> BOOL:
    """Which UTC slot columns (``res`` minutes each) each person covers, as one matrix
    whose row 0 is an empty week and row ``k + 1`` belongs to ``people[k]``."""
    week, _, weeks = first_use_ids(map(attrgetter("availability"), people), len(people))
    local = _local_slots(weeks, res)
    zone = map(attrgetter("timezone"), people)
    shift = np.fromiter(map(offsets.get, zone, repeat(0)), np.int64, len(people)) // res
    taken = np.zeros((len(people) + 1, local.shape[1]), dtype=np.bool_)
    # a person's UTC week is their local week rotated by their offset (whole columns)
    for s in np.unique(shift):
        who = np.flatnonzero(shift == s)
        taken[who + 1] = np.roll(local[week[who]], -s, axis=1)
    return taken


def _local_slots(weeks: Sequence[tuple[str, ...]], res: int) -> BOOL:
    """Which slot columns each week of ``"tue-09"``-style slots covers in its own time."""
    per_hour = 60 // res
    lengths = np.fromiter(map(len, weeks), np.int64, len(weeks))
    slot, _, names = first_use_ids(chain.from_iterable(weeks), int(lengths.sum()))
    hour = np.array([DAYS.index(s[:3]) * 24 + int(s[4:]) for s in names], dtype=np.int64)
    columns = (hour[slot] * per_hour)[:, None] + np.arange(per_hour)
    covered = np.zeros((len(weeks), 7 * 24 * per_hour), dtype=np.bool_)
    covered[np.repeat(np.arange(len(weeks)), lengths * per_hour), columns.ravel()] = True
    return covered


def _row_keys(flags: BOOL) -> Sequence[Hashable]:
    """One hashable key per row of a boolean matrix (bytes: its bits, packed)."""
    packed = np.packbits(flags, axis=1)
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel().tolist()


def _preferences(problem: Problem, phi: float) -> sp.csr_matrix:
    """Rank credit ``(L - r) / L`` of each stated preference, half for each direction."""
    shape = (problem.n_mentees, problem.n_mentors)
    if phi == 0:
        return sp.csr_matrix(shape, dtype=np.float64)
    e_who, e_whom, e_credit = _stated(problem.mentees, problem.mentor_index(), phi)
    m_who, m_whom, m_credit = _stated(problem.mentors, problem.mentee_index(), phi)
    m = sp.csr_matrix(
        (
            np.concatenate([e_credit, m_credit]),
            (np.concatenate([e_who, m_whom]), np.concatenate([e_whom, m_who])),
        ),
        shape=shape,
    )
    m.sum_duplicates()
    m.sort_indices()
    return m


def _stated(
    people: Sequence[Participant], other: dict[str, int], phi: float
) -> tuple[I64, I64, F64]:
    """Who states each preference, for whom (index on the other side), and its credit."""
    preferences, lengths = _lists(people, "preferences")
    who, rank, n = _positions(lengths)
    whom = np.fromiter(map(other.__getitem__, chain.from_iterable(preferences)), np.int64, who.size)
    return who, whom, np.rint(phi * SCALE / 2.0 * (n - rank) / n)


def _lists(people: Sequence[Participant], field: str) -> tuple[list[tuple[str, ...]], I64]:
    """Each person's tuple-valued ``field`` (skills, preferences, ...) and its length."""
    lists = list(map(attrgetter(field), people))
    return lists, np.fromiter(map(len, lists), np.int64, len(lists))


def _positions(lengths: I64) -> tuple[I64, I64, I64]:
    """For lists of these lengths, concatenated: each element's list, its position in the
    list, and the list's length."""
    owner = np.repeat(np.arange(lengths.size), lengths)
    position = np.arange(owner.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, position, lengths[owner]


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
    ext, ext_t = _external(problem, phi[5])
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
        ext_t=ext_t,
    )


DENSE_EXTERNAL_SHARE = 0.25  # external scores for at least this share of pairs: dense


def _external(problem: Problem, phi: float) -> tuple[sp.csr_matrix, F32 | None]:
    """Y of the external criterion: sparse, or dense (mentor x mentee) when most pairs
    have a score."""
    shape = (problem.n_mentees, problem.n_mentors)
    empty = sp.csr_matrix(shape, dtype=np.float64)
    scale = phi * SCALE
    if phi == 0:
        return empty, None
    if problem.external_matrix is not None:
        y = np.multiply(problem.external_matrix, scale)
        np.rint(y, out=y)
        return empty, np.ascontiguousarray(y.T, dtype=np.float32)
    pairs, ev = problem.external_pairs, np.rint(scale * problem.external_values)
    if ev.size and ev.size >= DENSE_EXTERNAL_SHARE * shape[0] * shape[1]:
        dense = np.zeros((shape[1], shape[0]), dtype=np.float32)
        dense[pairs[:, 1], pairs[:, 0]] = ev
        return empty, dense
    ext = sp.csr_matrix((ev, (pairs[:, 0], pairs[:, 1])), shape=shape)
    ext.eliminate_zeros()
    ext.sort_indices()
    return ext, None
