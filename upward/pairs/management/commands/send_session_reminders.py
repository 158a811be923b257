"""Queue the session-reminder sweep; operators run it hourly (or more often).

See docs/participants/sessions-and-calendar.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.pairs.services.session_emails import session_send_reminders
from upward.pairs.tasks import send_session_reminders


class Command(BaseCommand):
    help = (
        "Remind both people of each booked session starting within the next 24 hours. "
        "Safe to run as often as you like and on several machines: each session is "
        "claimed once, and reminded once per time it is booked for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the sweep in this process instead of queueing it for a task worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            sent = session_send_reminders()
            self.stdout.write(f"Reminded {sent} session(s).")
            return
        queued = send_session_reminders.enqueue()
        self.stdout.write(f"Queued the session-reminder sweep (task {queued.id}).")
