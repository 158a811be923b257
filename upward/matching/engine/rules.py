"""Feasibility: the hard rules, per pair and vectorised.

Rules on level, department, time zone and language depend only on small per-person codes,
so they become *penalty factors*: a one-hot code on the mentor side and a row of
``-PENALTY``/0 on the mentee side, folded into the same matrix product as the scores.
The reporting line and forbidden pairs are sparse exceptions (at most the total length of
all manager chains plus the forbidden list), applied to each block after the product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .problem import Participant, Problem, utc_offset_minutes

__all__ = ["PENALTY", "RuleCodes", "fixed_pair_errors", "pair_violations", "rule_codes"]

PENALTY = float(2**24)  # larger than any score sum (2**23), exact in float32
RULE_STAGES = ("level", "reporting_line", "department", "timezone", "language", "forbidden")

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


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


def _codes(values: Sequence[str | None], vocab: dict[str, int]) -> IntArray:
    return np.array(
        [-1 if v is None else vocab.setdefault(v, len(vocab)) for v in values], dtype=np.int64
    )


def _lang_matrix(people: Sequence[Participant], vocab: dict[str, int]) -> sp.csr_matrix:
    indptr = np.zeros(len(people) + 1, dtype=np.int64)
    cols: list[int] = []
    for k, p in enumerate(people):
        cols.extend(vocab.setdefault(lang, len(vocab)) for lang in p.languages)
        indptr[k + 1] = len(cols)
    data = np.ones(len(cols), dtype=np.float32)
    return sp.csr_matrix(
        (data, np.array(cols, dtype=np.int64), indptr), shape=(len(people), max(1, len(vocab)))
    )


def _reporting_pairs(problem: Problem) -> tuple[IntArray, IntArray]:
    """(mentee, mentor) index pairs where one is in the other's manager chain."""
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    for own, other, own_is_mentee in (
        (problem.mentees, problem.mentors, True),
        (problem.mentors, problem.mentees, False),
    ):
        flat = [c for p in own for c in p.manager_chain]
        if not flat or not other:
            continue
        owner = np.repeat(np.arange(len(own)), [len(p.manager_chain) for p in own])
        ids = np.array([p.id for p in other])  # sorted, fixed-width: fast C comparisons
        wanted = np.array(flat)
        pos = np.minimum(np.searchsorted(ids, wanted), ids.size - 1)
        hit = ids[pos] == wanted
        rows.append(owner[hit] if own_is_mentee else pos[hit])
        cols.append(pos[hit] if own_is_mentee else owner[hit])
    if not rows:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)


def _pair_matrix(rows: IntArray, cols: IntArray, shape: tuple[int, int]) -> sp.csr_matrix:
    m = sp.csr_matrix((np.ones(rows.size, dtype=np.bool_), (rows, cols)), shape=shape)
    m.sum_duplicates()
    m.data[:] = True
    return m


def rule_codes(problem: Problem) -> RuleCodes:
    """Codes for all rules of ``problem`` (see :class:`RuleCodes`)."""
    day = problem.reference_date
    depts: dict[str, int] = {}
    langs: dict[str, int] = {}

    def tz(people: Sequence[Participant]) -> NDArray[np.float64]:
        return np.array(
            [
                np.nan if p.timezone is None else utc_offset_minutes(p.timezone, day) / 60.0
                for p in people
            ],
            dtype=np.float64,
        )

    shape = (problem.n_mentees, problem.n_mentors)
    r_rows, r_cols = _reporting_pairs(problem)
    reporting = _pair_matrix(r_rows, r_cols, shape)
    forbidden = _pair_matrix(problem.forbidden[:, 0], problem.forbidden[:, 1], shape)
    excluded = (
        (reporting + forbidden) if problem.rules.exclude_same_reporting_line else forbidden.copy()
    )
    excluded = excluded.astype(np.bool_).tocsr()
    excluded.sort_indices()
    for p in (*problem.mentees, *problem.mentors):
        for lang in p.languages:
            langs.setdefault(lang, len(langs))
    return RuleCodes(
        mentee_level=np.array([p.level for p in problem.mentees], dtype=np.int64),
        mentor_level=np.array([p.level for p in problem.mentors], dtype=np.int64),
        mentee_dept=_codes([p.department for p in problem.mentees], depts),
        mentor_dept=_codes([p.department for p in problem.mentors], depts),
        mentee_tz=tz(problem.mentees),
        mentor_tz=tz(problem.mentors),
        mentee_langs=_lang_matrix(problem.mentees, langs),
        mentor_langs=_lang_matrix(problem.mentors, langs),
        excluded=excluded,
        reporting=reporting,
        forbidden=forbidden,
    )


def stage_passes(
    problem: Problem, codes: RuleCodes, rows: IntArray, cols: IntArray
) -> NDArray[np.bool_]:
    """For pairs ``(rows[k], cols[k])``: which rule each passes, shape (k, 6) in
    :data:`RULE_STAGES` order (a rule that is switched off always passes)."""
    r = problem.rules
    out = np.ones((rows.size, len(RULE_STAGES)), dtype=np.bool_)
    out[:, 0] = codes.mentee_level[rows] - codes.mentor_level[cols] >= r.min_level_gap
    if r.exclude_same_reporting_line and rows.size:
        out[:, 1] = ~np.asarray(codes.reporting[rows, cols]).ravel().astype(bool)
    if r.exclude_same_department:
        de, dm = codes.mentee_dept[rows], codes.mentor_dept[cols]
        out[:, 2] = (de < 0) | (dm < 0) | (de != dm)
    if r.max_timezone_difference_hours is not None:
        diff = np.abs(codes.mentee_tz[rows] - codes.mentor_tz[cols])
        out[:, 3] = ~(diff > r.max_timezone_difference_hours + 1e-9)  # NaN (unknown) passes
    if r.require_common_language and rows.size:
        le, lm = codes.mentee_langs[rows], codes.mentor_langs[cols]
        common = np.asarray(le.multiply(lm).sum(axis=1)).ravel() > 0
        has_e = np.diff(le.indptr) > 0
        has_m = np.diff(lm.indptr) > 0
        out[:, 4] = common | ~has_e | ~has_m
    if rows.size:
        out[:, 5] = ~np.asarray(codes.forbidden[rows, cols]).ravel().astype(bool)
    return out


def pair_violations(problem: Problem, codes: RuleCodes, mentee: int, mentor: int) -> list[str]:
    """Plain-language list of the rules one pair breaks (empty when feasible)."""
    passes = stage_passes(problem, codes, np.array([mentee]), np.array([mentor]))[0]
    e, m = problem.mentees[mentee], problem.mentors[mentor]
    text = {
        "level": f"mentor {m.id!r} (level {m.level}) is not at least {problem.rules.min_level_gap} "
        f"level(s) below mentee {e.id!r} (level {e.level})",
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
                f"fixed_pairs: {side} {people[k].id!r} has {load[k]} fixed pair(s) "
                f"but capacity {people[k].capacity}"
            )
    return errors


def penalty_factors(
    problem: Problem, codes: RuleCodes
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Mentee rows (``-PENALTY`` where a rule fails) and mentor one-hot columns, so that
    ``A @ B.T`` is 0 for pairs passing every per-person rule and ``<= -PENALTY`` otherwise."""
    r = problem.rules
    a_parts: list[NDArray[np.float32]] = []
    b_parts: list[NDArray[np.float32]] = []

    def add(mentor_code: IntArray, fails: NDArray[np.bool_]) -> None:
        """``fails[i, c]``: mentee ``i`` fails the rule with mentors of code ``c``.

        Mentees (and codes) with identical rows are merged into classes, and the smaller
        side is one-hot encoded: as many dimensions as the smaller number of classes."""
        if fails.size == 0 or not fails.any():
            return
        rows_u, e_cls = np.unique(fails, axis=0, return_inverse=True)
        cols_u, c_cls = np.unique(rows_u.T, axis=0, return_inverse=True)
        table = cols_u.T  # mentee class x mentor class
        m_cls = c_cls.ravel()[mentor_code]
        e_cls = e_cls.ravel()
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

    levels, lv_code = np.unique(codes.mentor_level, return_inverse=True)
    add(lv_code.astype(np.int64), codes.mentee_level[:, None] - levels[None, :] < r.min_level_gap)
    if r.exclude_same_department:
        dm = codes.mentor_dept + 1  # 0: no department
        n = int(max(dm.max(initial=0), codes.mentee_dept.max(initial=-1) + 1)) + 1
        fails = (codes.mentee_dept[:, None] + 1 == np.arange(n)[None, :]) & (
            np.arange(n)[None, :] > 0
        )
        add(dm, fails)
    if r.max_timezone_difference_hours is not None:
        tzs, tz_code = np.unique(np.nan_to_num(codes.mentor_tz, nan=99.0), return_inverse=True)
        diff = np.abs(codes.mentee_tz[:, None] - tzs[None, :])
        fails = (diff > r.max_timezone_difference_hours + 1e-9) & (tzs[None, :] < 99.0)
        add(tz_code.astype(np.int64), np.nan_to_num(fails, nan=0.0).astype(bool))
    if r.require_common_language:
        lm = codes.mentor_langs
        keys = [
            tuple(lm.indices[lm.indptr[k] : lm.indptr[k + 1]].tolist()) for k in range(lm.shape[0])
        ]
        uniq: dict[tuple[int, ...], int] = {}
        code = np.array([uniq.setdefault(k, len(uniq)) for k in keys], dtype=np.int64)
        sets = np.zeros((max(1, len(uniq)), lm.shape[1]), dtype=np.float32)
        for key, u in uniq.items():
            sets[u, list(key)] = 1.0
        le = codes.mentee_langs
        common = np.asarray(le @ sets.T) > 0
        has_e = (np.diff(le.indptr) > 0)[:, None]
        has_m = (sets.sum(axis=1) > 0)[None, :]
        add(code if code.size else np.zeros(0, np.int64), ~common & has_e & has_m)
    a = np.concatenate(a_parts, axis=1) if a_parts else np.zeros((problem.n_mentees, 0), np.float32)
    b = np.concatenate(b_parts, axis=1) if b_parts else np.zeros((problem.n_mentors, 0), np.float32)
    return a, b
