"""How many partners each person has after each rule, for the unmatched reasons.

People are grouped by the codes that decide the per-person rules (level, department, time
zone, language set); counts come from small type-by-type tables, then the sparse rules
(reporting line, forbidden pairs) are subtracted pair by pair. Cost: types x types plus
the number of sparse exceptions, whatever the number of people.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .rules import RULE_STAGES
from .scoring import ScoreModel

__all__ = ["stage_counts"]

I64 = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def _lang_types(mat: object) -> tuple[I64, list[frozenset[int]]]:
    import scipy.sparse as sp

    assert isinstance(mat, sp.csr_matrix)
    seen: dict[frozenset[int], int] = {}
    code = np.array(
        [
            seen.setdefault(
                frozenset(mat.indices[mat.indptr[k] : mat.indptr[k + 1]].tolist()), len(seen)
            )
            for k in range(mat.shape[0])
        ],
        dtype=np.int64,
    )
    return code, list(seen)


def _types(
    level: I64, dept: I64, tz: NDArray[np.float64], lang: I64
) -> tuple[I64, NDArray[np.float64]]:
    tz_code = np.nan_to_num(tz, nan=1e6)
    keys = np.stack(
        [level.astype(np.float64), dept.astype(np.float64), tz_code, lang.astype(np.float64)],
        axis=1,
    )
    if keys.shape[0] == 0:
        return np.empty(0, np.int64), np.empty((0, 4))
    uniq, inv = np.unique(keys, axis=0, return_inverse=True)
    return inv.ravel().astype(np.int64), uniq


def _stage_tables(
    model: ScoreModel,
    te: NDArray[np.float64],
    tm: NDArray[np.float64],
    lang_e: list[frozenset[int]],
    lang_m: list[frozenset[int]],
) -> BoolArray:
    """``out[s, a, b]``: mentee type ``a`` and mentor type ``b`` pass rules ``0..s``."""
    r = model.problem.rules
    lv = te[:, 0][:, None] - tm[:, 0][None, :] >= r.min_level_gap
    ones = np.ones_like(lv)
    dept = ones
    if r.exclude_same_department:
        de, dm = te[:, 1][:, None], tm[:, 1][None, :]
        dept = (de < 0) | (dm < 0) | (de != dm)
    tz = ones
    if r.max_timezone_difference_hours is not None:
        a, b = te[:, 2][:, None], tm[:, 2][None, :]
        unknown = (a > 1e5) | (b > 1e5)
        tz = unknown | (np.abs(a - b) <= r.max_timezone_difference_hours + 1e-9)
    lang = ones
    if r.require_common_language:
        ok = np.array([[not x or not y or bool(x & y) for y in lang_m] for x in lang_e], dtype=bool)
        lang = ok[te[:, 3].astype(np.int64)][:, tm[:, 3].astype(np.int64)] if ok.size else ones
    c0 = lv
    c2 = c0 & dept
    c3 = c2 & tz
    c4 = c3 & lang
    return np.stack([c0, c0, c2, c3, c4, c4])


def stage_counts(
    model: ScoreModel, side: str, people: I64, mentee_ok: BoolArray, mentor_ok: BoolArray
) -> I64:
    """``out[k, s]``: partners of ``people[k]`` (on the other side, restricted to the
    ``*_ok`` masks) that pass the first ``s + 1`` rules of :data:`RULE_STAGES`."""
    codes = model.codes
    n_stages = len(RULE_STAGES)
    if people.size == 0:
        return np.zeros((0, n_stages), dtype=np.int64)
    le, sets_e = _lang_types(codes.mentee_langs)
    lm, sets_m = _lang_types(codes.mentor_langs)
    e_type, e_keys = _types(codes.mentee_level, codes.mentee_dept, codes.mentee_tz, le)
    m_type, m_keys = _types(codes.mentor_level, codes.mentor_dept, codes.mentor_tz, lm)
    if e_keys.shape[0] == 0 or m_keys.shape[0] == 0:
        return np.zeros((people.size, n_stages), dtype=np.int64)
    tables = _stage_tables(model, e_keys, m_keys, sets_e, sets_m).astype(np.int64)
    e_count = np.bincount(e_type[mentee_ok], minlength=e_keys.shape[0])
    m_count = np.bincount(m_type[mentor_ok], minlength=m_keys.shape[0])
    if side == "mentee":
        per_type = np.einsum("sab,b->as", tables, m_count)
        out = per_type[e_type[people]].copy()
    else:
        per_type = np.einsum("sab,a->bs", tables, e_count)
        out = per_type[m_type[people]].copy()
    # sparse rules: subtract the pairs they remove from every stage at or after them
    pos = np.full(model.n_mentees if side == "mentee" else model.n_mentors, -1, dtype=np.int64)
    pos[people] = np.arange(people.size)
    rules = model.problem.rules
    rep = codes.reporting.tocoo() if rules.exclude_same_reporting_line else None
    forb = codes.forbidden.tocoo()
    for mat, first, skip_reporting in ((rep, 1, False), (forb, 5, True)):
        if mat is None or mat.nnz == 0:
            continue
        r, c = mat.row.astype(np.int64), mat.col.astype(np.int64)
        keep = mentee_ok[r] & mentor_ok[c]
        if skip_reporting and rep is not None:
            keep &= ~np.asarray(codes.reporting[r, c]).ravel().astype(bool)
        me = pos[r] if side == "mentee" else pos[c]
        keep &= me >= 0
        r, c, me = r[keep], c[keep], me[keep]
        for s in range(first, n_stages):
            hit = tables[s, e_type[r], m_type[c]] > 0
            np.subtract.at(out[:, s], me[hit], 1)
    return np.asarray(out, dtype=np.int64)
