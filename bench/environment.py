"""What every benchmark needs: a scratch database, and a description of the machine.

Shared by the benchmarks that run Django (bench.import_people, bench.monitoring).
"""

from __future__ import annotations

import os
import platform
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def prepare_database(url: str, sqlite_path: Path) -> str:
    """Point Django at an empty, migrated database; return its name and version."""
    if url:
        recreate_postgres(url)
    else:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{sqlite_path}"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"  # no query log: time what production runs
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
    os.environ.setdefault("SITE_URL", "https://upward.bench.example")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the test client's host
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        version: int = connection.pg_version  # type: ignore[attr-defined]  # 150020 is 15.20
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the database name must contain 'bench'")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({cpu})"


def versions() -> str:
    import django

    return f"Python {platform.python_version()}, Django {django.get_version()}"


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
