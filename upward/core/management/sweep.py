"""The base of Upward's periodic commands (reminders, digests).

Each one either queues its sweep for a task worker (the default: operators run
it from cron or a systemd timer) or runs it here with --now. The sweeps claim
rows atomically, so running a command twice, or on two machines, sends nothing
twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class SweepCommand(BaseCommand):
    #: What the sweep is called in the command's output ("the reminder sweep").
    sweep_name = "the sweep"

    def sweep(self) -> Any:
        """Run the sweep in this process and return its result."""
        raise NotImplementedError

    def enqueue(self) -> Any:
        """Queue the sweep's task; return the task result (it has an id)."""
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        """One line saying what an in-process sweep did."""
        return f"Finished {self.sweep_name}: {result}."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the sweep in this process instead of queueing it for a task worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(self.describe(self.sweep()))
            return
        queued = self.enqueue()
        self.stdout.write(f"Queued {self.sweep_name} (task {queued.id}).")
