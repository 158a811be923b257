"""Invalid input is reported in full, one message per problem, each with its JSON path."""

from __future__ import annotations

from typing import Any

import pytest

from upward.matching.engine import InputError, parse_problem


def _errors(data: Any) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_problem(data)
    return info.value.errors


def _ok() -> dict[str, Any]:
    return {
        "mentors": [{"id": "m1", "level": 1}, {"id": "m2", "level": 2}],
        "mentees": [{"id": "e1", "level": 5}],
    }


def test_a_wrong_type_names_its_json_path() -> None:
    data = _ok()
    data["mentors"][1]["level"] = "senior"
    assert _errors(data) == ["mentors[1].level: expected an integer"]


def test_every_problem_is_reported_not_only_the_first() -> None:
    data = _ok()
    data["mentors"][0]["level"] = None
    data["mentees"][0]["capacity"] = -1
    data["mentees"][0]["availability"] = ["tuesday 9am"]
    data["rules"] = {"min_level_gap": 1.5, "require_common_language": "yes", "colour": 1}
    errors = _errors(data)
    assert "mentors[0].level: expected an integer" in errors
    assert "mentees[0].capacity: expected an integer >= 0" in errors
    assert (
        "mentees[0].availability[0]: expected a weekly slot like 'tue-09', got 'tuesday 9am'"
        in errors
    )
    assert "rules.min_level_gap: expected an integer" in errors
    assert "rules.require_common_language: expected true or false" in errors
    assert "rules.colour: unknown field" in errors


def test_duplicate_ids_across_both_sides_are_rejected() -> None:
    data = _ok()
    data["mentees"].append({"id": "m1", "level": 6})
    assert _errors(data) == ["mentees[1].id: duplicate id 'm1' (also mentors[0])"]


def test_unknown_ids_in_pairs_and_preferences_are_rejected() -> None:
    data = _ok()
    data["mentees"][0]["preferences"] = ["m2", "nobody", "e1"]
    data["forbidden_pairs"] = [{"mentor": "ghost", "mentee": "e1"}]
    data["fixed_pairs"] = [["m1", "m2"]]
    errors = _errors(data)
    assert "mentees[0].preferences[1]: unknown mentor id 'nobody'" in errors
    assert "mentees[0].preferences[2]: 'e1' is a mentee, not a mentor" in errors
    assert "forbidden_pairs[0].mentor: unknown mentor id 'ghost'" in errors
    assert "fixed_pairs[0][1]: 'm2' is a mentor, not a mentee" in errors


@pytest.mark.parametrize("value", [float("nan"), 1.5, -0.1, "high", None, float("inf")])
def test_external_scores_must_be_numbers_between_0_and_1(value: object) -> None:
    data = _ok()
    data["external_scores"] = [["m1", "e1", value]]
    assert _errors(data) == ["external_scores[0][2]: expected a number between 0 and 1"]


def test_duplicate_external_scores_and_fixed_pairs_are_rejected() -> None:
    data = _ok()
    data["external_scores"] = [["m1", "e1", 0.5], {"mentor": "m1", "mentee": "e1", "score": 0.7}]
    data["fixed_pairs"] = [["m1", "e1"], ["m1", "e1"]]
    errors = _errors(data)
    assert "external_scores[1]: duplicate external score" in errors
    assert "fixed_pairs[1]: duplicate fixed pair" in errors


def test_an_infeasible_fixed_pair_is_an_input_error() -> None:
    data = _ok()
    data["mentees"][0]["manager_chain"] = ["m1"]
    data["fixed_pairs"] = [["m1", "e1"]]
    (error,) = _errors(data)
    assert error.startswith("fixed_pairs[0]: infeasible fixed pair:")
    assert "same reporting line" in error


def test_fixed_pairs_beyond_a_capacity_are_an_input_error() -> None:
    data = _ok()
    data["mentees"].append({"id": "e2", "level": 5})
    data["mentors"][0]["capacity"] = 1
    data["fixed_pairs"] = [["m1", "e1"], ["m1", "e2"]]
    assert _errors(data) == ["fixed_pairs: mentor 'm1' has 2 fixed pairs but capacity 1"]


def test_a_mentee_takes_at_most_one_mentor() -> None:
    data = _ok()
    data["mentees"][0]["capacity"] = 2
    assert _errors(data) == ["mentees[0].capacity: a mentee takes at most one mentor (0 or 1)"]


def test_unknown_fields_time_zones_and_versions_are_rejected() -> None:
    data = _ok()
    data["version"] = 2
    data["mentors"][0]["timezone"] = "Mars/Olympus"
    data["mentors"][0]["nickname"] = "Al"
    data["objective"] = "best"
    data["weights"] = {"skills": -1, "vibes": 2}
    errors = _errors(data)
    assert "version: unsupported version (expected 1)" in errors
    assert "mentors[0].timezone: unknown IANA time zone 'Mars/Olympus'" in errors
    assert "mentors[0].nickname: unknown field" in errors
    assert "objective: expected one of optimal, fair, stable" in errors
    assert "weights.skills: expected a number between 0 and 1e+06" in errors
    assert "weights.vibes: unknown field" in errors


def test_missing_sides_and_non_objects_are_reported() -> None:
    assert _errors({}) == [
        "mentors: missing (required, may be an empty list)",
        "mentees: missing (required, may be an empty list)",
    ]
    assert _errors({"mentors": [3], "mentees": "x"}) == [
        "mentors[0]: expected an object",
        "mentees: expected a list",
    ]
    assert _errors([]) == ["(root): expected a JSON object"]


def test_all_zero_weights_are_rejected() -> None:
    data = _ok()
    data["weights"] = dict.fromkeys(
        ("skills", "goals", "availability", "difference", "preferences"), 0
    )
    assert _errors(data) == ["weights: at least one weight must be positive"]


def test_valid_input_is_normalised_and_sorted_by_id() -> None:
    data = {
        "mentors": [
            {
                "id": "z",
                "level": 1,
                "languages": ["EN", "en"],
                "availability": ["Tue-09"],
                "skills": ["Social-Media/TikTok", "social-media/tiktok"],
            },
            {"id": "a", "level": 2},
        ],
        "mentees": [{"id": "e", "level": 4}],
    }
    p = parse_problem(data)
    assert [m.id for m in p.mentors] == ["a", "z"]
    z = p.mentors[1]
    assert z.languages == ("en",)
    assert z.availability == ("tue-09",)
    assert z.skills == ("Social-Media/TikTok",)
    assert z.name == "z"
