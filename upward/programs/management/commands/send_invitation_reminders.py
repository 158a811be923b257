"""Queue the invitation-reminder sweep. Operators run this hourly (docs/managers/recruiting.md)."""

from __future__ import annotations

from typing import Any

from upward.core.management.sweep import SweepCommand
from upward.programs.services.invitation_sending import invitation_send_reminders
from upward.programs.tasks import send_invitation_reminders


class Command(SweepCommand):
    help = (
        "Queue a sweep that reminds invitees who have not answered. Safe to run as often "
        "as you like and on several machines: each reminder is claimed once."
    )
    sweep_name = "the reminder sweep"

    def sweep(self) -> Any:
        return invitation_send_reminders()

    def enqueue(self) -> Any:
        return send_invitation_reminders.enqueue()

    def describe(self, result: Any) -> str:
        return f"Sent {result} reminder{'s' if result != 1 else ''}."
