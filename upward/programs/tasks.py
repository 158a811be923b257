"""Background tasks for programs. Thin: load by id, call one service.

Enqueue them with `transaction.on_commit` (the services do), so a worker never
looks for a row whose transaction has not committed yet.
"""

from __future__ import annotations

from django_tasks import task

from upward.programs.services.invitation_sending import (
    invitation_send_email,
    invitation_send_reminders,
)
from upward.programs.services.registration import registration_send_confirmation


@task()
def send_invitation_email(invitation_id: int) -> bool:
    return invitation_send_email(invitation_id=invitation_id)


@task()
def send_invitation_reminders() -> int:
    """The sweep: run hourly by `manage.py send_invitation_reminders` (see docs)."""
    return invitation_send_reminders()


@task()
def send_registration_confirmation(registration_id: int) -> bool:
    return registration_send_confirmation(registration_id=registration_id)
