"""Queue the message-digest sweep; operators run it every few minutes.

See docs/participants/notes-and-messages.md.
"""

from __future__ import annotations

from typing import Any

from upward.core.management.sweep import SweepCommand
from upward.pairs.services.conversation import messages_notify_batch
from upward.pairs.tasks import send_message_digests


class Command(SweepCommand):
    help = (
        "Email each participant once about the messages their partner sent them, after "
        "the partner has been quiet for 10 minutes (a burst is one email). Safe to run as "
        "often as you like and on several machines: each message is claimed once."
    )
    sweep_name = "the message-digest sweep"

    def sweep(self) -> Any:
        return messages_notify_batch()

    def enqueue(self) -> Any:
        return send_message_digests.enqueue()

    def describe(self, result: Any) -> str:
        retry = f"; {result.failed} failed and will be retried." if result.failed else "."
        return f"Sent {result.emails} emails about {result.messages} messages{retry}"
