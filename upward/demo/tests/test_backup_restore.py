"""The backup and restore drill of docs/production.md, on the demo company.

On PostgreSQL: `pg_dump --format=custom` of the database, `createdb` and
`pg_restore --no-owner` into a new one, exactly the documented commands. On SQLite
(a pilot on a laptop): the online backup of the database file. Then every table
has the same number of rows and the same first rows in both copies, the restored
copy's migrations are complete, and Upward, started on the copy in another
process, serves a signed-in page.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from upward.demo.company import DEFAULT_SEED, PERSONA_BY_KEY
from upward.demo.services import demo_seed

SAMPLE_ROWS = 5

# Runs on the restored copy, in its own process: the app starts and serves a page.
CHILD = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from upward.accounts.models import User
call_command("migrate", check=True, verbosity=0)  # no migration missing on the copy
client = Client(SERVER_NAME="localhost")
client.force_login(User.objects.get(email=__import__("sys").argv[1]))
response = client.get("/programs/")
print(response.status_code, response.content.count(b"<tr"))
"""


def _url_of(db: dict[str, Any], name: str) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{name}"


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    return {
        **os.environ,
        "PGHOST": db.get("HOST") or "127.0.0.1",
        "PGPORT": str(db.get("PORT") or 5432),
        "PGUSER": db["USER"],
        "PGPASSWORD": db.get("PASSWORD") or "",
    }


def _backup_and_restore(tmp_path: Path) -> str:
    """The documented commands; the restored database's name (or file)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = str(tmp_path / "restored.sqlite3")
        source = sqlite3.connect(db["NAME"])
        target = sqlite3.connect(copy)
        with target:
            source.backup(target)
        source.close()
        target.close()
        return copy
    env, dump, copy = _pg_env(db), tmp_path / "upward.dump", f"{db['NAME']}_restored"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", db["NAME"]], env=env, check=True
    )
    subprocess.run(["dropdb", "--if-exists", copy], env=env, check=True)
    subprocess.run(["createdb", copy], env=env, check=True)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={copy}", str(dump)], env=env, check=True)
    return copy


def _raw(name: str) -> Any:
    """A plain driver connection to `name` (Django's test runner keeps its own to one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return sqlite3.connect(name)
    import psycopg

    env = _pg_env(db)
    return psycopg.connect(
        host=env["PGHOST"],
        port=env["PGPORT"],
        user=env["PGUSER"],
        password=env["PGPASSWORD"],
        dbname=name,
    )


def _contents(name: str) -> dict[str, tuple[int, list[Any]]]:
    """Each table's row count and first rows."""
    quote = connection.ops.quote_name
    raw, found = _raw(name), {}
    try:
        cursor = raw.cursor()
        for model in apps.get_models():
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608  (names from the models)
            count = cursor.fetchone()[0]
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk} LIMIT {SAMPLE_ROWS}")  # noqa: S608
            found[model._meta.label] = (count, [tuple(row) for row in cursor.fetchall()])
    finally:
        raw.close()
    return found


def _drop(copy: str) -> None:
    if connection.vendor == "postgresql":
        subprocess.run(["dropdb", "--if-exists", copy], env=_pg_env(connection.settings_dict))


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_copy_that_upward_runs_on(tmp_path):
    demo_seed(size=80, seed=DEFAULT_SEED)
    copy = _backup_and_restore(tmp_path)
    try:
        original, restored = _contents(connection.settings_dict["NAME"]), _contents(copy)
        assert sum(count for count, _rows in original.values()) > 1000  # a real company
        assert restored == original

        manager = PERSONA_BY_KEY["program_manager"].email
        env = {
            **os.environ,
            "DATABASE_URL": _url_of(connection.settings_dict, copy),
            "DJANGO_SETTINGS_MODULE": "upward.settings",
            "DEBUG": "true",
            "SECRET_KEY": "drill-" + "x" * 50,
            "EMAIL_URL": f"file://{tmp_path / 'mail'}",
        }
        result = subprocess.run(
            [sys.executable, "-c", CHILD, manager],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        status, rows = result.stdout.split()[-2:]
        assert status == "200" and int(rows) >= 2  # the manager's programs, from the copy
    finally:
        _drop(copy)
