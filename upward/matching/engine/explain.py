"""Plain-language reasons: why a pair fits, and why someone is left unmatched.

Pair reasons name the concrete overlap behind each criterion that contributed, largest
contribution first, 2 to 4 of them. An unmatched person gets the *binding* rule: rules are
applied in a fixed order (level, reporting line, department, time zone, language,
forbidden pairs) and the first one that leaves nobody on the other side is reported with
everything applied before it; if some feasible partners exist, the reason says they went
to others.

Reasons are built for all pairs (or all unmatched people) at once: the overlaps (common
slots, shared goal terms) are found with array operations, leaving only the sentences to
Python, and texts that many people share are built once.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .problem import CRITERIA, Participant, Problem
from .rules import RULE_STAGES
from .scoring import SCALE, ScoreModel

__all__ = ["pair_reasons", "pairs_reasons", "unmatched_reasons"]

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINAL = ("first", "second", "third", "fourth", "fifth")
_LABELS = {
    "department": "departments",
    "location": "locations",
    "timezone": "time zones",
    "level": "levels",
}


@functools.lru_cache(maxsize=4096)
def _skill_label(skill: str) -> str:
    return skill.split("/", 1)[-1].replace("-", " ").replace("_", " ")


def _family(skill: str) -> str | None:
    return skill.split("/", 1)[0].lower() if "/" in skill else None


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@functools.lru_cache(maxsize=4096)
def _lowered(skills: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s.lower() for s in skills)


def _skills_reason(e: Participant, m: Participant) -> str | None:
    taught = _lowered(m.skills)  # memoised: skill sets recur across people
    exact = [s for s in e.skills if s.lower() in taught]
    n = len(e.skills)
    if exact:
        labels = ", ".join(map(_skill_label, exact))
        if len(exact) == n:
            what = "the skill" if n == 1 else "both skills" if n == 2 else f"all {n} skills"
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


@functools.lru_cache(maxsize=4096)
def _run_label(start: int, end: int, resolution: int) -> str:
    """Slots ``start`` up to ``end`` (exclusive, same day) in UTC, like ``Tuesday 9-11``."""
    day, first = divmod(start * resolution, 1440)
    last = end * resolution - day * 1440
    return f"{_DAY_NAMES[day % 7]} {_clock(first)}\N{EN DASH}{_clock(last)}"


def _time_runs(free: NDArray[np.bool_], per_day: int) -> tuple[I64, I64, I64]:
    """Runs of free slots in each row of ``free``: ``(row, start, end)`` of every run,
    ``end`` exclusive, sorted by row then start. Runs are split at midnight UTC.

    Examples
    --------
    >>> free = np.array([[1, 1, 0, 1, 1, 1], [0, 0, 0, 0, 0, 1]], dtype=bool)
    >>> [x.tolist() for x in _time_runs(free, per_day=4)]
    [[0, 0, 0, 1], [0, 3, 4, 5], [2, 4, 6, 6]]
    """
    day_start = np.arange(free.shape[1]) % per_day == 0
    # a free slot continues the run of the slot before it, unless it starts a day
    continues = np.zeros_like(free)
    continues[:, 1:] = free[:, 1:] & free[:, :-1] & ~day_start[1:]
    continued = np.zeros_like(free)  # the next slot continues this one
    continued[:, :-1] = continues[:, 1:]
    row, start = np.nonzero(free & ~continues)
    _, last = np.nonzero(free & ~continued)
    return row, start, last + 1


def _availability_texts(model: ScoreModel, mentees: I64, mentors: I64) -> list[str | None]:
    av = model.avail
    free = (av.mentee_bits[av.mentee_pattern[mentees]] != 0) & (
        av.mentor_bits[av.mentor_pattern[mentors]] != 0
    )
    row, start, end = _time_runs(free, 1440 // av.resolution)
    first = np.searchsorted(row, np.arange(mentees.size + 1)).tolist()
    start_l, end_l = start.tolist(), end.tolist()
    out: list[str | None] = []
    for a, b in itertools.pairwise(first):
        if a == b:
            out.append(None)
            continue
        labels = [_run_label(start_l[r], end_l[r], av.resolution) for r in range(a, min(b, a + 2))]
        more = f" (and {b - a - 2} more)" if b - a > 2 else ""
        out.append(f"Both free {_listing(labels)} UTC{more}")
    return out


def _difference_texts(
    model: ScoreModel, pairs: list[tuple[Participant, Participant]]
) -> list[str | None]:
    keys = tuple(model.problem.difference_attributes)

    def values(q: Participant) -> tuple[str | None, ...]:
        return tuple([q.attribute(key) for key in keys])

    return [_difference_reason(keys, values(m), values(e)) for e, m in pairs]


@functools.lru_cache(maxsize=4096)  # few distinct value combinations: build each text once
def _difference_reason(
    keys: tuple[str, ...],
    mentor_values: tuple[str | None, ...],
    mentee_values: tuple[str | None, ...],
) -> str | None:
    diffs = []
    for key, a, b in zip(keys, mentor_values, mentee_values, strict=True):
        if a is not None and b is not None and a != b:
            diffs.append((_LABELS.get(key, key.replace("_", " ") + "s"), a, b))
    if not diffs:
        return None
    if len(diffs) == 1:
        label, a, b = diffs[0]
        return f"Different {label}: {a} and {b}"
    return "Different " + _listing([f"{label} ({a} and {b})" for label, a, b in diffs])


def _shared_terms(x: sp.csr_matrix, y: sp.csr_matrix) -> tuple[I64, I64, F64]:
    """``(k, term, weight in x * weight in y)`` for every term that rows ``x[k]`` and
    ``y[k]`` both mention, sorted by ``k`` then term. Stored zeros count as mentioned."""
    n_terms = int(x.shape[1])

    def keys(z: sp.csr_matrix) -> I64:
        row = np.repeat(np.arange(z.shape[0], dtype=np.int64), np.diff(z.indptr))
        key: I64 = row * n_terms + z.indices.astype(np.int64)
        return key

    common, at_x, at_y = np.intersect1d(keys(x), keys(y), return_indices=True)
    weight = x.data[at_x].astype(np.float64) * y.data[at_y].astype(np.float64)
    pair: I64 = common // n_terms
    return pair, common - pair * n_terms, weight


def _goals_texts(model: ScoreModel, mentees: I64, mentors: I64) -> list[str | None]:
    g = model.goals
    if g.method != "tfidf":
        return [
            f"Similar goals (semantic similarity {2 * _dot(g.mentee[i], g.mentor[j]) - 1:.2f})"
            for i, j in zip(mentees.tolist(), mentors.tolist(), strict=True)
        ]
    assert isinstance(g.mentee, sp.csr_matrix) and isinstance(g.mentor, sp.csr_matrix)
    pair, term, weight = _shared_terms(g.mentee[mentees], g.mentor[mentors])
    # each pair's terms by largest product first, ties by term number
    order = np.lexsort((term, -weight, pair))
    bounds = np.searchsorted(pair[order], np.arange(mentees.size + 1)).tolist()
    names = [g.terms[t] for t in term[order].tolist()]
    reasons: list[str | None] = []
    for a, b in itertools.pairwise(bounds):
        # Scores count every shared term; a reason names only words a reader takes as a topic.
        topics = [name for name in names[a:b] if _is_topic(name)][:3]
        reasons.append("Similar goals: both mention " + _listing(topics) if topics else None)
    return reasons


# Words that survive the scoring's stop list but say nothing about a goal when shown to a
# reader as the reason two people match ("both mention one, don and people").
_NOT_TOPICS = frozenset(
    """
    able across actually along already always another anything around away back better big
    bit come day days different don done doesn didn etc even every everything feel find
    first give go going good great keep kind know last learn learning less little lot lots
    many may maybe might much need needs new next often one ones part people person place
    point put quite rather really right say see seem show side since small something start
    still sure take tell thing things think time times today try trying two understand us
    use used using way ways week weeks work working year years yes yet
    """.split()
)


def _is_topic(word: str) -> bool:
    """A content word worth naming: three letters or more, not filler, not a number."""
    return len(word) >= 3 and not word.isdigit() and word not in _NOT_TOPICS


def _dot(a: object, b: object) -> float:
    return float(np.dot(np.asarray(a).ravel(), np.asarray(b).ravel()))


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


def _external_texts(model: ScoreModel, parts: F64) -> list[str | None]:
    c = CRITERIA.index("external")
    if not model.phi[c] > 0:
        return [None] * parts.shape[0]
    return [f"External score {x:.2f}" for x in (parts[:, c] / model.phi[c] / SCALE).tolist()]


def _criterion_texts(
    model: ScoreModel, criterion: int, mentees: I64, mentors: I64, parts: F64
) -> list[str | None]:
    """The reason of one criterion (a :data:`.problem.CRITERIA` index) for each pair
    ``(mentees[k], mentors[k])``; ``None`` where it has nothing concrete to name."""
    name = CRITERIA[criterion]
    if name == "goals":
        return _goals_texts(model, mentees, mentors)
    if name == "availability":
        return _availability_texts(model, mentees, mentors)
    if name == "external":
        return _external_texts(model, parts)
    p = model.problem
    pairs = [
        (p.mentees[i], p.mentors[j])
        for i, j in zip(mentees.tolist(), mentors.tolist(), strict=True)
    ]
    if name == "skills":
        return [_skills_reason(e, m) for e, m in pairs]
    if name == "difference":
        return _difference_texts(model, pairs)
    return [_preference_reason(e, m) for e, m in pairs]


def _fallback_reasons(p: Problem, e: Participant, m: Participant, reasons: list[str]) -> None:
    """Top ``reasons`` up to two with what every feasible pair has in common."""
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


def pair_reasons(model: ScoreModel, i: int, j: int, parts: NDArray[np.float64]) -> list[str]:
    """2 to 4 reasons for the pair (mentee ``i``, mentor ``j``) with criterion ``parts``."""
    one = np.array([i], dtype=np.int64), np.array([j], dtype=np.int64)
    return pairs_reasons(model, *one, np.asarray(parts, dtype=np.float64).reshape(1, -1))[0]


def pairs_reasons(model: ScoreModel, mentees: I64, mentors: I64, parts: F64) -> list[list[str]]:
    """:func:`pair_reasons` of every pair ``(mentees[k], mentors[k])``, ``parts[k]``.

    Each contributing criterion names its overlap, largest contribution first (ties in
    criterion order), up to 4; fewer than 2 are topped up with a shared language, the level
    gap and the departments.
    """
    p = model.problem
    by_criterion = np.full(parts.shape[::-1], None, dtype=object)
    for c, texts in enumerate(by_criterion):
        at = np.flatnonzero(parts[:, c] > 0)  # only contributing criteria give a reason
        texts[at] = _criterion_texts(model, c, mentees[at], mentors[at], parts[at])
    order = np.argsort(-parts, axis=1, kind="stable").tolist()
    pairs = zip(mentees.tolist(), mentors.tolist(), by_criterion.T.tolist(), order, strict=True)
    out = []
    for i, j, texts, criteria in pairs:
        reasons = [text for c in criteria if (text := texts[c])][:4]
        if len(reasons) < 2:
            _fallback_reasons(p, p.mentees[i], p.mentors[j], reasons)
        out.append(reasons)
    return out


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


def _went_to_others(side: str, objective: str, n: int, names: Sequence[str] = ()) -> str:
    """Why someone with ``n`` feasible partners (named when given) is left unmatched."""
    other = "mentor" if side == "mentee" else "mentee"
    named = f" ({_listing(list(names))})" if names else ""
    one = n == 1
    lead = f"the only feasible {other}{named}" if one else f"all {n} feasible {other}s{named}"
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
    return f"{lead} {tail}"


def _by_value(values: I64, text: Callable[[int], str]) -> NDArray[np.object_]:
    """``text(values[k])`` for every ``k``, built once per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    texts = np.empty(distinct.size, dtype=object)
    texts[:] = [text(v) for v in distinct.tolist()]
    out: NDArray[np.object_] = texts[inverse.ravel()]
    return out


def unmatched_reasons(
    model: ScoreModel,
    side: str,
    people: I64,
    stage_counts: I64,
    objective: str,
    feasible_names: Sequence[Sequence[str]] | None = None,
    capacity: I64 | None = None,
) -> list[str]:
    """Binding reason for each unmatched person; ``stage_counts[k, s]`` is how many partners
    pass the first ``s + 1`` rules (see :func:`.feasibility.stage_counts`). ``capacity``
    of everyone on ``side`` is read from the participants when not given."""
    if people.size == 0:
        return []
    p = model.problem
    other = "mentor" if side == "mentee" else "mentee"
    group = p.mentees if side == "mentee" else p.mentors
    # Most people share their text: texts are built per distinct count or binding rule,
    # then overridden in increasing precedence.
    feasible = stage_counts[:, -1]
    out = _by_value(feasible, lambda n: _went_to_others(side, objective, n))
    if feasible_names is not None:
        for k in np.flatnonzero(feasible <= 3).tolist():
            if feasible_names[k]:
                out[k] = _went_to_others(side, objective, int(feasible[k]), feasible_names[k])
    has_zero = (stage_counts == 0).any(axis=1)
    first_zero = np.argmax(stage_counts == 0, axis=1)
    out[has_zero] = _by_value(first_zero[has_zero], lambda s: _reason_for_rule(model, side, s))
    if not (p.mentors if side == "mentee" else p.mentees):
        out[:] = f"no {other}s in the program"
    if capacity is None:
        capacity = np.fromiter((q.capacity for q in group), np.int64, len(group))
    out[capacity[people] == 0] = "capacity is 0"
    texts: list[str] = out.tolist()
    return texts
