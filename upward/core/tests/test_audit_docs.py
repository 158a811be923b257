"""docs/audit.md lists every action the code writes, in the one naming style."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ACTION = r'"([a-z_]+\.[a-z_]+)"'
# An action passed as a keyword, kept in a constant, or handed to a small helper.
PATTERNS = (
    re.compile(rf"action={ACTION}"),
    re.compile(rf"AUDIT_ACTION\w*\s*=\s*{ACTION}"),
    re.compile(rf"_audit\([^)]*?{ACTION}", re.S),
    re.compile(rf"_close_live\([^)]*?{ACTION}", re.S),
)


IRREGULAR_PAST = set(
    "sent written read ran held withdrawn given told forbidden reset resent".split()
)


def actions_in_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "upward").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        for pattern in PATTERNS:
            found.update(pattern.findall(text))
    return found


def test_every_action_in_the_code_is_documented():
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", (ROOT / "docs/audit.md").read_text(), re.M))
    in_code = actions_in_code()
    assert len(in_code) > 90
    assert in_code - documented == set(), "add these to docs/audit.md"
    assert documented - in_code == set(), "these are documented but never written"


def test_every_action_follows_the_naming_style():
    for action in actions_in_code():
        noun, verb = action.split(".")
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", noun), action
        last = verb.split("_")[-1]
        past = last.endswith("ed") or last in IRREGULAR_PAST
        assert past, f"{action}: name the verb in the past tense"
