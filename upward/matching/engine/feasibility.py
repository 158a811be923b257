"""How many partners each person has after each rule, for the unmatched reasons.

People are grouped into *classes* by the codes of the level, department and time zone
rules (a few hundred in a large program), and within a class by language set (one code per
person in :class:`.rules.RuleCodes`). Counts come from small products of class x class rule
tables with the number of partners per (class, language set); then the sparse rules
(reporting line, forbidden pairs) are subtracted pair by pair. Cost: classes x classes x
language sets plus the number of sparse exceptions, whatever the number of people.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .blocks import single_threaded_blas
from .rules import RULE_STAGES, person_rule_passes
from .scoring import ScoreModel

__all__ = ["stage_counts"]

I64 = NDArray[np.int64]
F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

NO_TIMEZONE = 1e6  # stands for an unknown UTC offset in class codes; passes every difference


def _rule_classes(model: ScoreModel, side: str) -> tuple[I64, F64]:
    """Class of each person of ``side`` by (level, department, UTC offset), and each
    class's codes as columns ``level, department, offset``. Built once per model."""
    key = f"rule_classes_{side}"
    if key not in model.cache:
        c = model.codes
        level, dept, tz = (
            (c.mentee_level, c.mentee_dept, c.mentee_tz)
            if side == "mentee"
            else (c.mentor_level, c.mentor_dept, c.mentor_tz)
        )
        tz_values, tz_code = np.unique(np.nan_to_num(tz, nan=NO_TIMEZONE), return_inverse=True)
        parts = [level - level.min(initial=0), dept + 1, tz_code.ravel()]
        combined = np.zeros(level.size, dtype=np.int64)
        for part in parts:
            combined = combined * (int(part.max(initial=0)) + 1) + part
        _, first, cls = np.unique(combined, return_index=True, return_inverse=True)
        keys = np.stack([level[first], dept[first], tz_values[tz_code.ravel()[first]]], 1)
        model.cache[key] = (cls.ravel().astype(np.int64), keys.astype(np.float64))
    out: tuple[I64, F64] = model.cache[key]  # type: ignore[assignment]
    return out


def _class_passes(model: ScoreModel, side: str, own_keys: F64, other_keys: F64) -> BoolArray:
    """``out[k, a, b]``: own class ``a`` (of ``side``) and other class ``b`` pass the level
    rule (k = 0), level and department (k = 1), and also the time zone rule (k = 2).

    Built in own x other order, C-contiguous: the fast layout for the products after."""
    r = model.problem.rules
    own, other = own_keys[:, None, :], other_keys[None, :, :]
    e, m = (own, other) if side == "mentee" else (other, own)
    level = e[..., 0] - m[..., 0] >= r.min_level_gap
    dept = level.copy()
    if r.exclude_same_department:
        de, dm = e[..., 1], m[..., 1]
        dept &= (de < 0) | (dm < 0) | (de != dm)
    zone = dept.copy()
    if r.max_timezone_difference_hours is not None:
        a, b = e[..., 2], m[..., 2]
        unknown = (a == NO_TIMEZONE) | (b == NO_TIMEZONE)
        zone &= unknown | (np.abs(a - b) <= r.max_timezone_difference_hours + 1e-9)
    return np.stack([level, dept, zone])


def _per_person_counts(
    model: ScoreModel, side: str, people: I64, mentee_ok: BoolArray, mentor_ok: BoolArray
) -> F32:
    """Counts of :func:`stage_counts` before the sparse rules are applied."""
    codes = model.codes
    own_cls, own_keys = _rule_classes(model, side)
    other_cls, other_keys = _rule_classes(model, "mentor" if side == "mentee" else "mentee")
    own_set, other_set, other_ok = (
        (codes.mentee_lang_set, codes.mentor_lang_set, mentor_ok)
        if side == "mentee"
        else (codes.mentor_lang_set, codes.mentee_lang_set, mentee_ok)
    )
    # only the classes of the people asked about, against every class of the other side
    needed, local = np.unique(own_cls[people], return_inverse=True)
    local = local.ravel()
    # float32 products of 0/1 tables and counts: exact below 2**24 people
    tables = _class_passes(model, side, own_keys[needed], other_keys).astype(np.float32)
    # partners per (other class, language set), restricted to the *_ok mask
    n_sets = codes.lang_set_ok.shape[0]
    pair_code = other_cls[other_ok] * n_sets + other_set[other_ok]
    partners = np.bincount(pair_code, minlength=other_keys.shape[0] * n_sets)
    partners = partners.reshape(other_keys.shape[0], n_sets).astype(np.float32)
    # Products well under 1 ms on one core: with every BLAS thread, on a busy machine, they
    # wait for a thread that is not running (measured 0.8 ms on one thread, 10 ms on two).
    with single_threaded_blas():
        level, dept, zone = tables @ partners.sum(axis=1)
        if model.problem.rules.require_common_language:
            # the language rule is decided by the two sets: count per own class and own set
            ok = codes.lang_set_ok if side == "mentee" else codes.lang_set_ok.T  # own x other
            by_own_set = (tables[2] @ partners) @ ok.T.astype(np.float32)
            language = by_own_set[local, own_set[people]]
        else:
            language = zone[local]
    # stages 1 and 5 (reporting line, forbidden) are sparse: same counts as 0 and 4
    return np.stack([level[local], level[local], dept[local], zone[local], language, language], 1)


def stage_counts(
    model: ScoreModel, side: str, people: I64, mentee_ok: BoolArray, mentor_ok: BoolArray
) -> I64:
    """``out[k, s]``: partners of ``people[k]`` (on the other side, restricted to the
    ``*_ok`` masks) that pass the first ``s + 1`` rules of :data:`RULE_STAGES`."""
    codes, p = model.codes, model.problem
    n_stages = len(RULE_STAGES)
    if people.size == 0 or p.n_mentees == 0 or p.n_mentors == 0:
        return np.zeros((people.size, n_stages), dtype=np.int64)
    out = np.rint(_per_person_counts(model, side, people, mentee_ok, mentor_ok)).astype(np.int64)
    # sparse rules: subtract the pairs they remove from every stage at or after them
    pos = np.full(p.n_mentees if side == "mentee" else p.n_mentors, -1, dtype=np.int64)
    pos[people] = np.arange(people.size)
    rep = codes.reporting.tocoo() if p.rules.exclude_same_reporting_line else None
    for mat, first, skip_reporting in ((rep, 1, False), (codes.forbidden.tocoo(), 5, True)):
        if mat is None or mat.nnz == 0:
            continue
        r, c = mat.row.astype(np.int64), mat.col.astype(np.int64)
        # only partners inside the other side's mask count (as in the tables above)
        keep = mentor_ok[c] if side == "mentee" else mentee_ok[r]
        if skip_reporting and rep is not None:
            keep &= ~np.asarray(codes.reporting[r, c]).ravel().astype(bool)
        me = pos[r] if side == "mentee" else pos[c]
        keep &= me >= 0
        r, c, me = r[keep], c[keep], me[keep]
        # which of the per-person rules 0..s each removed pair passes
        passes = np.logical_and.accumulate(person_rule_passes(p, codes, r, c), axis=1)
        for s in range(first, n_stages):
            out[:, s] -= np.bincount(me[passes[:, s]], minlength=people.size)
    return np.asarray(out, dtype=np.int64)
