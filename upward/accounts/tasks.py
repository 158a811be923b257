"""Periodic work of the accounts app."""

from __future__ import annotations

from django_tasks import task

from upward.accounts.services import email_change_apply_due


@task()
def apply_email_changes() -> int:
    """Login-email changes confirmed by the new address whose hold is over."""
    return email_change_apply_due()
