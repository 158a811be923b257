"""Queue the invitation-reminder sweep. Operators run this hourly (docs/managers/recruiting.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.programs.services.invitation_sending import invitation_send_reminders
from upward.programs.tasks import send_invitation_reminders


class Command(BaseCommand):
    help = (
        "Queue a sweep that reminds invitees who have not answered. Safe to run as often "
        "as you like and on several machines: each reminder is claimed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the sweep in this process instead of queueing it for a task worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            reminded = invitation_send_reminders()
            self.stdout.write(f"Sent {reminded} reminder{'s' if reminded != 1 else ''}.")
            return
        result = send_invitation_reminders.enqueue()
        self.stdout.write(f"Queued the reminder sweep (task {result.id}).")
