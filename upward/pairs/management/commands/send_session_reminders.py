"""Queue the session-reminder sweep; operators run it hourly (or more often).

See docs/participants/sessions-and-calendar.md.
"""

from __future__ import annotations

from typing import Any

from upward.core.management.sweep import SweepCommand
from upward.core.text import count_of
from upward.pairs.services.session_emails import session_send_reminders
from upward.pairs.tasks import send_session_reminders


class Command(SweepCommand):
    help = (
        "Remind both people of each booked session starting within the next 24 hours. "
        "Safe to run as often as you like and on several machines: each session is "
        "claimed once, and reminded once per time it is booked for."
    )
    sweep_name = "the session-reminder sweep"

    def sweep(self) -> Any:
        return session_send_reminders()

    def enqueue(self) -> Any:
        return send_session_reminders.enqueue()

    def describe(self, result: Any) -> str:
        return f"Reminded {count_of(result, 'session')}."
