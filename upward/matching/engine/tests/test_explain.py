"""Reasons name the concrete overlap; the unmatched get the binding rule."""

from __future__ import annotations

from upward.matching.engine import solve


def test_pair_reasons_name_skills_times_and_differences() -> None:
    data = {
        "mentors": [
            {
                "id": "alex",
                "name": "Alex",
                "level": 2,
                "department": "Sales",
                "timezone": "Europe/London",
                "availability": ["tue-09", "tue-10", "thu-15"],
                "skills": ["social-media/TikTok", "gen-ai/generative AI", "personal branding"],
            }
        ],
        "mentees": [
            {
                "id": "dana",
                "name": "Dana",
                "level": 7,
                "department": "Engineering",
                "timezone": "Europe/Berlin",
                "availability": ["tue-10", "tue-11"],
                "skills": [
                    "social-media/TikTok",
                    "gen-ai/generative AI",
                    "personal branding",
                    "sql",
                ],
            }
        ],
        "difference_attributes": ["department"],
    }
    (reasons,) = solve(data).reasons
    assert reasons == (
        "Teaches 3 of the 4 skills Dana wants: TikTok, generative AI, personal branding",
        "Both free Tuesday 9\N{EN DASH}11 UTC",
        "Different departments: Sales and Engineering",
    )


def test_every_pair_gets_two_to_four_reasons() -> None:
    data = {
        "mentors": [{"id": f"m{k}", "level": 1, "languages": ["en"]} for k in range(3)],
        "mentees": [
            {"id": f"e{k}", "level": 4, "languages": ["en"], "skills": ["x"]} for k in range(3)
        ],
    }
    result = solve(data)
    assert result.reasons and all(2 <= len(r) <= 4 for r in result.reasons)
    assert result.reasons[0][0] == "Both speak en"


def test_preference_reasons_say_who_asked_for_whom() -> None:
    data = {
        "mentors": [{"id": "alex", "level": 1, "preferences": ["dana"]}],
        "mentees": [{"id": "dana", "level": 4, "preferences": ["alex"]}],
    }
    (reasons,) = solve(data).reasons
    assert reasons[0] == "Chose each other (dana's first choice, alex's first)"


def test_unmatched_reason_names_the_binding_rule_and_the_rules_before_it() -> None:
    data = {
        "mentors": [
            {"id": "m1", "level": 1, "languages": ["fr"]},
            {"id": "m2", "level": 4, "languages": ["en"]},
            {"id": "m3", "level": 2, "languages": ["en"]},
        ],
        "mentees": [{"id": "dana", "level": 5, "languages": ["en"], "manager_chain": ["m3"]}],
        "rules": {"min_level_gap": 2},
    }
    doc = solve(data).to_dict()
    reasons = {u["id"]: u["reason"] for u in doc["unmatched"]}
    assert (
        reasons["dana"]
        == "no mentor at least 2 levels below outside the reporting line shares a language"
    )
    assert reasons["m2"] == "no mentee at least 2 levels above"


def test_unmatched_with_feasible_partners_says_they_went_to_others() -> None:
    data = {
        "mentors": [{"id": "m", "level": 1, "skills": ["x"]}],
        "mentees": [{"id": "a", "level": 5, "skills": ["x"]}, {"id": "b", "level": 5}],
    }
    doc = solve(data).to_dict()
    assert doc["unmatched"] == [
        {
            "id": "b",
            "side": "mentee",
            "reason": "the only feasible mentor (m) is needed for another pair",
        }
    ]
    stable = solve(data, objective="stable").to_dict()
    assert (
        stable["unmatched"][0]["reason"]
        == "the only feasible mentor (m) is full with mentees it ranks higher"
    )


def test_two_wanted_skills_both_taught_read_as_both_skills() -> None:
    data = {
        "mentors": [{"id": "alex", "name": "Alex", "level": 2, "skills": ["TikTok", "SQL"]}],
        "mentees": [{"id": "dana", "name": "Dana", "level": 7, "skills": ["TikTok", "SQL"]}],
    }
    (reasons,) = solve(data).reasons
    assert reasons[0] == "Teaches both skills Dana wants: TikTok, SQL"


def test_goal_reasons_name_topics_never_filler_words() -> None:
    def goal_reason(mentee_goal: str, mentor_goal: str) -> str | None:
        data = {
            "mentors": [{"id": "m", "level": 1, "goals": mentor_goal}],
            "mentees": [{"id": "e", "level": 5, "goals": mentee_goal}],
            "weights": {"goals": 1},
        }
        (reasons,) = solve(data).reasons
        return next((r for r in reasons if r.startswith("Similar goals")), None)

    filler = goal_reason("One thing I don't get is people", "People don't get one thing")
    topical = goal_reason(
        "Understand TikTok and one day Instagram", "TikTok and Instagram, one day"
    )

    assert filler is None
    assert topical in {
        "Similar goals: both mention instagram and tiktok",
        "Similar goals: both mention tiktok and instagram",
    }
