"""Plain-language reasons: why a pair fits, and why someone is left unmatched.

Pair reasons name the concrete overlap behind each criterion that contributed, largest
contribution first, 2 to 4 of them. An unmatched person gets the *binding* rule: rules are
applied in a fixed order (level, reporting line, department, time zone, language,
forbidden pairs) and the first one that leaves nobody on the other side is reported with
everything applied before it; if some feasible partners exist, the reason says they went
to others.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .problem import Participant
from .rules import RULE_STAGES
from .scoring import ScoreModel

__all__ = ["pair_reasons", "unmatched_reasons"]

I64 = NDArray[np.int64]
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINAL = ("first", "second", "third", "fourth", "fifth")
_LABELS = {
    "department": "departments",
    "location": "locations",
    "timezone": "time zones",
    "level": "levels",
}


def _skill_label(skill: str) -> str:
    return skill.split("/", 1)[-1].replace("-", " ").replace("_", " ")


def _family(skill: str) -> str | None:
    return skill.split("/", 1)[0].lower() if "/" in skill else None


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _skills_reason(e: Participant, m: Participant) -> str | None:
    taught = {s.lower() for s in m.skills}
    exact = [s for s in e.skills if s.lower() in taught]
    n = len(e.skills)
    if exact:
        labels = ", ".join(_skill_label(s) for s in exact)
        if len(exact) == n:
            what = "the skill" if n == 1 else f"all {n} skills"
            return f"Teaches {what} {e.name} wants: {labels}"
        return f"Teaches {len(exact)} of the {n} skills {e.name} wants: {labels}"
    fams = {_family(s): s for s in reversed(m.skills) if _family(s)}
    related = [(s, fams[f]) for s in e.skills if (f := _family(s)) in fams]
    if related:
        wanted, have = related[0]
        return (
            f"Teaches {_skill_label(have)}, related to {_skill_label(wanted)} that {e.name} wants"
        )
    return None


def _clock(minute_of_day: int) -> str:
    h, mm = divmod(minute_of_day, 60)
    return f"{h}" if mm == 0 else f"{h}:{mm:02d}"


def _time_runs(slots: I64, resolution: int) -> list[str]:
    """Contiguous UTC stretches, one per day, like ``Tuesday 9-11``."""
    per_day = 1440 // resolution
    runs: list[tuple[int, int]] = []
    for s in slots.tolist():
        if runs and runs[-1][1] == s and s % per_day != 0:
            runs[-1] = (runs[-1][0], s + 1)
        else:
            runs.append((s, s + 1))
    out = []
    for a, b in runs:
        day, start = divmod(a * resolution, 1440)
        end = b * resolution - day * 1440
        out.append(f"{_DAY_NAMES[day % 7]} {_clock(start)}\N{EN DASH}{_clock(end)}")
    return out


def _slot_sets(model: ScoreModel, side: str) -> list[frozenset[int]]:
    key = f"slots_{side}"
    if key not in model.cache:
        bits = model.avail.mentee_bits if side == "mentee" else model.avail.mentor_bits
        rows, cols = np.nonzero(bits)
        sets: list[list[int]] = [[] for _ in range(bits.shape[0])]
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            sets[r].append(c)
        model.cache[key] = [frozenset(x) for x in sets]
    out: list[frozenset[int]] = model.cache[key]  # type: ignore[assignment]
    return out


def _availability_reason(model: ScoreModel, i: int, j: int) -> str | None:
    av = model.avail
    both = (
        _slot_sets(model, "mentee")[av.mentee_pattern[i]]
        & _slot_sets(model, "mentor")[av.mentor_pattern[j]]
    )
    if not both:
        return None
    runs = _time_runs(np.array(sorted(both), dtype=np.int64), av.resolution)
    more = f" (and {len(runs) - 2} more)" if len(runs) > 2 else ""
    return f"Both free {_listing(runs[:2])} UTC{more}"


def _difference_reason(model: ScoreModel, e: Participant, m: Participant) -> str | None:
    diffs = []
    for key in model.problem.difference_attributes:
        a, b = m.attribute(key), e.attribute(key)
        if a is not None and b is not None and a != b:
            diffs.append((_LABELS.get(key, key.replace("_", " ") + "s"), a, b))
    if not diffs:
        return None
    if len(diffs) == 1:
        label, a, b = diffs[0]
        return f"Different {label}: {a} and {b}"
    return "Different " + _listing([f"{label} ({a} and {b})" for label, a, b in diffs])


def _goals_reason(model: ScoreModel, i: int, j: int) -> str | None:
    g = model.goals
    if g.method != "tfidf":
        sim = float(np.dot(np.asarray(g.mentee[i]).ravel(), np.asarray(g.mentor[j]).ravel()))
        return f"Similar goals (semantic similarity {2 * sim - 1:.2f})"
    weights_e, weights_m = _term_weights(model, "mentee", i), _term_weights(model, "mentor", j)
    common = weights_e.keys() & weights_m.keys()
    if not common:
        return None
    top = sorted(common, key=lambda t: (-weights_e[t] * weights_m[t], t))[:3]
    return "Similar goals: both mention " + _listing([g.terms[t] for t in top])


def _term_weights(model: ScoreModel, side: str, row: int) -> dict[int, float]:
    """Goal term weights of one person (memoised on the model)."""
    cache = model.cache.setdefault(f"terms_{side}", {})
    assert isinstance(cache, dict)
    if row not in cache:
        x = model.goals.mentee if side == "mentee" else model.goals.mentor
        assert isinstance(x, sp.csr_matrix)
        a, b = x.indptr[row], x.indptr[row + 1]
        cache[row] = dict(zip(x.indices[a:b].tolist(), x.data[a:b].tolist(), strict=True))
    out: dict[int, float] = cache[row]
    return out


def _preference_reason(e: Participant, m: Participant) -> str | None:
    def nth(k: int) -> str:
        return _ORDINAL[k] if k < len(_ORDINAL) else f"no. {k + 1}"

    e_pick = e.preferences.index(m.id) if m.id in e.preferences else None
    m_pick = m.preferences.index(e.id) if e.id in m.preferences else None
    if e_pick is not None and m_pick is not None:
        return f"Chose each other ({e.name}'s {nth(e_pick)} choice, {m.name}'s {nth(m_pick)})"
    if e_pick is not None:
        return f"{e.name} asked for {m.name} ({nth(e_pick)} choice)"
    if m_pick is not None:
        return f"{m.name} asked for {e.name} ({nth(m_pick)} choice)"
    return None


def pair_reasons(model: ScoreModel, i: int, j: int, parts: NDArray[np.float64]) -> list[str]:
    """2 to 4 reasons for the pair (mentee ``i``, mentor ``j``) with criterion ``parts``."""
    p = model.problem
    e, m = p.mentees[i], p.mentors[j]
    makers = {
        0: lambda: _skills_reason(e, m),
        1: lambda: _goals_reason(model, i, j),
        2: lambda: _availability_reason(model, i, j),
        3: lambda: _difference_reason(model, e, m),
        4: lambda: _preference_reason(e, m),
        5: lambda: (
            f"External score {parts[5] / model.phi[5] / 2**23:.2f}" if model.phi[5] > 0 else None
        ),
    }
    reasons: list[str] = []
    for c in sorted(range(6), key=lambda c: (-parts[c], c)):
        if parts[c] <= 0 or len(reasons) == 4:
            continue
        text = makers[c]()
        if text:
            reasons.append(text)
    if len(reasons) < 2:
        common = [lang for lang in e.languages if lang in m.languages]
        if common:
            reasons.append(f"Both speak {_listing(common)}")
    if len(reasons) < 2:
        gap = e.level - m.level
        reasons.append(
            f"{m.name} is {gap} level{'s' if abs(gap) != 1 else ''} below {e.name} "
            f"(levels {m.level} and {e.level})"
        )
    if len(reasons) < 2 and (e.department or m.department):
        reasons.append(
            "Outside each other's reporting line"
            if p.rules.exclude_same_reporting_line
            else f"Departments: {m.department or 'none'} and {e.department or 'none'}"
        )
    return reasons[:4]


def _reason_for_rule(model: ScoreModel, side: str, binding: int) -> str:
    """``no mentor <rules before and at the binding one>``, in plain words."""
    r = model.problem.rules
    gap = r.min_level_gap
    other = "mentor" if side == "mentee" else "mentee"
    words = []
    for stage in RULE_STAGES[: binding + 1]:
        if stage == "level":
            rel = "below" if side == "mentee" else "above"
            if gap > 0:
                words.append(f"at least {gap} level{'s' if gap != 1 else ''} {rel}")
            elif gap == 0:
                words.append(f"at the same level or {rel}")
        elif stage == "reporting_line" and r.exclude_same_reporting_line:
            words.append("outside the reporting line")
        elif stage == "department" and r.exclude_same_department:
            words.append("in another department")
        elif stage == "timezone" and r.max_timezone_difference_hours is not None:
            words.append(f"within {r.max_timezone_difference_hours:g} hours' time difference")
    language = binding >= RULE_STAGES.index("language") and r.require_common_language
    if binding == RULE_STAGES.index("forbidden"):
        who = " ".join([*words, "who shares a language"] if language else words)
        return f"every {other} {who} is a forbidden pair".replace("  ", " ")
    return " ".join(["no", other, *words, *(["shares a language"] if language else [])])


def unmatched_reasons(
    model: ScoreModel,
    side: str,
    people: I64,
    stage_counts: I64,
    objective: str,
    feasible_names: Sequence[Sequence[str]] | None = None,
) -> list[str]:
    """Binding reason for each unmatched person; ``stage_counts[k, s]`` is how many partners
    pass the first ``s + 1`` rules (see :func:`.feasibility.stage_counts`)."""
    p = model.problem
    other = "mentor" if side == "mentee" else "mentee"
    group = p.mentees if side == "mentee" else p.mentors
    nobody = not (p.mentors if side == "mentee" else p.mentees)
    has_zero = (stage_counts == 0).any(axis=1) if stage_counts.size else np.zeros(people.size, bool)
    first_zero = np.argmax(stage_counts == 0, axis=1) if stage_counts.size else has_zero.astype(int)
    by_rule = {
        s: _reason_for_rule(model, side, s) for s in np.unique(first_zero[has_zero]).tolist()
    }
    out = []
    for k, idx in enumerate(people.tolist()):
        if group[idx].capacity == 0:
            out.append("capacity is 0")
            continue
        if nobody:
            out.append(f"no {other}s in the program")
            continue
        if has_zero[k]:
            out.append(by_rule[int(first_zero[k])])
            continue
        n = int(stage_counts[k, -1])
        names = ""
        if feasible_names is not None and feasible_names[k] and n <= 3:
            names = f" ({_listing(list(feasible_names[k]))})"
        one = n == 1
        lead = f"the only feasible {other}{names}" if one else f"all {n} feasible {other}s{names}"
        if objective == "stable" and side == "mentee":
            tail = (
                "is full with mentees it ranks higher"
                if one
                else "are full with mentees they rank higher"
            )
        elif objective == "stable":
            tail = "has a mentor they rank higher" if one else "have mentors they rank higher"
        elif side == "mentee":
            tail = "is needed for another pair" if one else "are needed for other pairs"
        else:
            tail = "is matched with another mentor" if one else "are matched with other mentors"
        out.append(f"{lead} {tail}")
    return out
