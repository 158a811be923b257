"""Suggestions for self-service matching, and re-matching after declines."""

from __future__ import annotations

from typing import Any

import pytest

from upward.matching.engine import InputError, rematch, solve, suggest


def _company() -> dict[str, Any]:
    skills = ["social-media/tiktok", "gen-ai/chatgpt", "data/sql", "data/python"]
    mentors = [
        {
            "id": f"m{k}",
            "level": 1 + k % 2,
            "skills": [skills[k % 4], skills[(k + 1) % 4]],
            "availability": ["tue-09"] if k % 3 else ["wed-14"],
        }
        for k in range(8)
    ]
    mentees = [
        {"id": f"e{k}", "level": 5, "skills": [skills[k % 4]], "availability": ["tue-09"]}
        for k in range(5)
    ]
    return {"mentors": mentors, "mentees": mentees}


def test_suggest_returns_the_best_feasible_mentors_with_reasons() -> None:
    data = _company()
    data["mentees"][0]["manager_chain"] = ["m0"]  # m0 is in e0's reporting line
    out = suggest(data, "e0", k=3)
    assert len(out) == 3
    assert "m0" not in [s.mentor for s in out]
    assert [s.score for s in out] == sorted((s.score for s in out), reverse=True)
    assert all(2 <= len(s.reasons) <= 4 for s in out)
    with pytest.raises(InputError):
        suggest(data, "nobody")


def test_rematch_keeps_every_other_pair_and_forbids_the_declined_one() -> None:
    data = _company()
    first = solve(data)
    declined = first.pairs[0]
    second = rematch(data, first, declined=[declined])
    assert declined not in second.pairs
    assert set(first.pairs) - {declined} <= set(second.pairs)
    mentee = declined[1]
    assert any(m == mentee for _, m in second.pairs)  # a mentor with room was found for them
    assert len(second.pairs) == len(first.pairs)


def test_rematch_with_keep_releases_unconfirmed_pairs_only() -> None:
    data = _company()
    first = solve(data)
    confirmed = first.pairs[1:3]
    declined = [first.pairs[0]]
    second = rematch(data, first, declined=declined, keep=confirmed)
    assert set(confirmed) <= set(second.pairs)
    assert declined[0] not in second.pairs


def test_rematch_rejects_declines_that_are_not_pairs_of_the_result() -> None:
    data = _company()
    first = solve(data)
    with pytest.raises(InputError):
        rematch(data, first, declined=[("m0", "nobody")])


def test_result_to_dict_has_pairs_unmatched_and_summary() -> None:
    doc = solve(_company()).to_dict()
    assert set(doc) == {"version", "pairs", "unmatched", "summary"}
    pair = doc["pairs"][0]
    assert set(pair) == {"mentor", "mentee", "score", "fixed", "contributions", "reasons"}
    summary = doc["summary"]
    for key in (
        "objective",
        "pairs",
        "total_score",
        "mean_score",
        "min_score",
        "blocking_pairs",
        "seconds",
    ):
        assert key in summary
    assert summary["certificate"]["exact"] is True
