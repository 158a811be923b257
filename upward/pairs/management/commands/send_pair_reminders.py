"""Queue the answer-deadline sweep; operators run it hourly.

See docs/managers/publishing-and-rematching.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.pairs.services import pair_send_answer_reminders
from upward.pairs.tasks import send_pair_answer_reminders


class Command(BaseCommand):
    help = (
        "Queue a sweep that reminds people who have not answered a proposed pairing and "
        "tells program managers about proposals past their deadline. Safe to run as often "
        "as you like and on several machines: each email is claimed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the sweep in this process instead of queueing it for a task worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            result = pair_send_answer_reminders()
            self.stdout.write(f"Reminded {result.reminded}; passed {result.escalated} to managers.")
            return
        queued = send_pair_answer_reminders.enqueue()
        self.stdout.write(f"Queued the answer-deadline sweep (task {queued.id}).")
