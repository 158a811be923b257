"""Rules decided per class of people (language sets, penalty factors, stage counts) agree
with the rules checked pair by pair."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upward.matching.engine import build_model, parse_problem
from upward.matching.engine.feasibility import stage_counts
from upward.matching.engine.rules import (
    PENALTY,
    penalty_factors,
    person_rule_passes,
    rule_codes,
    stage_passes,
)

from .reference import instances

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _all_pairs(n_mentees: int, n_mentors: int) -> tuple[np.ndarray, np.ndarray]:
    return np.repeat(np.arange(n_mentees), n_mentors), np.tile(np.arange(n_mentors), n_mentees)


@SETTINGS
@given(instances(max_mentees=5, max_mentors=6))
def test_penalty_factors_fail_exactly_the_pairs_breaking_a_per_person_rule(
    data: dict[str, Any],
) -> None:
    problem = parse_problem(data)
    codes = rule_codes(problem)
    a, b = penalty_factors(problem, codes)
    rows, cols = _all_pairs(problem.n_mentees, problem.n_mentors)
    passes = person_rule_passes(problem, codes, rows, cols).all(axis=1)
    penalty = (a.astype(np.float64) @ b.T.astype(np.float64)).ravel()
    assert (penalty[passes] == 0).all()
    assert (penalty[~passes] <= -PENALTY).all()


@SETTINGS
@given(instances(max_mentees=5, max_mentors=6), st.randoms(use_true_random=False))
def test_stage_counts_equal_counting_pair_by_pair(data: dict[str, Any], rnd: Any) -> None:
    problem = parse_problem(data)
    model = build_model(problem)
    n_e, n_m = problem.n_mentees, problem.n_mentors
    mentee_ok = np.array([rnd.random() < 0.8 for _ in range(n_e)], dtype=bool)
    mentor_ok = np.array([rnd.random() < 0.8 for _ in range(n_m)], dtype=bool)
    rows, cols = _all_pairs(n_e, n_m)
    cumulative = np.logical_and.accumulate(stage_passes(problem, model.codes, rows, cols), axis=1)
    cumulative = cumulative.reshape(n_e, n_m, 6)
    for side, n in (("mentee", n_e), ("mentor", n_m)):
        people = np.array([k for k in range(n) if rnd.random() < 0.7], dtype=np.int64)
        got = stage_counts(model, side, people, mentee_ok, mentor_ok)
        if side == "mentee":
            want = cumulative[people][:, mentor_ok].sum(axis=1)
        else:
            want = cumulative[:, people][mentee_ok].sum(axis=0)
        assert got.shape == (people.size, 6)
        if people.size:
            assert (got == want).all()


def test_people_with_the_same_languages_in_any_order_share_one_language_set() -> None:
    problem = parse_problem(
        {
            "mentors": [
                {"id": "m1", "level": 1, "languages": ["fr", "en"]},
                {"id": "m2", "level": 1, "languages": ["de"]},
                {"id": "m3", "level": 1},
            ],
            "mentees": [
                {"id": "e1", "level": 3, "languages": ["en", "fr"]},
                {"id": "e2", "level": 3, "languages": ["EN"]},
            ],
        }
    )
    codes = rule_codes(problem)
    assert codes.mentee_lang_set[0] == codes.mentor_lang_set[0]
    assert len({*codes.mentee_lang_set.tolist(), *codes.mentor_lang_set.tolist()}) == 4
    # the indicator rows are the sets; a person without languages passes with anyone
    assert (codes.mentee_langs.toarray() == codes.lang_sets.toarray()[codes.mentee_lang_set]).all()
    ok = codes.lang_set_ok[codes.mentee_lang_set][:, codes.mentor_lang_set]
    assert ok.tolist() == [[True, False, True], [True, False, True]]
