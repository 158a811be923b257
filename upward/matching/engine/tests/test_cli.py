"""The ``upward-match`` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from upward.matching.engine.cli import main

PROBLEM = {
    "mentors": [
        {"id": "ana", "level": 2, "skills": ["social-media/tiktok"]},
        {"id": "bo", "level": 1},
    ],
    "mentees": [{"id": "dana", "level": 7, "skills": ["social-media/tiktok"]}],
}


def _write(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_solves_a_file_and_writes_the_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert main([str(_write(tmp_path, PROBLEM)), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(p["mentor"], p["mentee"]) for p in doc["pairs"]] == [("ana", "dana")]
    assert doc["summary"]["objective"] == "optimal"
    assert doc["unmatched"] == [
        {
            "id": "bo",
            "side": "mentor",
            "reason": "the only feasible mentee (dana) is matched with another mentor",
        }
    ]


def test_invalid_input_exits_2_with_one_message_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = json.loads(json.dumps(PROBLEM))
    bad["mentors"][1]["level"] = "x"
    bad["mentees"][0]["timezone"] = "Nowhere/Land"
    assert main([str(_write(tmp_path, bad))]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: mentors[1].level: expected an integer",
        "error: mentees[0].timezone: unknown IANA time zone 'Nowhere/Land'",
    ]


def test_broken_json_and_missing_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"mentors": [', encoding="utf-8")
    assert main([str(broken)]) == 2
    assert "invalid JSON at line 1" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_suggestions_for_one_mentee(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(_write(tmp_path, PROBLEM)), "--suggest", "dana", "-k", "1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["mentor"] for s in doc["suggestions"]] == ["ana"]


def test_python_dash_m_runs_without_a_traceback_on_bad_input(tmp_path: Path) -> None:
    path = _write(tmp_path, {"mentors": [{"id": "a", "level": True}], "mentees": []})
    proc = subprocess.run(
        [sys.executable, "-m", "upward.matching.engine", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: mentors[0].level: expected an integer"
    assert "Traceback" not in proc.stderr


def test_timings_and_the_method_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, PROBLEM)
    assert main([str(path), "--timings", "--method", "sparse", "--indent", "0"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["summary"]["certificate"]["method"] == "sparse"
    assert "\n" not in captured.out.strip()
    steps = json.loads(captured.err)["timings"]
    assert {"read", "parse", "to_dict", "write", "main", "engine"} <= set(steps)
    assert main([str(path), "--indent", "4"]) == 0
    assert json.loads(capsys.readouterr().out)["pairs"] == doc["pairs"]
