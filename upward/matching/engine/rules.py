"""Feasibility: the hard rules, per pair and vectorised.

Rules on level, department, time zone and language depend only on small per-person codes
(for languages, one code per distinct language set), so they become *penalty factors*: a
one-hot code on the mentor side and a row of ``-PENALTY``/0 on the mentee side, folded
into the same matrix product as the scores. The reporting line and forbidden pairs are
sparse exceptions (at most the total length of all manager chains plus the forbidden
list), applied to each block after the product.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .problem import Participant, Problem, utc_offset_minutes

__all__ = [
    "PENALTY",
    "RuleCodes",
    "fixed_pair_errors",
    "pair_violations",
    "person_rule_passes",
    "rule_codes",
]

PENALTY = float(2**24)  # larger than any score sum (2**23), exact in float32
RULE_STAGES = ("level", "reporting_line", "department", "timezone", "language", "forbidden")

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
H = TypeVar("H", bound=Hashable)
S = TypeVar("S", bound=np.generic)


@dataclass(frozen=True)
class RuleCodes:
    """Small integer codes per person that decide every rule but the sparse ones."""

    mentee_level: IntArray
    mentor_level: IntArray
    mentee_dept: IntArray  # -1: none
    mentor_dept: IntArray
    mentee_tz: NDArray[np.float64]  # UTC offset in hours, NaN: none
    mentor_tz: NDArray[np.float64]
    mentee_langs: sp.csr_matrix  # person x language indicator
    mentor_langs: sp.csr_matrix
    excluded: sp.csr_matrix  # mentee x mentor, True where reporting line or forbidden
    reporting: sp.csr_matrix  # mentee x mentor, reporting line only (rule on or off)
    forbidden: sp.csr_matrix
    # Language sets, numbered once for both sides (few distinct sets, many people):
    mentee_lang_set: IntArray  # person -> row of lang_sets
    mentor_lang_set: IntArray
    lang_sets: sp.csr_matrix  # language set x language indicator
    lang_set_ok: BoolArray  # [mentee set, mentor set]: the pair passes the language rule


def _class_codes(values: Sequence[H]) -> tuple[IntArray, list[H]]:
    """Code of each value (distinct values numbered by first appearance) and the values.

    Each loop runs in C (``dict.fromkeys``, ``map``): a fraction of a microsecond per person.
    """
    distinct = list(dict.fromkeys(values))
    number = {v: k for k, v in enumerate(distinct)}
    code = np.fromiter(map(number.__getitem__, values), dtype=np.int64, count=len(values))
    return code, distinct


def _department_codes(
    mentees: Sequence[Participant], mentors: Sequence[Participant]
) -> tuple[IntArray, IntArray]:
    """Department code of every mentee and mentor (-1: none); departments are numbered by
    first appearance, mentees first."""
    code, names = _class_codes([p.department for p in (*mentees, *mentors)])
    named = np.array([name is not None for name in names], dtype=np.bool_)
    number = np.where(named, np.cumsum(named) - 1, -1)
    per_person = number[code]
    return per_person[: len(mentees)], per_person[len(mentees) :]


def _language_sets(
    mentees: Sequence[Participant], mentors: Sequence[Participant]
) -> tuple[IntArray, IntArray, sp.csr_matrix]:
    """Language-set code of every mentee and mentor, and the set x language indicator.

    People are classed by their ``languages`` tuple first (far cheaper than a frozenset per
    person), then the few distinct tuples by set. Languages are numbered by first
    appearance, mentees first, as the indicator columns always were.
    """
    code, tuples = _class_codes([p.languages for p in (*mentees, *mentors)])
    vocab: dict[str, int] = {}
    set_number: dict[frozenset[str], int] = {}
    tuple_set = np.empty(len(tuples), dtype=np.int64)
    cols: list[list[int]] = []
    for t, langs in enumerate(tuples):
        s = set_number.setdefault(frozenset(langs), len(set_number))
        if s == len(cols):  # a new set
            cols.append(sorted(vocab.setdefault(lang, len(vocab)) for lang in langs))
        tuple_set[t] = s
    indptr = np.cumsum([0, *map(len, cols)], dtype=np.int64)
    flat = np.array([c for row in cols for c in row], dtype=np.int64)
    sets = sp.csr_matrix(
        (np.ones(flat.size, dtype=np.float32), flat, indptr),
        shape=(len(cols), max(1, len(vocab))),
    )
    per_person = tuple_set[code]
    return per_person[: len(mentees)], per_person[len(mentees) :], sets


def _sets_share_a_language(sets: sp.csr_matrix) -> BoolArray:
    """``[a, b]``: sets ``a`` and ``b`` share a language, or one of them is empty (unknown)."""
    common = (sets @ sets.T).toarray() > 0
    empty = np.diff(sets.indptr) == 0
    out: BoolArray = common | empty[:, None] | empty[None, :]
    return out


def _utc_hours(people: Sequence[Participant], day: dt.date) -> NDArray[np.float64]:
    """UTC offset of each person's time zone in hours (NaN: none), one lookup per zone."""
    code, zones = _class_codes([p.timezone for p in people])
    hours = [np.nan if z is None else utc_offset_minutes(z, day) / 60.0 for z in zones]
    return np.array(hours, dtype=np.float64)[code]


def _reporting_pairs(problem: Problem) -> tuple[IntArray, IntArray]:
    """(mentee, mentor) index pairs where one is in the other's manager chain.

    Every id of every chain is looked up in the other side's id -> index dict (built once
    per problem): about 70 ns per id, against 300 ns to sort and compare them as numpy
    strings."""
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    for own, index, own_is_mentee in (
        (problem.mentees, problem.mentor_index(), True),
        (problem.mentors, problem.mentee_index(), False),
    ):
        chains = [p.manager_chain for p in own]
        flat = list(chain.from_iterable(chains))
        if not flat or not index:
            continue
        found = np.fromiter(map(index.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        owner = np.repeat(np.arange(len(own), dtype=np.int64), list(map(len, chains)))
        hit = found >= 0
        rows.append(owner[hit] if own_is_mentee else found[hit])
        cols.append(found[hit] if own_is_mentee else owner[hit])
    if not rows:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def _pair_matrix(rows: IntArray, cols: IntArray, shape: tuple[int, int]) -> sp.csr_matrix:
    m = sp.csr_matrix((np.ones(rows.size, dtype=np.bool_), (rows, cols)), shape=shape)
    m.sum_duplicates()
    m.data[:] = True
    return m


def rule_codes(problem: Problem) -> RuleCodes:
    """Codes for all rules of ``problem`` (see :class:`RuleCodes`)."""
    day = problem.reference_date
    shape = (problem.n_mentees, problem.n_mentors)
    r_rows, r_cols = _reporting_pairs(problem)
    reporting = _pair_matrix(r_rows, r_cols, shape)
    forbidden = _pair_matrix(problem.forbidden[:, 0], problem.forbidden[:, 1], shape)
    excluded = (
        (reporting + forbidden) if problem.rules.exclude_same_reporting_line else forbidden.copy()
    )
    excluded = excluded.astype(np.bool_).tocsr()
    excluded.sort_indices()
    mentee_dept, mentor_dept = _department_codes(problem.mentees, problem.mentors)
    mentee_set, mentor_set, sets = _language_sets(problem.mentees, problem.mentors)
    return RuleCodes(
        mentee_level=np.array([p.level for p in problem.mentees], dtype=np.int64),
        mentor_level=np.array([p.level for p in problem.mentors], dtype=np.int64),
        mentee_dept=mentee_dept,
        mentor_dept=mentor_dept,
        mentee_tz=_utc_hours(problem.mentees, day),
        mentor_tz=_utc_hours(problem.mentors, day),
        mentee_langs=sets[mentee_set],
        mentor_langs=sets[mentor_set],
        excluded=excluded,
        reporting=reporting,
        forbidden=forbidden,
        mentee_lang_set=mentee_set,
        mentor_lang_set=mentor_set,
        lang_sets=sets,
        lang_set_ok=_sets_share_a_language(sets),
    )


def person_rule_passes(
    problem: Problem, codes: RuleCodes, rows: IntArray, cols: IntArray
) -> BoolArray:
    """Like :func:`stage_passes`, but only the per-person rules are checked: the sparse
    ones (reporting line, forbidden) always pass."""
    r = problem.rules
    out = np.ones((rows.size, len(RULE_STAGES)), dtype=np.bool_)
    out[:, 0] = codes.mentee_level[rows] - codes.mentor_level[cols] >= r.min_level_gap
    if r.exclude_same_department:
        de, dm = codes.mentee_dept[rows], codes.mentor_dept[cols]
        out[:, 2] = (de < 0) | (dm < 0) | (de != dm)
    if r.max_timezone_difference_hours is not None:
        diff = np.abs(codes.mentee_tz[rows] - codes.mentor_tz[cols])
        out[:, 3] = ~(diff > r.max_timezone_difference_hours + 1e-9)  # NaN (unknown) passes
    if r.require_common_language:
        out[:, 4] = codes.lang_set_ok[codes.mentee_lang_set[rows], codes.mentor_lang_set[cols]]
    return out


def stage_passes(
    problem: Problem, codes: RuleCodes, rows: IntArray, cols: IntArray
) -> NDArray[np.bool_]:
    """For pairs ``(rows[k], cols[k])``: which rule each passes, shape (k, 6) in
    :data:`RULE_STAGES` order (a rule that is switched off always passes)."""
    out = person_rule_passes(problem, codes, rows, cols)
    if problem.rules.exclude_same_reporting_line and rows.size:
        out[:, 1] = ~np.asarray(codes.reporting[rows, cols]).ravel().astype(bool)
    if rows.size:
        out[:, 5] = ~np.asarray(codes.forbidden[rows, cols]).ravel().astype(bool)
    return out


def pair_violations(problem: Problem, codes: RuleCodes, mentee: int, mentor: int) -> list[str]:
    """Plain-language list of the rules one pair breaks (empty when feasible)."""
    passes = stage_passes(problem, codes, np.array([mentee]), np.array([mentor]))[0]
    e, m = problem.mentees[mentee], problem.mentors[mentor]
    text = {
        "level": f"mentor {m.id!r} (level {m.level}) is not at least {problem.rules.min_level_gap} "
        f"{'level' if problem.rules.min_level_gap == 1 else 'levels'} below mentee {e.id!r} "
        f"(level {e.level})",
        "reporting_line": f"{m.id!r} and {e.id!r} are in the same reporting line",
        "department": f"both are in department {e.department!r}",
        "timezone": f"time zones {e.timezone} and {m.timezone} are more than "
        f"{problem.rules.max_timezone_difference_hours:g} hours apart"
        if problem.rules.max_timezone_difference_hours is not None
        else "",
        "language": f"{m.id!r} and {e.id!r} share no language",
        "forbidden": "the pair is forbidden",
    }
    return [text[s] for s, ok in zip(RULE_STAGES, passes, strict=True) if not ok]


def fixed_pair_errors(problem: Problem, paths: Sequence[str]) -> list[str]:
    """Input errors for fixed pairs that break a rule or exceed a capacity."""
    if problem.fixed.shape[0] == 0:
        return []
    codes = rule_codes(problem)
    errors: list[str] = []
    for (mentee, mentor), path in zip(problem.fixed.tolist(), paths, strict=True):
        broken = pair_violations(problem, codes, mentee, mentor)
        if broken:
            errors.append(f"{path}: infeasible fixed pair: {'; '.join(broken)}")
    for side, col, people in (("mentor", 1, problem.mentors), ("mentee", 0, problem.mentees)):
        load = np.bincount(problem.fixed[:, col], minlength=len(people))
        for k in np.flatnonzero(load > np.array([p.capacity for p in people], dtype=np.int64)):
            errors.append(
                f"fixed_pairs: {side} {people[k].id!r} has {load[k]} fixed "
                f"{'pair' if load[k] == 1 else 'pairs'} "
                f"but capacity {people[k].capacity}"
            )
    return errors


def _distinct(values: NDArray[S]) -> tuple[NDArray[S], IntArray]:
    """Sorted distinct values (NaN counts as one) and each entry's position among them."""
    distinct, code = np.unique(values, return_inverse=True)
    return distinct, code.ravel().astype(np.int64)


def _first_appearance_classes(code: IntArray) -> tuple[IntArray, IntArray]:
    """Distinct values of ``code`` in order of first appearance, and each entry's class
    (its value's position in that order)."""
    values, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return values[order], rank[inverse.ravel()]


def penalty_factors(
    problem: Problem, codes: RuleCodes
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Mentee rows (``-PENALTY`` where a rule fails) and mentor one-hot columns, so that
    ``A @ B.T`` is 0 for pairs passing every per-person rule and ``<= -PENALTY`` otherwise.

    Each rule is decided on a small table of mentee codes x mentor codes, never per person."""
    r = problem.rules
    a_parts: list[NDArray[np.float32]] = []
    b_parts: list[NDArray[np.float32]] = []

    def add(mentee_code: IntArray, mentor_code: IntArray, fails: NDArray[np.bool_]) -> None:
        """``fails[a, c]``: mentees of code ``a`` fail the rule with mentors of code ``c``
        (every code ``a`` belongs to some mentee).

        Codes with identical rows (columns) are merged into classes, and the smaller side is
        one-hot encoded: as many dimensions as the smaller number of classes. Classes are
        sorted by their rows (columns), so the factors do not depend on how codes are
        numbered, only on the order of the columns of ``fails``."""
        if fails.size == 0 or not fails.any():
            return
        rows_u, row_cls = np.unique(fails, axis=0, return_inverse=True)
        cols_u, c_cls = np.unique(rows_u.T, axis=0, return_inverse=True)
        table = cols_u.T  # mentee class x mentor class
        m_cls = c_cls.ravel()[mentor_code]
        e_cls = row_cls.ravel()[mentee_code]
        if table.shape[0] <= table.shape[1]:
            keep = np.flatnonzero(table.any(axis=1))
            a = np.zeros((e_cls.size, keep.size), dtype=np.float32)
            pos = np.full(table.shape[0], -1)
            pos[keep] = np.arange(keep.size)
            hit = pos[e_cls] >= 0
            a[np.flatnonzero(hit), pos[e_cls[hit]]] = -PENALTY
            b = table[keep][:, m_cls].T.astype(np.float32)
        else:
            keep = np.flatnonzero(table.any(axis=0))
            a = np.where(table[:, keep][e_cls], -PENALTY, 0.0).astype(np.float32)
            b = np.zeros((m_cls.size, keep.size), dtype=np.float32)
            pos = np.full(table.shape[1], -1)
            pos[keep] = np.arange(keep.size)
            hit = pos[m_cls] >= 0
            b[np.flatnonzero(hit), pos[m_cls[hit]]] = 1.0
        a_parts.append(a)
        b_parts.append(np.ascontiguousarray(b))

    levels, lv_code = _distinct(codes.mentor_level)
    e_levels, e_code = _distinct(codes.mentee_level)
    add(e_code, lv_code, e_levels[:, None] - levels[None, :] < r.min_level_gap)
    if r.exclude_same_department:
        dm = codes.mentor_dept + 1  # 0: no department
        n = int(max(dm.max(initial=0), codes.mentee_dept.max(initial=-1) + 1)) + 1
        e_depts, e_code = _distinct(codes.mentee_dept + 1)
        fails = (e_depts[:, None] == np.arange(n)[None, :]) & (np.arange(n)[None, :] > 0)
        add(e_code, dm, fails)
    if r.max_timezone_difference_hours is not None:
        tzs, tz_code = _distinct(np.nan_to_num(codes.mentor_tz, nan=99.0))
        e_tzs, e_code = _distinct(codes.mentee_tz)
        diff = np.abs(e_tzs[:, None] - tzs[None, :])
        fails = (diff > r.max_timezone_difference_hours + 1e-9) & (tzs[None, :] < 99.0)
        add(e_code, tz_code, fails)
    if r.require_common_language and problem.n_mentees and problem.n_mentors:
        # mentor sets in order of first appearance: the column order the factors always had
        m_sets, m_code = _first_appearance_classes(codes.mentor_lang_set)
        e_sets, e_code = _distinct(codes.mentee_lang_set)
        add(e_code, m_code, ~codes.lang_set_ok[np.ix_(e_sets, m_sets)])
    a = np.concatenate(a_parts, axis=1) if a_parts else np.zeros((problem.n_mentees, 0), np.float32)
    b = np.concatenate(b_parts, axis=1) if b_parts else np.zeros((problem.n_mentors, 0), np.float32)
    return a, b
