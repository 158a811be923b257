"""The managers' guide shows the weights the code uses, word for word."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from upward.feedback.health.score import AT_RISK_BELOW, ON_TRACK_FROM, TOO_EARLY_DAYS, WEIGHTS

GUIDE = Path(settings.BASE_DIR) / "docs" / "managers" / "monitoring.md"


def test_the_weights_table_in_the_guide_is_the_codes() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    rows = [
        line for line in text.splitlines() if line.startswith("| ") and "Points off" not in line
    ]
    table = [line for line in rows if not line.startswith("| ---")]
    assert table == [f"| {points} | {when} |" for points, when in WEIGHTS]
    assert f"below {AT_RISK_BELOW}" in text
    assert f"{ON_TRACK_FROM} and above" in text
    assert f"less than {TOO_EARLY_DAYS} days" in text
