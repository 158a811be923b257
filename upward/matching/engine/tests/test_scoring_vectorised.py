"""The vectorised score factors equal plain per-person loops, value for value.

Each reference below is the straightforward loop the fast code replaces; random problems
mix upper-case and family skills, half- and quarter-hour time zones, people without
availability, time zone or attributes, and goal texts with non-ASCII characters.
"""

from __future__ import annotations

import random
import re
from typing import Any

import numpy as np
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from upward.matching.engine import build_model, parse_problem
from upward.matching.engine.problem import DAYS, Problem, utc_offset_minutes
from upward.matching.engine.scoring import SCALE, _attribute_codes
from upward.matching.engine.text import STOP_WORDS, tfidf_vectors, tokenize

ZONES = [None, "Europe/London", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns"]
SKILLS = ["ai/chatgpt", "AI/Agents", "ai/chatgpt", "sql", "SQL", "/lead", "data/", "a/b/c"]
WORDS = ["TikTok", "data", "the", "a", "7", "x9", "İstanbul", "\u212aelvin", "café", "and"]


def _problem(seed: int, n_mentees: int = 30, n_mentors: int = 60) -> Problem:
    rnd = random.Random(seed)

    def person(prefix: str, k: int) -> dict[str, Any]:
        p: dict[str, Any] = {"id": f"{prefix}{k}", "level": rnd.randint(1, 8)}
        p["skills"] = rnd.sample(SKILLS, rnd.randint(0, 4))
        p["availability"] = [
            f"{rnd.choice(DAYS)}-{rnd.randint(0, 23):02d}" for _ in range(rnd.randint(0, 4))
        ]
        if zone := rnd.choice(ZONES):
            p["timezone"] = zone
        p["goals"] = " ".join(rnd.choices(WORDS, k=rnd.randint(0, 6)))
        if rnd.random() < 0.7:
            p["attributes"] = {"generation": rnd.choice(["x", "y", "z"])}
        if rnd.random() < 0.5:
            p["department"] = rnd.choice(["Sales", "Data"])
        return p

    return parse_problem(
        {
            "mentees": [person("e", k) for k in range(n_mentees)],
            "mentors": [person("m", k) for k in range(n_mentors)],
            "difference_attributes": ["generation", "department", "level", "missing"],
            "rules": {"require_common_language": False},
        }
    )


def _reference_tokenize(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9][a-z0-9]+|[0-9]", text.lower())
    return [w for w in words if w not in STOP_WORDS]


@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_tokenize_finds_the_same_words_as_a_regex(text: str) -> None:
    assert tokenize(text) == _reference_tokenize(text)


def test_tokenize_handles_lone_surrogates_and_case_folding() -> None:
    assert tokenize("\ud800ab \u212aelvin İstanbul 1 x") == ["ab", "kelvin", "stanbul", "1"]


def _reference_tfidf(e_texts: list[str], m_texts: list[str], max_terms: int) -> Any:
    docs = [_reference_tokenize(t) for t in (*e_texts, *m_texts)]
    vocab: dict[str, int] = {}
    for d in docs:
        for t in d:
            vocab.setdefault(t, len(vocab))
    counts = np.zeros((len(docs), max(1, len(vocab))))
    for i, d in enumerate(docs):
        for t in d:
            counts[i, vocab[t]] += 1
    n = len(e_texts)
    df_e, df_m = (counts[:n] > 0).sum(axis=0), (counts[n:] > 0).sum(axis=0)
    idf = np.log((1.0 + sum(1 for d in docs if d)) / (1.0 + df_e + df_m)) + 1.0
    x = counts * idf
    x /= np.maximum(np.sqrt((x * x).sum(axis=1, keepdims=True)), 1e-300)
    terms = list(vocab)
    shared = [k for k in range(len(terms)) if df_e[k] > 0 and df_m[k] > 0]
    shared = sorted(sorted(shared, key=lambda k: (-min(df_e[k], df_m[k]), terms[k]))[:max_terms])
    return x[:n, shared], x[n:, shared], [terms[k] for k in shared]


def test_tfidf_counts_each_distinct_text_once_with_the_same_result() -> None:
    rnd = random.Random(3)
    pool = [" ".join(rnd.choices([*WORDS, *map(str, range(30))], k=5)) for _ in range(40)]
    e_texts, m_texts = rnd.choices(pool, k=50), rnd.choices([*pool, ""], k=120)
    for max_terms in (512, 7):
        g = tfidf_vectors(e_texts, m_texts, max_terms)
        xe, xm, terms = _reference_tfidf(e_texts, m_texts, max_terms)
        assert g.terms == terms
        assert isinstance(g.mentee, sp.csr_matrix) and isinstance(g.mentor, sp.csr_matrix)
        np.testing.assert_allclose(g.mentee.toarray(), xe, rtol=1e-12, atol=0)
        np.testing.assert_allclose(g.mentor.toarray(), xm, rtol=1e-12, atol=0)


def _reference_patterns(problem: Problem, people: Any, res: int) -> tuple[list[int], list[Any]]:
    seen: dict[tuple[int, ...], int] = {(): 0}
    ids = []
    for p in people:
        off = 0
        if p.timezone:
            off = 15 * round(utc_offset_minutes(p.timezone, problem.reference_date) / 15)
        cols = set()
        for slot in p.availability:
            start = ((DAYS.index(slot[:3]) * 1440 + int(slot[4:]) * 60 - off) % 10080) // res
            cols |= {(start + t) % (10080 // res) for t in range(60 // res)}
        ids.append(seen.setdefault(tuple(sorted(cols)), len(seen)))
    return ids, list(seen)


def test_availability_patterns_are_the_distinct_utc_weeks_in_order_of_first_use() -> None:
    for seed in range(5):
        problem = _problem(seed)
        av = build_model(problem).avail
        assert av.resolution == 15  # Kathmandu
        for side, ids, bits in (
            (problem.mentees, av.mentee_pattern, av.mentee_bits),
            (problem.mentors, av.mentor_pattern, av.mentor_bits),
        ):
            ref_ids, ref_patterns = _reference_patterns(problem, side, av.resolution)
            assert ids.tolist() == ref_ids
            assert [tuple(np.flatnonzero(row)) for row in bits] == ref_patterns


def test_skill_factors_equal_a_per_skill_loop() -> None:
    for seed in range(5):
        problem = _problem(seed)
        model = build_model(problem)
        sl = model.slices["skills"]
        names = model.skill_vocab
        assert names == list(dict.fromkeys(s.lower() for p in problem.mentees for s in p.skills))
        weight = np.zeros((problem.n_mentees, len(names)))
        for i, p in enumerate(problem.mentees):
            n = len(p.skills)
            for r, s in enumerate(p.skills):
                weight[i, names.index(s.lower())] = (n - r) / (n * (n + 1) / 2.0)
        expected_a = np.rint(model.phi[0] * SCALE * weight / 2.0)
        np.testing.assert_array_equal(model.A[:, sl], expected_a)

        def family(s: str) -> str | None:
            return s.split("/", 1)[0] if "/" in s else None

        credit = np.zeros((problem.n_mentors, len(names)))
        for j, p in enumerate(problem.mentors):
            taught = {s.lower() for s in p.skills}
            for c, name in enumerate(names):
                if name in taught:
                    credit[j, c] = 2.0
                elif family(name) is not None and family(name) in map(family, taught):
                    credit[j, c] = 1.0
        np.testing.assert_array_equal(model.B[:, sl], credit)


def test_attribute_codes_rank_each_persons_own_value() -> None:
    problem = _problem(1)
    people = (*problem.mentees, *problem.mentors)
    memo: dict[str, Any] = {}
    for key in (*problem.difference_attributes, "timezone", "location"):
        codes, n_values = _attribute_codes(people, key, memo)
        values = [p.attribute(key) for p in people]
        ranked = sorted({v for v in values if v is not None})
        assert n_values == len(ranked)
        assert codes.tolist() == [-1 if v is None else ranked.index(v) for v in values]


def test_preferences_give_each_rank_its_credit_from_both_sides() -> None:
    data = {
        "mentees": [
            {"id": "e1", "level": 5, "preferences": ["m2", "m1"]},
            {"id": "e2", "level": 5},
        ],
        "mentors": [
            {"id": "m1", "level": 1, "preferences": ["e1"]},
            {"id": "m2", "level": 1, "preferences": ["e2", "e1"]},
        ],
    }
    model = build_model(parse_problem(data))
    half = model.phi[4] * SCALE / 2.0
    expected = np.array(
        [
            [np.rint(half * 1 / 2) + np.rint(half), np.rint(half) + np.rint(half * 1 / 2)],
            [0.0, np.rint(half)],
        ]
    )
    np.testing.assert_array_equal(model.pref.toarray(), expected)


def test_parts_are_the_per_criterion_terms_of_the_block_scores() -> None:
    problem = _problem(2)
    model = build_model(problem)
    rows = np.repeat(np.arange(problem.n_mentees), problem.n_mentors)
    cols = np.tile(np.arange(problem.n_mentors), problem.n_mentees)
    parts, feasible = model.parts(rows, cols)
    block = model.block(np.arange(problem.n_mentees), model.columns()).ravel()
    assert np.array_equal(feasible, block >= -(2.0**22))
    assert np.array_equal(parts.sum(axis=1)[feasible], block[feasible].astype(np.float64))
