"""An import killed with SIGKILL half-way through leaves the directory as it was.

The import runs in its own process, as `manage.py import_people --full-sync` does
on a server. A hook stops that process (SIGSTOP) inside the import's transaction,
right after the people have been written and before the history and the commit;
the test then kills it (SIGKILL: no handler, no clean-up) and compares the
directory with the copy taken before. Waiting is `waitpid(WUNTRACED)`, not a timer.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from upward.core.models import AuditEntry
from upward.people.models import DirectoryChange, Person
from upward.people.tests.factories import PersonFactory

HEADER = (
    "Employee ID,Name,Email,Title,Level,Department,Location,Time zone,Manager ID,Hire date,"
    "Birth year,Leave date"
).split(",")

PLACE = ["Sales", "London", "Europe/London", "", "2020-01-01", "", ""]

# Runs in the child: Django as on a server, the import command, and one stop inside
# the transaction (after the people are written, before the history and the commit).
CHILD = """
import os, signal, sys
import django
django.setup()
from upward.people.importing import writing
written = writing._save_existing
def stop_after(*args, **kwargs):
    result = written(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGSTOP)
    return result
writing._save_existing = stop_after
from django.core.management import call_command
call_command("import_people", sys.argv[1], "--full-sync", "--allow-mass-deactivation")
"""


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def _directory() -> list[tuple[Any, ...]]:
    return list(
        Person.objects.order_by("pk").values_list(
            "pk", "employee_id", "name", "email", "title", "level", "is_active", "line_path"
        )
    )


def _write_csv(path: Path, existing: list[Person], new: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        # Half the directory stays, with a new title; the other half would be deactivated.
        for person in existing[: len(existing) // 2]:
            writer.writerow(
                [person.employee_id, person.name, person.email, "Renamed title", 3, *PLACE]
            )
        for n in range(new):
            writer.writerow(
                [f"N{n:05d}", f"New Person {n}", f"new.person{n}@example.com", "Analyst", 2, *PLACE]
            )


def _start_import(csv_file: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    """The import in its own process, on the test database, stopped inside its transaction."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "upward.settings",
        "DEBUG": "true",
        "SECRET_KEY": "crash-test-" + "x" * 50,
        "EMAIL_URL": f"file://{tmp_path / 'mail'}",
    }
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(csv_file)], cwd=settings.BASE_DIR, env=env
    )


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_mid_transaction_leaves_the_directory_unchanged(tmp_path):
    existing = PersonFactory.create_batch(40)
    csv_file = tmp_path / "people.csv"
    _write_csv(csv_file, existing, new=1500)
    before = (_directory(), DirectoryChange.objects.count(), AuditEntry.objects.count())

    child = _start_import(csv_file, tmp_path)
    _, status = os.waitpid(child.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), "the import ended before reaching its writes"
    # Its writes are made, uncommitted: now the crash.
    os.kill(child.pid, signal.SIGKILL)
    _, status = os.waitpid(child.pid, 0)
    child.returncode = -signal.SIGKILL  # reaped here; tell Popen so it does not wait again
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    connection.close()  # a fresh connection: nothing cached from before the crash
    assert (_directory(), DirectoryChange.objects.count(), AuditEntry.objects.count()) == before
    assert not Person.objects.filter(employee_id__startswith="N").exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_import_left_alone_does_change_the_directory(tmp_path):
    # The control: without the crash, the same child writes (so the test above proves
    # something), here run to its end.
    existing = PersonFactory.create_batch(40)
    csv_file = tmp_path / "people.csv"
    _write_csv(csv_file, existing, new=1500)
    child = _start_import(csv_file, tmp_path)
    _, status = os.waitpid(child.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status)
    os.kill(child.pid, signal.SIGCONT)
    assert child.wait(timeout=120) == 0
    connection.close()
    assert Person.objects.filter(employee_id__startswith="N").count() == 1500
    assert Person.objects.filter(is_active=False).count() == 20
