"""Each criterion scores a feasible pair in [0, 1]; the pair score is 100 x the weighted mean."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from upward.matching.engine import build_model, parse_problem
from upward.matching.engine.text import tfidf_vectors, tokenize

ONLY = dict.fromkeys(
    ("skills", "goals", "availability", "difference", "preferences", "external"), 0
)


def _score(mentor: dict[str, Any], mentee: dict[str, Any], criterion: str, **top: Any) -> float:
    weights = {**ONLY, criterion: 1}
    data = {
        "mentors": [{"id": "m", "level": 1, **mentor}],
        "mentees": [{"id": "e", "level": 5, **mentee}],
        "weights": weights,
        **top,
    }
    model = build_model(parse_problem(data))
    units, ok = model.pair_units(np.array([0]), np.array([0]))
    assert ok[0]
    return int(units[0]) / 100


def test_skills_credit_follows_the_mentees_priorities() -> None:
    wants = {"skills": ["tiktok", "sql", "excel"]}  # weights 3/6, 2/6, 1/6
    assert _score({"skills": ["tiktok"]}, wants, "skills") == 50.0
    assert _score({"skills": ["excel"]}, wants, "skills") == pytest.approx(16.67)
    assert _score({"skills": ["tiktok", "sql", "excel", "chess"]}, wants, "skills") == 100.0
    assert _score({"skills": ["chess"]}, wants, "skills") == 0.0


def test_a_related_skill_in_the_same_family_earns_half_credit() -> None:
    wants = {"skills": ["social-media/tiktok"]}
    assert _score({"skills": ["social-media/instagram"]}, wants, "skills") == 50.0
    assert (
        _score({"skills": ["social-media/TikTok", "social-media/instagram"]}, wants, "skills")
        == 100.0
    )
    assert _score({"skills": ["gen-ai/tiktok"]}, wants, "skills") == 0.0


def test_availability_overlap_is_measured_in_utc_and_saturates_at_two_hours() -> None:
    london = {"timezone": "Europe/London", "availability": ["tue-09", "tue-10", "tue-11"]}
    paris_one_hour_later = {"timezone": "Europe/Paris", "availability": ["tue-10"]}
    assert _score(london, paris_one_hour_later, "availability") == 50.0  # same UTC hour 9-10
    assert _score(london, {"availability": ["tue-09", "tue-10"]}, "availability") == 100.0
    assert _score(london, {"availability": ["wed-09"]}, "availability") == 0.0


def test_half_hour_time_zones_overlap_by_half_hours() -> None:
    kolkata = {"timezone": "Asia/Kolkata", "availability": ["mon-14"]}  # 08:30-09:30 UTC
    assert _score(kolkata, {"availability": ["mon-09"]}, "availability") == 25.0  # 30 of 120 min


def test_difference_is_the_share_of_welcome_differences() -> None:
    a = {"department": "Sales", "attributes": {"generation": "gen-z"}}
    b = {"department": "Legal", "attributes": {"generation": "gen-z"}}
    attrs = ["department", "generation"]
    assert _score(a, b, "difference", difference_attributes=attrs) == 50.0
    assert (
        _score(
            a, {"attributes": {"generation": "gen-x"}}, "difference", difference_attributes=attrs
        )
        == 50.0
    )


def test_preferences_give_rank_based_credit_in_both_directions() -> None:
    data = {
        "mentors": [{"id": "m1", "level": 1, "preferences": ["e"]}, {"id": "m2", "level": 1}],
        "mentees": [{"id": "e", "level": 5, "preferences": ["m2", "m1"]}],
        "weights": {**ONLY, "preferences": 1},
    }
    model = build_model(parse_problem(data))
    units, _ = model.pair_units(np.array([0, 0]), np.array([0, 1]))
    assert units.tolist() == [7500, 5000]  # m1: (1/2 + 1) / 2; m2: (1 + 0) / 2


def test_external_scores_are_used_as_given() -> None:
    assert _score({}, {}, "external", external_scores=[["m", "e", 0.8]]) == 80.0


def test_goals_use_tfidf_cosine_similarity() -> None:
    assert (
        _score({"goals": "TikTok for customers"}, {"goals": "tiktok customers"}, "goals") == 100.0
    )
    assert _score({"goals": "spreadsheets"}, {"goals": "tiktok"}, "goals") == 0.0
    g = tfidf_vectors(["learn tiktok fast"], ["I teach tiktok", "spreadsheets"])
    assert g.terms == ["tiktok"]
    assert tokenize("I want to understand TikTok!") == ["understand", "tiktok"]


def test_goal_embeddings_map_cosine_to_the_unit_interval() -> None:
    def encoder(texts: list[str]) -> np.ndarray:
        return np.array([[1.0, 0.0] if "tiktok" in t else [0.0, 1.0] for t in texts])

    data = {
        "mentors": [
            {"id": "m1", "level": 1, "goals": "tiktok"},
            {"id": "m2", "level": 1, "goals": "sql"},
        ],
        "mentees": [{"id": "e", "level": 5, "goals": "tiktok please"}],
        "weights": {**ONLY, "goals": 1},
    }
    model = build_model(parse_problem(data), encoder=encoder)
    units, _ = model.pair_units(np.array([0, 0]), np.array([0, 1]))
    assert model.goals.method == "embeddings"
    assert units.tolist() == [10000, 5000]  # cos 1 -> 1, cos 0 -> 0.5


def test_the_pair_score_is_the_weighted_mean_of_the_criteria() -> None:
    data = {
        "mentors": [{"id": "m", "level": 1, "skills": ["a"], "availability": ["mon-09"]}],
        "mentees": [{"id": "e", "level": 5, "skills": ["a", "b"], "availability": ["tue-09"]}],
        "weights": {**ONLY, "skills": 3, "availability": 1},
    }
    model = build_model(parse_problem(data))
    units, _ = model.pair_units(np.array([0]), np.array([0]))
    assert int(units[0]) == round(100 * 100 * (3 * (2 / 3) + 1 * 0) / 4)


def test_criteria_without_any_data_are_left_out_of_the_mean() -> None:
    data = {
        "mentors": [{"id": "m", "level": 1, "skills": ["a"]}],
        "mentees": [{"id": "e", "level": 5, "skills": ["a"]}],
    }
    model = build_model(parse_problem(data))
    assert model.phi.tolist() == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_block_scores_equal_pair_scores_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    skills = ["a/x", "a/y", "b/z", "c"]
    mentors = [
        {
            "id": f"m{k}",
            "level": 1,
            "skills": list(rng.choice(skills, 2, replace=False)),
            "goals": str(rng.choice(["tiktok data", "python", "ai for leaders"])),
            "availability": list(rng.choice(["mon-09", "tue-10", "wed-11"], 2, replace=False)),
            "timezone": str(rng.choice(["Asia/Kolkata", "Europe/Berlin"])),
        }
        for k in range(40)
    ]
    mentees = [
        {
            "id": f"e{k}",
            "level": 4,
            "skills": list(rng.choice(skills, 3, replace=False)),
            "goals": "tiktok for leaders",
            "availability": ["mon-09", "tue-10"],
        }
        for k in range(15)
    ]
    model = build_model(
        parse_problem(
            {"mentors": mentors, "mentees": mentees, "difference_attributes": ["timezone"]}
        )
    )
    view = model.columns()
    block = model.block(np.arange(15), view)
    rows, cols = np.repeat(np.arange(15), 40), np.tile(np.arange(40), 15)
    parts, feasible = model.parts(rows, cols)
    assert feasible.all()
    assert np.array_equal(block.ravel().astype(np.float64), parts.sum(axis=1))
