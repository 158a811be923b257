"""Hard rules: a pair is feasible only when it passes every rule and is not forbidden."""

from __future__ import annotations

from typing import Any

import numpy as np

from upward.matching.engine import build_model, parse_problem


def _feasible(data: dict[str, Any]) -> bool:
    model = build_model(parse_problem(data))
    _, ok = model.pair_units(np.array([0]), np.array([0]))
    return bool(ok[0])


def _pair(
    mentor: dict[str, Any] | None = None, mentee: dict[str, Any] | None = None, **top: Any
) -> dict[str, Any]:
    return {
        "mentors": [{"id": "m", "level": 2, **(mentor or {})}],
        "mentees": [{"id": "e", "level": 4, **(mentee or {})}],
        **top,
    }


def test_the_mentee_must_be_at_least_the_level_gap_above_the_mentor() -> None:
    assert _feasible(_pair(rules={"min_level_gap": 2}))
    assert not _feasible(_pair(rules={"min_level_gap": 3}))
    assert not _feasible(_pair(mentor={"level": 5}))  # a mentor is never more senior by default


def test_nobody_is_matched_inside_their_reporting_line_either_way() -> None:
    assert not _feasible(_pair(mentee={"manager_chain": ["x", "m"]}))
    assert not _feasible(_pair(mentor={"manager_chain": ["boss", "e"]}))
    assert _feasible(
        _pair(mentor={"manager_chain": ["boss", "e"]}, rules={"exclude_same_reporting_line": False})
    )
    assert _feasible(_pair(mentor={"manager_chain": ["someone-else"]}))


def test_same_department_is_excluded_only_when_asked() -> None:
    same = {"department": "Sales"}
    assert _feasible(_pair(same, same))
    assert not _feasible(_pair(same, same, rules={"exclude_same_department": True}))
    assert _feasible(_pair(same, {"department": "Legal"}, rules={"exclude_same_department": True}))


def test_time_zone_difference_limit_uses_utc_offsets() -> None:
    rules = {"max_timezone_difference_hours": 5}
    london, new_york, tokyo = (
        {"timezone": "Europe/London"},
        {"timezone": "America/New_York"},
        {"timezone": "Asia/Tokyo"},
    )
    assert _feasible(_pair(london, new_york, rules=rules))
    assert not _feasible(_pair(london, tokyo, rules=rules))
    assert _feasible(_pair(london, {}, rules=rules))  # unknown time zone: the rule cannot apply


def test_a_common_language_is_required_by_default() -> None:
    assert not _feasible(_pair({"languages": ["fr"]}, {"languages": ["en"]}))
    assert _feasible(_pair({"languages": ["fr", "EN"]}, {"languages": ["en"]}))
    assert _feasible(
        _pair(
            {"languages": ["fr"]}, {"languages": ["en"]}, rules={"require_common_language": False}
        )
    )
    assert _feasible(_pair({"languages": ["fr"]}, {}))  # nothing stated: not excluded


def test_forbidden_pairs_are_infeasible() -> None:
    assert not _feasible(_pair(forbidden_pairs=[["m", "e"]]))
    assert not _feasible(_pair(forbidden_pairs=[{"mentor": "m", "mentee": "e"}]))
