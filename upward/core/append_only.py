"""The audit log is append-only; the two ways past that rule are named here.

On PostgreSQL a trigger (django-pgtrigger) refuses every UPDATE and DELETE on
the audit table, whatever issues it: the ORM, a shell, a stray script. Only
erasure (which pseudonymises entries about a person) and the retention sweep
(which deletes entries past their keeping time) lift it, for their own
statements, inside this context manager. SQLite has no such trigger: the
application's own rule (services only ever insert) is what holds there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pgtrigger

AUDIT_TRIGGER = "core.AuditEntry:append_only"


@contextmanager
def allow_audit_rewrite() -> Iterator[None]:
    with pgtrigger.ignore(AUDIT_TRIGGER):
        yield
