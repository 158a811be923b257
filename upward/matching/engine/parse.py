"""Input format version 1: validate a JSON-like dict and build a :class:`~.problem.Problem`.

Every problem in the input is collected before anything is raised, so a caller sees all of
them at once, each prefixed by its JSON path (``mentors[3].level: expected an integer``).
Both sides are sorted by id: the rest of the engine never sees the input order, which is
what makes the output independent of it. A fast path handles clean participants without
per-field bookkeeping; anything unusual goes through the checker that reports errors.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from operator import attrgetter
from typing import Any

import numpy as np

from .collector import without_collector
from .external import External, read_external
from .problem import (
    _PARTICIPANT_KEYS,
    _RULE_KEYS,
    _SLOT,
    _TOP_KEYS,
    CRITERIA,
    DEFAULT_REFERENCE_DATE,
    DEFAULT_WEIGHTS,
    GOAL_MODELS,
    OBJECTIVES,
    InputError,
    IntArray,
    Participant,
    Problem,
    Rules,
    Weights,
    utc_offset_minutes,
)

__all__ = ["parse_problem"]


class _Checker:
    """Collects errors; every ``want_*`` returns a clean value or ``None``."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def want_str(self, value: Any, path: str, *, empty: bool = True) -> str | None:
        if not isinstance(value, str):
            self.add(path, "expected a string")
            return None
        if not empty and not value.strip():
            self.add(path, "expected a non-empty string")
            return None
        return value

    def want_int(self, value: Any, path: str, minimum: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.add(path, "expected an integer")
                return None
        if minimum is not None and value < minimum:
            self.add(path, f"expected an integer >= {minimum}")
            return None
        return int(value)

    def want_number(self, value: Any, path: str, lo: float, hi: float) -> float | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.add(path, f"expected a number between {lo:g} and {hi:g}")
            return None
        if not lo <= value <= hi:
            self.add(path, f"expected a number between {lo:g} and {hi:g}")
            return None
        return float(value)

    def want_bool(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.add(path, "expected true or false")
            return None
        return value

    def want_list(self, value: Any, path: str) -> list[Any] | None:
        if not isinstance(value, list | tuple):
            self.add(path, "expected a list")
            return None
        return list(value)

    def want_object(
        self, value: Any, path: str, allowed: Sequence[str] | frozenset[str]
    ) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.add(path, "expected an object")
            return None
        for key in value:
            if key not in allowed:
                self.add(f"{path}.{key}" if path else str(key), "unknown field")
        return value

    def str_list(self, value: Any, path: str, *, unique: bool = False) -> list[str]:
        items = self.want_list(value, path)
        out: list[str] = []
        seen: set[str] = set()
        for k, item in enumerate(items or ()):
            s = self.want_str(item, f"{path}[{k}]", empty=False)
            if s is None:
                continue
            if unique and s in seen:
                self.add(f"{path}[{k}]", f"duplicate value {s!r}")
                continue
            if s not in seen:
                seen.add(s)
                out.append(s)
        return out


def _parse_slot(value: str) -> str | None:
    m = _SLOT.match(value.strip())
    if m is None or int(m.group(2)) > 23:
        return None
    return f"{m.group(1).lower()}-{int(m.group(2)):02d}"


_LIST_TYPES = frozenset({list, tuple})
_ONLY_STR = frozenset({str})
_STR_OR_NONE = frozenset({str, type(None)})


class _Memo(dict[Any, Any]):
    """``memo[key]`` is ``compute(key)``, computed once per distinct key (for one parse).

    The same few hundred language and availability lists, and the same skills, repeat over
    thousands of people: a plain dict subscript then replaces the per-person work, and the
    work itself can afford to be the checker's own (such as the slot regular expression).
    """

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.compute(key)
        return value


def _clean_languages(raw: tuple[str, ...]) -> tuple[str, ...] | None:
    """Stripped, lower-case, without repeats; ``None`` if one is blank."""
    lowered = tuple(map(str.lower, map(str.strip, raw)))
    return None if "" in lowered else tuple(dict.fromkeys(lowered))


def _clean_availability(
    slots: Mapping[str, str | None], raw: tuple[str, ...]
) -> tuple[str, ...] | None:
    """Canonical slots (``tue-09``) without repeats; ``None`` if one is not a slot."""
    canonical = tuple(map(slots.__getitem__, raw))
    return None if None in canonical else tuple(dict.fromkeys(canonical))  # type: ignore[arg-type]


def _tidy_skill_key(skill: str) -> str | None:
    """Case-insensitive key of a skill needing no stripping; ``None`` if it does (or is blank)."""
    return skill.lower() if skill and skill.strip() == skill else None


def _clean_skills(raw: Sequence[str]) -> tuple[str, ...] | None:
    """Stripped skills, the first spelling of each (case-insensitive); ``None`` if one is blank."""
    stripped = tuple(map(str.strip, raw))
    if "" in stripped:
        return None
    first: dict[str, str] = {}
    for skill in stripped:
        first.setdefault(skill.lower(), skill)
    return tuple(first.values())


class _FastPath:
    """Builds the common, clean participant without per-field bookkeeping, for one parse.

    Calling it returns ``None`` for anything unusual, which :func:`_checked_participant`
    then handles (and reports, if it is an error): the fast path only has to be sure when
    it accepts, and must then give exactly what the checker would. It runs 12,000 times in
    a big parse, so it is one flat function of C-level checks; its caches live as long as
    one parse, so nothing is shared between calls or threads.
    """

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.zones: set[str] = set()  # time zones that resolve on `day`
        self.languages = _Memo(_clean_languages)
        slots = _Memo(_parse_slot)  # 7 days x 24 hours, in a spelling or two: few regexes
        self.availability = _Memo(partial(_clean_availability, slots))
        self.skill_keys = _Memo(_tidy_skill_key)

    def __call__(self, raw: Any) -> Participant | None:
        if type(raw) is not dict or not _PARTICIPANT_KEYS.issuperset(raw):
            return None
        get = raw.get
        pid, level, cap = get("id"), get("level"), get("capacity", 1)
        if type(pid) is not str or type(level) is not int or type(cap) is not int:
            return None
        if cap < 0 or not pid.strip():
            return None
        languages, skills, slots = get("languages", ()), get("skills", ()), get("availability", ())
        chain, prefs, attrs = (
            get("manager_chain", ()),
            get("preferences", ()),
            get("attributes", {}),
        )
        if not (
            type(languages) in _LIST_TYPES
            and type(skills) in _LIST_TYPES
            and type(slots) in _LIST_TYPES
            and type(chain) in _LIST_TYPES
            and type(prefs) in _LIST_TYPES
            and type(attrs) is dict
        ):
            return None
        # One type check for all strings of the lists at once. Exactly `str`: a subclass
        # could strip, compare or hash differently from what the lookups below assume.
        strings = [*languages, *skills, *slots, *chain, *prefs, *attrs, *attrs.values()]
        if strings and set(map(type, strings)) != _ONLY_STR:
            return None
        if chain and not all(map(str.strip, chain)):
            return None
        if prefs and (not all(map(str.strip, prefs)) or len(set(prefs)) != len(prefs)):
            return None
        dept, loc, tz = get("department"), get("location"), get("timezone")
        if not {type(dept), type(loc), type(tz)} <= _STR_OR_NONE:
            return None
        if (dept is not None and not dept.strip()) or (loc is not None and not loc.strip()):
            return None
        if tz is not None and tz not in self.zones and not self._resolves(tz):
            return None
        name, goals = get("name", pid), get("goals", "")
        if type(name) is not str or not (goals is None or type(goals) is str):
            return None
        name = name or pid  # an empty name reads as the id in reasons, as in the checker
        languages = self.languages[tuple(languages)]
        slots = self.availability[tuple(slots)]
        keys = tuple(map(self.skill_keys.__getitem__, skills))
        if None in keys or len(set(keys)) < len(keys):
            skills = _clean_skills(skills)  # padding, blanks or case variants: the general rule
        else:
            skills = tuple(skills)
        if languages is None or slots is None or skills is None:
            return None
        # tuple.__new__ skips the keyword handling of the named tuple's own __new__
        return tuple.__new__(
            Participant,
            (
                pid,
                name,
                level,
                dept,
                loc,
                tz,
                languages,
                skills,
                goals or "",
                slots,
                tuple(dict.fromkeys(chain)),  # a repeated manager once, as in the checker
                cap,
                tuple(prefs),
                tuple(sorted(attrs.items())) if attrs else (),
            ),
        )

    def _resolves(self, tz: str) -> bool:
        """Whether ``tz`` is a known IANA zone (remembered when it is)."""
        if not tz.strip():
            return False
        try:
            utc_offset_minutes(tz, self.day)
        except KeyError:
            return False
        self.zones.add(tz)
        return True


def _checked_participant(chk: _Checker, raw: Any, path: str, day: dt.date) -> Participant | None:
    """A participant checked field by field; every problem found goes to ``chk``."""
    obj = chk.want_object(raw, path, _PARTICIPANT_KEYS)
    if obj is None:
        return None
    n_before = len(chk.errors)
    pid = chk.want_str(obj["id"], f"{path}.id", empty=False) if "id" in obj else None
    if "id" not in obj:
        chk.add(f"{path}.id", "missing (required)")
    level = chk.want_int(obj["level"], f"{path}.level") if "level" in obj else None
    if "level" not in obj:
        chk.add(f"{path}.level", "missing (required)")
    name = chk.want_str(obj.get("name", pid or ""), f"{path}.name") or pid or ""
    opt: dict[str, str | None] = {}
    for key in ("department", "location", "timezone"):
        v = obj.get(key)
        opt[key] = None if v is None else chk.want_str(v, f"{path}.{key}", empty=False)
    tz = opt["timezone"]
    if tz is not None:
        try:
            utc_offset_minutes(tz, day)
        except KeyError:
            chk.add(f"{path}.timezone", f"unknown IANA time zone {tz!r}")
    languages = [
        s.strip().lower() for s in chk.str_list(obj.get("languages", []), f"{path}.languages")
    ]
    first_spelling: dict[str, str] = {}
    for s in chk.str_list(obj.get("skills", []), f"{path}.skills"):
        first_spelling.setdefault(s.strip().lower(), s.strip())
    skills = list(first_spelling.values())
    goals = obj.get("goals", "")
    goals = "" if goals is None else chk.want_str(goals, f"{path}.goals") or ""
    slots: list[str] = []
    for k, s in enumerate(chk.str_list(obj.get("availability", []), f"{path}.availability")):
        slot = _parse_slot(s)
        if slot is None:
            chk.add(f"{path}.availability[{k}]", f"expected a weekly slot like 'tue-09', got {s!r}")
        elif slot not in slots:
            slots.append(slot)
    chain = chk.str_list(obj.get("manager_chain", []), f"{path}.manager_chain")
    capacity = chk.want_int(obj.get("capacity", 1), f"{path}.capacity", minimum=0)
    prefs = chk.str_list(obj.get("preferences", []), f"{path}.preferences", unique=True)
    attrs: list[tuple[str, str]] = []
    raw_attrs = obj.get("attributes", {})
    if not isinstance(raw_attrs, Mapping):
        chk.add(f"{path}.attributes", "expected an object of strings")
    else:
        for key, v in raw_attrs.items():
            if isinstance(v, str):
                attrs.append((str(key), v))
            else:
                chk.add(f"{path}.attributes.{key}", "expected a string")
    if len(chk.errors) > n_before or pid is None or level is None or capacity is None:
        return None
    return Participant(
        id=pid,
        name=name,
        level=level,
        department=opt["department"],
        location=opt["location"],
        timezone=tz,
        languages=tuple(dict.fromkeys(languages)),
        skills=tuple(skills),
        goals=goals,
        availability=tuple(slots),
        manager_chain=tuple(chain),
        capacity=capacity,
        preferences=tuple(prefs),
        attributes=tuple(sorted(attrs)),
    )


def _pair_list(
    chk: _Checker, raw: Any, path: str, where: _Where, with_score: bool
) -> list[tuple[int, int, float, str]]:
    """Rows ``(mentee, mentor, score, path)``; accepts ``[mentor, mentee(, score)]`` or objects."""
    out: list[tuple[int, int, float, str]] = []
    for k, item in enumerate(chk.want_list(raw, path) or ()):
        p = f"{path}[{k}]"
        score: Any = 1.0
        if isinstance(item, Mapping):
            keys = ("mentor", "mentee", "score") if with_score else ("mentor", "mentee")
            chk.want_object(item, p, keys)
            mentor, mentee = item.get("mentor"), item.get("mentee")
            score = item.get("score")
            paths = (f"{p}.mentor", f"{p}.mentee", f"{p}.score")
        elif isinstance(item, list | tuple) and len(item) == (3 if with_score else 2):
            mentor, mentee = item[0], item[1]
            score = item[2] if with_score else 1.0
            paths = (f"{p}[0]", f"{p}[1]", f"{p}[2]")
        else:
            shape = "[mentor, mentee, score]" if with_score else "[mentor, mentee]"
            chk.add(p, f"expected {shape} or an object with mentor and mentee ids")
            continue
        ok = True
        idx = []
        for value, side, sub in ((mentor, "mentor", paths[0]), (mentee, "mentee", paths[1])):
            name = chk.want_str(value, sub, empty=False)
            if name is None:
                ok = False
                continue
            found = where.get(name)
            if found is None:
                chk.add(sub, f"unknown {side} id {name!r}")
                ok = False
            elif found[0] != side:
                chk.add(sub, f"{name!r} is a {found[0]}, not a {side}")
                ok = False
            else:
                idx.append(found[1])
        value_ok = chk.want_number(score, paths[2], 0.0, 1.0) if with_score else 1.0
        if ok and value_ok is not None:
            out.append((idx[1], idx[0], value_ok, p))
    return out


@without_collector
def parse_problem(data: Mapping[str, Any]) -> Problem:
    """Validate a version 1 input dict and return a :class:`Problem`.

    Parameters
    ----------
    data : mapping
        The decoded JSON document (see ``docs/matching.md`` for the schema).

    Returns
    -------
    Problem
        Participants sorted by id on each side, defaults filled in.

    Raises
    ------
    InputError
        With one ``"path: message"`` entry per problem found, never only the first.

    Examples
    --------
    >>> p = parse_problem({"mentors": [{"id": "m1", "level": 1}],
    ...                    "mentees": [{"id": "e1", "level": 3}]})
    >>> p.n_mentors, p.n_mentees, p.objective
    (1, 1, 'optimal')
    >>> parse_problem({"mentors": [{"id": "m1", "level": "x"}], "mentees": []})
    Traceback (most recent call last):
    ...
    upward.matching.engine.problem.InputError: mentors[0].level: expected an integer
    """
    chk = _Checker()
    if not isinstance(data, Mapping):
        raise InputError(["(root): expected a JSON object"])
    chk.want_object(data, "", _TOP_KEYS)
    if "version" in data and (isinstance(data["version"], bool) or data["version"] != 1):
        chk.add("version", "unsupported version (expected 1)")
    day = DEFAULT_REFERENCE_DATE
    if "reference_date" in data:
        try:
            day = dt.date.fromisoformat(str(data["reference_date"]))
        except ValueError:
            chk.add("reference_date", "expected a date like '2025-01-15'")
    sides, origin = _read_participants(chk, data, day)
    mentors = sorted(sides["mentors"], key=_BY_ID)
    mentees = sorted(sides["mentees"], key=_BY_ID)
    where = _Where(mentors, mentees)
    for p in mentees:
        if p.capacity > 1:
            chk.add(f"{_path(origin[p.id])}.capacity", "a mentee takes at most one mentor (0 or 1)")
    _check_preferences(chk, sides, where, origin)

    rules = _rules(chk, data.get("rules", {}))
    weights = _weights(chk, data.get("weights", {}), bool(data.get("external_scores")))
    diff = chk.str_list(data.get("difference_attributes", []), "difference_attributes", unique=True)
    objective = data.get("objective", "optimal")
    if objective not in OBJECTIVES:
        chk.add("objective", f"expected one of {', '.join(OBJECTIVES)}")
    goal_model = data.get("goal_similarity", "auto")
    if goal_model not in GOAL_MODELS:
        chk.add("goal_similarity", f"expected one of {', '.join(GOAL_MODELS)}")
    forbidden = _pair_list(chk, data.get("forbidden_pairs", []), "forbidden_pairs", where, False)
    fixed = _pair_list(chk, data.get("fixed_pairs", []), "fixed_pairs", where, False)
    _check_repeats(chk, fixed, "fixed pair")
    external = _external(chk, data.get("external_scores", []), where)
    if chk.errors:
        raise InputError(chk.errors)
    problem = Problem(
        mentors=tuple(mentors),
        mentees=tuple(mentees),
        rules=rules,
        weights=weights,
        difference_attributes=tuple(diff),
        objective=str(objective),
        forbidden=_pairs_array(forbidden),
        fixed=_pairs_array(fixed),
        external_pairs=external.pairs,
        external_values=external.values,
        external_matrix=external.matrix,
        reference_date=day,
        goal_similarity=str(goal_model),
    )
    problem._remember_indices(where.mentors, where.mentees)
    from .rules import fixed_pair_errors  # late import: rules needs Problem

    errors = fixed_pair_errors(problem, [r[3] for r in fixed])
    if errors:
        raise InputError(errors)
    return problem


_BY_ID = attrgetter("id")
_PREFERENCES = attrgetter("preferences")


def _read_participants(
    chk: _Checker, data: Mapping[str, Any], day: dt.date
) -> tuple[dict[str, list[Participant]], dict[str, tuple[str, int]]]:
    """Valid participants of each side in input order, and where each id first appears.

    The positions stay ``(side, k)`` pairs until an error needs their path: formatting
    12,000 paths nobody reads was a measurable part of a parse.
    """
    fast = _FastPath(day)
    sides: dict[str, list[Participant]] = {"mentors": [], "mentees": []}
    origin: dict[str, tuple[str, int]] = {}
    for side, people in sides.items():
        if side not in data:
            chk.add(side, "missing (required, may be an empty list)")
            continue
        for k, raw in enumerate(chk.want_list(data[side], side) or ()):
            person = fast(raw)
            if person is None:
                person = _checked_participant(chk, raw, f"{side}[{k}]", day)
                if person is None:
                    continue
            first = origin.get(person.id)
            if first is not None:
                chk.add(f"{side}[{k}].id", f"duplicate id {person.id!r} (also {_path(first)})")
                continue
            origin[person.id] = (side, k)
            people.append(person)
    return sides, origin


def _path(position: tuple[str, int]) -> str:
    """``("mentors", 3)`` -> ``"mentors[3]"``."""
    side, k = position
    return f"{side}[{k}]"


class _Where:
    """Side and index of each participant id.

    Kept as the two id -> index dicts the problem needs anyway (see
    :meth:`Problem.mentor_index`), so they are built once, by the parser.
    """

    def __init__(self, mentors: Sequence[Participant], mentees: Sequence[Participant]) -> None:
        self.mentors = dict(zip(map(_BY_ID, mentors), range(len(mentors)), strict=True))
        self.mentees = dict(zip(map(_BY_ID, mentees), range(len(mentees)), strict=True))

    def get(self, name: str) -> tuple[str, int] | None:
        k = self.mentors.get(name)
        if k is not None:
            return ("mentor", k)
        k = self.mentees.get(name)
        return None if k is None else ("mentee", k)


def _check_preferences(
    chk: _Checker,
    sides: dict[str, list[Participant]],
    where: _Where,
    origin: dict[str, tuple[str, int]],
) -> None:
    """Every stated preference names someone on the other side (in input order)."""
    for side, other in (("mentors", "mentee"), ("mentees", "mentor")):
        for p in filter(_PREFERENCES, sides[side]):  # the few who state any
            for k, q in enumerate(p.preferences):
                found = where.get(q)
                if found is None:
                    chk.add(f"{_path(origin[p.id])}.preferences[{k}]", f"unknown {other} id {q!r}")
                elif found[0] != other:
                    chk.add(
                        f"{_path(origin[p.id])}.preferences[{k}]",
                        f"{q!r} is a {found[0]}, not a {other}",
                    )


def _check_repeats(chk: _Checker, rows: list[tuple[int, int, float, str]], name: str) -> None:
    seen: set[tuple[int, int]] = set()
    for a, b, _, where_path in rows:
        if (a, b) in seen:
            chk.add(where_path, f"duplicate {name}")
        seen.add((a, b))


def _external(chk: _Checker, raw: Any, where: _Where) -> External:
    """``external_scores`` in any of its forms (see :mod:`.external`); a list with a
    problem anywhere goes through the item-by-item checker, which names each one."""
    fast = read_external(raw, where.mentors, where.mentees)
    if fast is not None:
        chk.errors += fast.errors
        return fast
    rows = _pair_list(chk, raw, "external_scores", where, True)
    _check_repeats(chk, rows, "external score")
    values = np.array([r[2] for r in rows], dtype=np.float64)
    return External([], _pairs_array(rows), values)


def _pairs_array(rows: list[tuple[int, int, float, str]]) -> IntArray:
    arr = np.array([(r[0], r[1]) for r in rows], dtype=np.int64)
    return arr.reshape(-1, 2)


def _rules(chk: _Checker, raw: Any) -> Rules:
    obj = chk.want_object(raw, "rules", _RULE_KEYS)
    if obj is None:
        return Rules()
    d = Rules()
    gap = chk.want_int(obj.get("min_level_gap", d.min_level_gap), "rules.min_level_gap")
    flags = {}
    for key in (
        "exclude_same_reporting_line",
        "exclude_same_department",
        "require_common_language",
    ):
        flags[key] = chk.want_bool(obj.get(key, getattr(d, key)), f"rules.{key}")
    tz = obj.get("max_timezone_difference_hours")
    tz_v = None if tz is None else chk.want_number(tz, "rules.max_timezone_difference_hours", 0, 26)
    return Rules(
        min_level_gap=d.min_level_gap if gap is None else gap,
        exclude_same_reporting_line=bool(flags["exclude_same_reporting_line"]),
        exclude_same_department=bool(flags["exclude_same_department"]),
        max_timezone_difference_hours=tz_v,
        require_common_language=bool(flags["require_common_language"]),
    )


def _weights(chk: _Checker, raw: Any, has_external: bool) -> Weights:
    obj = chk.want_object(raw, "weights", CRITERIA)
    values = dict(DEFAULT_WEIGHTS)
    values["external"] = 1.0 if has_external else 0.0
    for key, v in (obj or {}).items():
        if key in CRITERIA:
            w = chk.want_number(v, f"weights.{key}", 0.0, 1e6)
            if w is not None:
                values[key] = w
    if obj is not None and sum(values.values()) <= 0:
        chk.add("weights", "at least one weight must be positive")
    return Weights(**values)
