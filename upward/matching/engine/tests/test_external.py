"""External scores in their compact forms: same results as the list, errors by JSON path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from upward.matching.engine import InputError, parse_problem, scoring, solve
from upward.matching.engine.cli import main
from upward.matching.engine.external import MAX_REPORTED

MENTORS = ["ana", "bo", "cy"]
MENTEES = ["dana", "eli"]
MATRIX = [[0.9, 0.2, 0.5], [0.8, 0.75, 0.0]]


def _program(external: Any) -> dict[str, Any]:
    return {
        "mentors": [{"id": m, "level": 1} for m in MENTORS],
        "mentees": [{"id": e, "level": 5} for e in MENTEES],
        "external_scores": external,
    }


def _triples() -> list[list[Any]]:
    return [[m, e, MATRIX[i][j]] for i, e in enumerate(MENTEES) for j, m in enumerate(MENTORS)]


def _outcome(data: dict[str, Any]) -> dict[str, Any]:
    doc = solve(data).to_dict()
    doc["summary"].pop("seconds")
    return doc


def test_the_matrix_and_the_columns_give_the_same_result_as_the_list() -> None:
    listed = _outcome(_program(_triples()))
    matrix = _outcome(_program({"mentees": MENTEES, "mentors": MENTORS, "matrix": MATRIX}))
    columns = _outcome(
        _program(
            {
                "mentor": [t[0] for t in _triples()],
                "mentee": [t[1] for t in _triples()],
                "score": [t[2] for t in _triples()],
            }
        )
    )
    assert listed == matrix == columns
    assert [(p["mentor"], p["mentee"], p["score"]) for p in listed["pairs"]] == [
        ("ana", "dana", 90.0),
        ("bo", "eli", 75.0),
    ]
    assert listed["pairs"][0]["reasons"][0] == "External score 0.90"


def test_the_matrix_may_list_ids_in_any_order_and_leave_people_out() -> None:
    # columns and rows permuted, cy left out (no external score: 0)
    data = _program(
        {
            "mentees": ["eli", "dana"],
            "mentors": ["bo", "ana"],
            "matrix": [
                [0.75, 0.8],
                [0.2, 0.9],
            ],
        }
    )
    problem = parse_problem(data)
    assert problem.external_matrix is not None
    assert problem.external_matrix.tolist() == [[0.9, 0.2, 0.0], [0.8, 0.75, 0.0]]


def test_dense_and_sparse_external_scores_score_every_pair_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _program(_triples())
    rows, cols = np.repeat(np.arange(2), 3), np.tile(np.arange(3), 2)
    monkeypatch.setattr(scoring, "DENSE_EXTERNAL_SHARE", 0.0)
    dense = scoring.build_model(parse_problem(data))
    monkeypatch.setattr(scoring, "DENSE_EXTERNAL_SHARE", 2.0)
    sparse = scoring.build_model(parse_problem(data))
    assert dense.ext_t is not None and sparse.ext_t is None
    assert dense.pair_units(rows, cols)[0].tolist() == sparse.pair_units(rows, cols)[0].tolist()
    view = dense.columns()
    assert np.array_equal(dense.block(np.arange(2), view), sparse.block(np.arange(2), view))


def _errors(external: Any) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_problem(_program(external))
    return info.value.errors


def test_bad_values_are_named_by_their_json_path() -> None:
    bad = [[0.9, float("nan"), 0.5], [1.5, True, "0.3"]]
    assert _errors({"mentees": MENTEES, "mentors": MENTORS, "matrix": bad}) == [
        "external_scores.matrix[0][1]: expected a number in [0, 1]",
        "external_scores.matrix[1][0]: expected a number in [0, 1]",
        "external_scores.matrix[1][1]: expected a number in [0, 1]",
        "external_scores.matrix[1][2]: expected a number in [0, 1]",
    ]
    assert _errors({"mentor": ["ana"], "mentee": ["dana"], "score": [-0.1]}) == [
        "external_scores.score[0]: expected a number in [0, 1]"
    ]


def test_only_the_first_bad_values_are_listed_then_counted() -> None:
    mentors = [f"m{j}" for j in range(40)]
    data = {
        "mentors": [{"id": m, "level": 1} for m in mentors],
        "mentees": [{"id": "dana", "level": 5}],
        "external_scores": {"mentees": ["dana"], "mentors": mentors, "matrix": [[2.0] * 40]},
    }
    with pytest.raises(InputError) as info:
        parse_problem(data)
    assert len(info.value.errors) == MAX_REPORTED + 1
    assert info.value.errors[-1] == (
        f"external_scores.matrix: {40 - MAX_REPORTED} more values that are not in [0, 1]"
    )


def test_unknown_wrong_side_and_repeated_ids() -> None:
    assert _errors(
        {"mentees": ["dana", "zed", "dana"], "mentors": ["ana", "eli", 7], "matrix": MATRIX}
    ) == [
        "external_scores.mentees[1]: unknown mentee id 'zed'",
        "external_scores.mentees[2]: duplicate mentee id 'dana' (also external_scores.mentees[0])",
        "external_scores.mentors[1]: 'eli' is a mentee, not a mentor",
        "external_scores.mentors[2]: expected a non-empty string",
        "external_scores.matrix: expected 3 rows (one per mentee in external_scores.mentees), "
        "got 2",
    ]
    assert _errors({"mentor": ["ana", "ana"], "mentee": ["dana", "dana"], "score": [0.1, 0.2]}) == [
        "external_scores.score[1]: duplicate external score for mentor 'ana' and mentee 'dana'"
    ]


def test_a_ragged_matrix_names_its_rows() -> None:
    ragged = [[0.9, 0.2], 0.5]
    assert _errors({"mentees": MENTEES, "mentors": MENTORS, "matrix": ragged}) == [
        "external_scores.matrix[0]: expected a list of 3 numbers (one per mentor), got 2",
        "external_scores.matrix[1]: expected a list of 3 numbers (one per mentor), not a list",
    ]


def test_mixed_or_unknown_shapes_are_refused() -> None:
    assert _errors({"mentees": MENTEES, "mentors": MENTORS, "matrix": MATRIX, "score": []}) == [
        "external_scores.score: not part of the matrix form"
    ]
    assert _errors({"scores": []})[0] == "external_scores.scores: unknown field"
    assert _errors("ana,dana,0.5")[0].startswith("external_scores: expected a list of [mentor")


def test_the_list_form_with_a_problem_still_reports_every_item() -> None:
    assert _errors([["ana", "dana", 0.5], ["ana", "zed", 2], ["ana", "dana", 0.1]]) == [
        "external_scores[1][1]: unknown mentee id 'zed'",
        "external_scores[1][2]: expected a number between 0 and 1",
        "external_scores[2]: duplicate external score",
    ]


@pytest.mark.parametrize(
    ("matrix_text", "expected"),
    [
        ("[[0.9, NaN, 0.5], [0.8, 0.75, 0.0]]", "external_scores.matrix[0][1]"),
        ("[[0.9, 0.2, 0.5], [0.8, 1.01, 0.0]]", "external_scores.matrix[1][1]"),
        ("[[0.9, 0.2, 0.5], [0.8, Infinity, 0.0]]", "external_scores.matrix[1][1]"),
        ("[[0.9, 0.2, 0.5], [0.8, -0.5, null]]", "external_scores.matrix[1][1]"),
    ],
)
def test_the_command_line_names_bad_external_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], matrix_text: str, expected: str
) -> None:
    head = json.dumps(_program({"mentees": MENTEES, "mentors": MENTORS, "matrix": []}))
    path = tmp_path / "in.json"
    path.write_text(head.replace('"matrix": []', f'"matrix": {matrix_text}'), encoding="utf-8")
    assert main([str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"error: {expected}: expected a number in [0, 1]"
    assert "Traceback" not in "\n".join(err)


def test_the_command_line_names_unknown_ids_and_ragged_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    external = {"mentees": ["dana", "zed"], "mentors": MENTORS, "matrix": [[0.1, 0.2], MATRIX[1]]}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(_program(external)), encoding="utf-8")
    assert main([str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: external_scores.mentees[1]: unknown mentee id 'zed'",
        "error: external_scores.matrix[0]: expected a list of 3 numbers (one per mentor), got 2",
    ]
