"""Queue the message-digest sweep; operators run it every few minutes.

See docs/participants/notes-and-messages.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.pairs.services.conversation import messages_notify_batch
from upward.pairs.tasks import send_message_digests


class Command(BaseCommand):
    help = (
        "Email each participant once about the messages their partner sent them, after "
        "the partner has been quiet for 10 minutes (a burst is one email). Safe to run as "
        "often as you like and on several machines: each message is claimed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the sweep in this process instead of queueing it for a task worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            result = messages_notify_batch()
            self.stdout.write(
                f"Sent {result.emails} emails about {result.messages} messages"
                + (f"; {result.failed} failed and will be retried." if result.failed else ".")
            )
            return
        queued = send_message_digests.enqueue()
        self.stdout.write(f"Queued the message-digest sweep (task {queued.id}).")
