"""manage.py demo_logins: print the demo's sign-in details (`make run` shows them)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, OutputWrapper
from django.db import DatabaseError

from upward.demo.logins import DEMO_PASSWORD, demo_login_details


def write_logins(out: OutputWrapper) -> None:
    logins = demo_login_details()
    ready = _ready_emails([login.email for login in logins])
    out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for login in logins:
        note = "" if ready is None or login.email in ready else "  (not created: run seed_demo)"
        who = f"{login.name}, {login.title}"
        out.write(f"  {login.label + ':':17} {login.email:32} {who}{note}")
    _write_api_token(out)


def _write_api_token(out: OutputWrapper) -> None:
    from upward.demo.api_token import DEMO_API_TOKEN, demo_api_token_ready

    try:
        ready = demo_api_token_ready()
    except DatabaseError:  # not migrated yet
        ready = False
    note = "" if ready else "  (none yet: run seed_demo)"
    out.write(f"API token of the administrator (docs/api.md): {DEMO_API_TOKEN}{note}")


def _ready_emails(emails: list[str]) -> set[str] | None:
    """The emails with a verified login, or None when the database cannot say."""
    try:
        return set(
            EmailAddress.objects.filter(
                email__in=emails, verified=True, user__is_active=True
            ).values_list("email", flat=True)
        )
    except DatabaseError:  # not migrated yet
        return None


class Command(BaseCommand):
    help = "Print the demo logins (administrator, program manager, mentor, mentee)."

    def handle(self, *args: Any, **options: Any) -> None:
        write_logins(self.stdout)
