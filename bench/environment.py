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
    if "UPWARD_ENCRYPTION_KEYS" not in os.environ:  # required with DEBUG off (issue 13)
        from cryptography.fernet import Fernet

        os.environ["UPWARD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
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


def write_docs_section(
    docs: Path,
    *,
    begin: str,
    end: str,
    heading: str,
    intro: list[str],
    database: str,
    lines: list[str],
) -> None:
    """Put `lines` under this database's heading between the markers, keeping the others'.

    One block per benchmark, one sub-block per database kind (SQLite, PostgreSQL),
    so running the benchmark on one database leaves the other's figures in place.
    """
    text = docs.read_text() if docs.exists() else "# Benchmarks\n"
    if begin not in text or end not in text:
        text = f"{text.rstrip()}\n\n{heading}\n\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    block, tail = rest.split(end, 1)
    kind = database.split()[0]
    parts: dict[str, str] = {}
    for chunk in block.split("\n#### ")[1:]:
        title, _, body = chunk.partition("\n")
        parts[title.strip()] = body.strip()
    parts[kind] = "\n".join(lines).strip()
    body = "\n".join(intro).strip()
    for title in sorted(parts):
        body += f"\n\n#### {title}\n\n{parts[title]}"
    docs.write_text(f"{head}{begin}\n{body}\n{end}{tail}")


def analyze_tables() -> None:
    """Refresh PostgreSQL's statistics after the bulk build, as autovacuum would on a server.

    This machine's PostgreSQL runs with autovacuum off; without fresh statistics
    the planner would judge tables by their size before the build.
    """
    from upward.core.statistics import BULK_BUILD_LOCK_WAIT, tables_analyze

    tables_analyze(lock_wait=BULK_BUILD_LOCK_WAIT)
