"""Queue the answer-deadline sweep; operators run it hourly.

See docs/managers/publishing-and-rematching.md.
"""

from __future__ import annotations

from typing import Any

from upward.core.management.sweep import SweepCommand
from upward.pairs.services import pair_send_answer_reminders
from upward.pairs.tasks import send_pair_answer_reminders


class Command(SweepCommand):
    help = (
        "Queue a sweep that reminds people who have not answered a proposed pairing and "
        "tells program managers about proposals past their deadline. Safe to run as often "
        "as you like and on several machines: each email is claimed once."
    )
    sweep_name = "the answer-deadline sweep"

    def sweep(self) -> Any:
        return pair_send_answer_reminders()

    def enqueue(self) -> Any:
        return send_pair_answer_reminders.enqueue()

    def describe(self, result: Any) -> str:
        return f"Reminded {result.reminded}; passed {result.escalated} to managers."
