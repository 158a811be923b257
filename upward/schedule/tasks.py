"""Housekeeping: what nobody asks for but a server left alone for a year needs.

Expired sessions, old task results and every kind of personal data past its
keeping time are the retention sweep's (upward.privacy.retention), which the
scheduler runs every day too.
"""

from __future__ import annotations

from django_tasks import task

from upward.people.services import staged_imports_purge


@task()
def housekeeping() -> dict[str, int]:
    return {"staged_imports": staged_imports_purge()}
