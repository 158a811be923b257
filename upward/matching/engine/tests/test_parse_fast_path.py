"""The parser's fast path gives exactly what the field-by-field checker gives, or declines."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.matching.generator import generate
from upward.matching.engine import parse_problem
from upward.matching.engine.parse import _checked_participant, _Checker, _FastPath
from upward.matching.engine.problem import DEFAULT_REFERENCE_DATE, Participant

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Str(str):
    """A string subclass: the checker accepts it, the fast path must not guess for it."""


# Values that are clean, nearly clean, or wrong in every way the checker distinguishes.
_ODD = (
    None,
    True,
    0,
    3,
    -1,
    2.0,
    2.5,
    "",
    "  ",
    " x ",
    "X",
    "en",
    "EN",
    " en ",
    "tue-09",
    "Tue-9",
    "TUE-09",
    " wed-10 ",
    "mon-24",
    "sun-7",
    "Europe/Paris",
    "Mars/Olympus",
    "data/sql",
    "Data/SQL",
    _Str("en"),
    _Str("tue-09"),
    [],
    ["x"],
    ("tue-09",),
    {},
    {"k": "v"},
    {1: "v"},
    {"k": 1},
)
_KEYS = (
    "id",
    "name",
    "level",
    "department",
    "location",
    "timezone",
    "languages",
    "skills",
    "goals",
    "availability",
    "manager_chain",
    "capacity",
    "preferences",
    "attributes",
    "colour",
)
_CLEAN: dict[str, Any] = {
    "id": "p1",
    "level": 3,
    "department": "Sales",
    "location": "Paris",
    "timezone": "Europe/Paris",
    "languages": ["en", "fr"],
    "skills": ["data/sql", "gen-ai/agents"],
    "goals": "Learn SQL.",
    "availability": ["tue-09", "wed-10"],
    "manager_chain": ["boss", "big-boss"],
    "preferences": ["X", "y"],
    "attributes": {"generation": "x"},
}


def _checked(raw: Any) -> Participant | None:
    chk = _Checker()
    person = _checked_participant(chk, raw, "p", DEFAULT_REFERENCE_DATE)
    return None if chk.errors else person


@st.composite
def _participants(draw: st.DrawFn) -> Any:
    raw = copy.deepcopy(_CLEAN)
    for key in draw(st.lists(st.sampled_from(_KEYS), max_size=3)):
        value = draw(st.sampled_from(_ODD))
        current = raw.get(key)
        if isinstance(current, list) and current and draw(st.booleans()):
            current[draw(st.integers(0, len(current) - 1))] = value  # spoil one item
        elif draw(st.booleans()) or key not in raw:
            raw[key] = value
        else:
            del raw[key]
    return raw


def _assert_agrees(raw: Any) -> None:
    fast = _FastPath(DEFAULT_REFERENCE_DATE)(raw)
    if fast is not None:
        checked = _checked(raw)
        assert checked == fast, raw
        assert [type(v) for v in checked] == [type(v) for v in fast], raw


def _single_changes() -> list[Any]:
    """The clean participant with one field set, spoilt in one item, or removed."""
    out: list[Any] = []
    for key in _KEYS:
        for value in _ODD:
            out.append({**copy.deepcopy(_CLEAN), key: value})
            if isinstance(_CLEAN.get(key), list):
                for k in range(len(_CLEAN[key])):
                    raw = copy.deepcopy(_CLEAN)
                    raw[key][k] = value
                    out.append(raw)
        out.append({k: v for k, v in _CLEAN.items() if k != key})
    return out


def test_the_fast_path_agrees_with_the_checker_on_every_single_change() -> None:
    for raw in _single_changes():
        _assert_agrees(raw)


@SETTINGS
@given(_participants())
def test_the_fast_path_agrees_with_the_checker_on_combined_changes(raw: Any) -> None:
    _assert_agrees(raw)


def test_generated_participants_all_take_the_fast_path() -> None:
    data = generate(20, 100, seed=1, preference_share=0.3)
    fast = _FastPath(DEFAULT_REFERENCE_DATE)
    for raw in data["mentors"] + data["mentees"]:
        person = fast(raw)
        assert person is not None
        assert person == _checked(raw)


def test_normalisation_is_the_checkers_on_unusual_but_valid_spellings() -> None:
    raw = {
        **_CLEAN,
        "languages": [" EN", "en", "Fr "],
        "skills": ["Data/SQL ", "data/sql", " gen-ai/agents"],
        "availability": ["Tue-9", "tue-09", " wed-10 ", "WED-10"],
        "attributes": {"z": "1", "a": "2"},
    }
    person = _FastPath(DEFAULT_REFERENCE_DATE)(raw)
    assert person is not None and person == _checked(raw)
    assert person.languages == ("en", "fr")
    assert person.skills == ("Data/SQL", "gen-ai/agents")
    assert person.availability == ("tue-09", "wed-10")
    assert person.attributes == (("a", "2"), ("z", "1"))


def test_attribute_names_that_are_not_strings_become_strings() -> None:
    data = {
        "mentors": [{"id": "m", "level": 1, "attributes": {1: "x"}}],
        "mentees": [{"id": "e", "level": 5}],
    }
    assert parse_problem(data).mentors[0].attributes == (("1", "x"),)


def test_the_indices_given_to_the_problem_match_its_participants() -> None:
    problem = parse_problem(generate(10, 40, seed=2))
    assert problem.mentor_index() == {p.id: k for k, p in enumerate(problem.mentors)}
    assert problem.mentee_index() == {p.id: k for k, p in enumerate(problem.mentees)}


def test_an_empty_name_reads_as_the_id_on_both_paths() -> None:
    clean = {"id": "e7", "level": 5, "name": ""}
    unusual = {"id": "e7", "level": 5, "name": "", "capacity": 1.0}  # float: the checker
    assert _FastPath(DEFAULT_REFERENCE_DATE)(clean).name == "e7"
    assert _FastPath(DEFAULT_REFERENCE_DATE)(unusual) is None
    assert _checked(unusual).name == "e7"
