"""How many partners each person has after each rule, for the unmatched reasons.

People are grouped by the codes that decide the per-person rules (level, department, time
zone, language set); counts come from small type-by-type tables, then the sparse rules
(reporting line, forbidden pairs) are subtracted pair by pair. Cost: types x types plus
the number of sparse exceptions, whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .problem import Participant
from .rules import RULE_STAGES
from .scoring import ScoreModel

__all__ = ["stage_counts"]

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _codes(values: Sequence[object]) -> tuple[I64, list[object]]:
    seen: dict[object, int] = {}
    code = np.fromiter(
        (seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values)
    )
    return code, list(seen)


def _types(
    model: ScoreModel, people: Sequence[Participant], level: I64, dept: I64, tz: F64
) -> tuple[I64, F64, list[object]]:
    """Type of each person (one int per distinct rule codes) and each type's codes."""
    lang, lang_sets = _codes([frozenset(p.languages) for p in people])
    tz_code, _ = _codes(np.nan_to_num(tz, nan=1e6).tolist())
    parts = [level - level.min(initial=0), dept + 1, tz_code, lang]
    key = np.zeros(level.size, dtype=np.int64)
    for part in parts:
        key = key * (int(part.max(initial=0)) + 1) + part
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    cols = np.stack([level[first], dept[first], np.nan_to_num(tz[first], nan=1e6), lang[first]], 1)
    return inv.ravel().astype(np.int64), cols.astype(np.float64), lang_sets


def _tables(
    model: ScoreModel, te: F64, tm: F64, lang_e: list[object], lang_m: list[object]
) -> BoolArray:
    """``out[s, a, b]``: mentee type ``a`` and mentor type ``b`` pass rules ``0..s``."""
    r = model.problem.rules
    c0 = te[:, 0][:, None] - tm[:, 0][None, :] >= r.min_level_gap
    c2 = c0.copy()
    if r.exclude_same_department:
        de, dm = te[:, 1][:, None], tm[:, 1][None, :]
        c2 &= (de < 0) | (dm < 0) | (de != dm)
    c3 = c2.copy()
    if r.max_timezone_difference_hours is not None:
        a, b = te[:, 2][:, None], tm[:, 2][None, :]
        c3 &= (a > 1e5) | (b > 1e5) | (np.abs(a - b) <= r.max_timezone_difference_hours + 1e-9)
    c4 = c3.copy()
    if r.require_common_language and lang_e and lang_m:
        sets_e = [frozenset(x) for x in lang_e]  # type: ignore[call-overload]
        sets_m = [frozenset(y) for y in lang_m]  # type: ignore[call-overload]
        ok: BoolArray = np.array(
            [[not x or not y or bool(x & y) for y in sets_m] for x in sets_e], dtype=np.bool_
        )
        c4 &= ok[te[:, 3].astype(np.int64)][:, tm[:, 3].astype(np.int64)]
    return np.stack([c0, c0, c2, c3, c4, c4])


def stage_counts(
    model: ScoreModel, side: str, people: I64, mentee_ok: BoolArray, mentor_ok: BoolArray
) -> I64:
    """``out[k, s]``: partners of ``people[k]`` (on the other side, restricted to the
    ``*_ok`` masks) that pass the first ``s + 1`` rules of :data:`RULE_STAGES`."""
    codes, p = model.codes, model.problem
    n_stages = len(RULE_STAGES)
    if people.size == 0 or p.n_mentees == 0 or p.n_mentors == 0:
        return np.zeros((people.size, n_stages), dtype=np.int64)
    e_type, e_keys, lang_e = _types(
        model, p.mentees, codes.mentee_level, codes.mentee_dept, codes.mentee_tz
    )
    m_type, m_keys, lang_m = _types(
        model, p.mentors, codes.mentor_level, codes.mentor_dept, codes.mentor_tz
    )
    # only the types of the people asked about, against every type of the other side
    own_type = e_type if side == "mentee" else m_type
    needed, local = np.unique(own_type[people], return_inverse=True)
    if side == "mentee":
        tables = _tables(model, e_keys[needed], m_keys, lang_e, lang_m)
        other = np.bincount(m_type[mentor_ok], minlength=m_keys.shape[0]).astype(np.float32)
    else:
        tables = _tables(model, e_keys, m_keys[needed], lang_e, lang_m)
        other = np.bincount(e_type[mentee_ok], minlength=e_keys.shape[0]).astype(np.float32)
    # stages 1 and 5 (reporting line, forbidden) are sparse: same tables as 0 and 4
    counts = {
        s: (
            tables[s].astype(np.float32) @ other
            if side == "mentee"
            else other @ tables[s].astype(np.float32)
        )
        for s in (0, 2, 3, 4)
    }
    per_type = np.stack([counts[s] for s in (0, 0, 2, 3, 4, 4)], 1)
    out = np.rint(per_type[local.ravel()]).astype(np.int64)
    # sparse rules: subtract the pairs they remove from every stage at or after them
    type_pos = np.full(own_type.max() + 1, -1, dtype=np.int64)
    type_pos[needed] = np.arange(needed.size)
    pos = np.full(p.n_mentees if side == "mentee" else p.n_mentors, -1, dtype=np.int64)
    pos[people] = np.arange(people.size)
    rep = codes.reporting.tocoo() if p.rules.exclude_same_reporting_line else None
    for mat, first, skip_reporting in ((rep, 1, False), (codes.forbidden.tocoo(), 5, True)):
        if mat is None or mat.nnz == 0:
            continue
        r, c = mat.row.astype(np.int64), mat.col.astype(np.int64)
        keep = mentee_ok[r] & mentor_ok[c]
        if skip_reporting and rep is not None:
            keep &= ~np.asarray(codes.reporting[r, c]).ravel().astype(bool)
        me = pos[r] if side == "mentee" else pos[c]
        keep &= me >= 0
        r, c, me = r[keep], c[keep], me[keep]
        a = type_pos[e_type[r]] if side == "mentee" else e_type[r]
        b = m_type[c] if side == "mentee" else type_pos[m_type[c]]
        for s in range(first, n_stages):
            hit = tables[s, a, b]
            np.subtract.at(out[:, s], me[hit], 1)
    return np.asarray(out, dtype=np.int64)
