"""Time the HR import of 10,000 people, and record the figure in docs/benchmarks.md.

The file is the demo company's HR export (upward.demo.company, deterministic
for a seed), imported through the real service into a freshly migrated
database, three ways:

- **first import**: an empty directory, every row created;
- **re-import, no change**: the same bytes again, nothing written;
- **re-import, 5% changed**: 4% of rows edited (titles, levels, offices,
  skip-level moves, leave dates), 0.5% gone (deactivated), 0.5% new hires.

Each is timed from the CSV bytes to the commit, ``--repeat`` times on an
emptied directory, and the median is reported. The target: under 10 s for
10,000 rows on a 2-core machine.

    python -m bench.import_people                         # SQLite, var/bench/
    python -m bench.import_people --database-url postgres://postgres@127.0.0.1:5432/upward_bench
    python -m bench.import_people --write-docs            # also update docs/benchmarks.md

The PostgreSQL database is dropped and created again, so its name must contain
"bench". Settings run as in production (DEBUG off, no query log).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.environment import load, machine, prepare_database, versions

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "var" / "bench" / "people-import.sqlite3"
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- people-import:begin -->", "<!-- people-import:end -->"
SECTION = "## People import"
SEED = 2026
TARGET_SECONDS = 10.0


@dataclass
class Scenario:
    name: str
    data: bytes
    seconds: list[float]
    cpu: list[float]
    summary: str = ""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    database = prepare_database(args.database_url, SQLITE_PATH)
    from upward.demo.company.generator import generate_company

    rows = generate_company(args.rows, SEED)
    scenarios = [
        Scenario("first import", _csv(rows), [], []),
        Scenario("re-import, no change", _csv(rows), [], []),
        Scenario("re-import, 5% changed", _csv(_changed(rows, random.Random(SEED + 1))), [], []),
    ]
    for _ in range(args.repeat):
        _empty_directory()
        for scenario in scenarios:
            scenario.summary, seconds, cpu = _timed_import(scenario.data)
            scenario.seconds.append(seconds)
            scenario.cpu.append(cpu)
    print(_table(scenarios, args.rows, database, args.repeat))
    if args.write_docs:
        _write_docs(scenarios, args.rows, database, args.repeat)
        print(f"\nUpdated {DOCS.relative_to(ROOT)}")
    slowest = max(statistics.median(scenario.seconds) for scenario in scenarios)
    if slowest > args.max_seconds:
        print(f"\nSlower than the {args.max_seconds:g} s target.", file=sys.stderr)
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.import_people", description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000, help="people in the file")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median is kept")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL whose database name contains 'bench' (it is dropped and "
        f"created again); default: SQLite at {SQLITE_PATH.relative_to(ROOT)}",
    )
    parser.add_argument("--write-docs", action="store_true", help="record the figures in docs")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=TARGET_SECONDS,
        help="exit 1 when a scenario's median is slower than this",
    )
    return parser


# --- Database -------------------------------------------------------------------


def _empty_directory() -> None:
    from upward.core.append_only import allow_audit_rewrite
    from upward.core.models import AuditEntry
    from upward.people.models import Department, Person

    Person.objects.update(manager=None)
    Person.objects.all().delete()
    Department.objects.all().delete()
    with allow_audit_rewrite():  # a scratch database: start each run without old entries
        AuditEntry.objects.all().delete()


# --- The files ------------------------------------------------------------------


def _csv(rows: list[dict[str, str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _changed(rows: list[dict[str, str]], rng: random.Random) -> list[dict[str, str]]:
    """The next month's export: 4% edited, 0.5% gone, 0.5% hired (5% of rows in all)."""
    rows = [dict(row) for row in rows]
    by_id = {row["employee_id"]: row for row in rows}
    managers = {row["manager_id"] for row in rows}
    leaves = [row for row in rows if row["employee_id"] not in managers]
    gone = set(rng.sample([row["employee_id"] for row in leaves], len(rows) // 200))
    kept = [row for row in rows if row["employee_id"] not in gone]
    edits: list[Callable[[dict[str, str]], None]] = [
        lambda row: row.update(title=f"Senior {row['title']}"),
        lambda row: row.update(level=str(min(int(row["level"]) + 1, 6))),
        lambda row: row.update(location="Remote", time_zone="Europe/Lisbon"),
        lambda row: (
            row.update(manager_id=by_id[row["manager_id"]]["manager_id"] or row["manager_id"])
            if row["manager_id"]
            else None
        ),
        lambda row: (
            row.update(leave_date=date(2026, 10, 31).isoformat()) if not row["leave_date"] else None
        ),
    ]
    for row in rng.sample(kept, len(rows) * 4 // 100):
        rng.choice(edits)(row)
    hiring_managers = [row for row in kept if int(row["level"]) >= 3 and not row["leave_date"]]
    hires = [
        _new_hire(number, rng.choice(hiring_managers)) for number in range(1, len(rows) // 200 + 1)
    ]
    return kept + hires


def _new_hire(number: int, manager: dict[str, str]) -> dict[str, str]:
    return {
        **manager,
        "employee_id": f"NH{number:05d}",
        "name": f"New Hire {number}",
        "email": f"new.hire{number}@northwind.example",
        "title": "Graduate",
        "level": "1",
        "manager_id": manager["employee_id"],
        "hire_date": "2026-11-02",
        "birth_year": "",
        "leave_date": "",
    }


# --- Timing and reporting --------------------------------------------------------


def _timed_import(data: bytes) -> tuple[str, float, float]:
    """The report's counts, wall-clock seconds, and this process's CPU seconds.

    CPU time leaves out waiting for other processes on a busy machine (and, on
    PostgreSQL, the server's own work), so it is shown beside the wall clock.
    """
    import io

    from upward.people.importing import people_import_csv

    started, cpu_started = time.perf_counter(), time.process_time()
    report = people_import_csv(file=io.BytesIO(data), actor=None, source="bench")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    summary = (
        f"{report.created} created, {report.updated} updated, {report.deactivated} deactivated"
    )
    return summary, seconds, cpu


def _table(scenarios: list[Scenario], rows: int, database: str, repeat: int) -> str:
    lines = [
        f"People import: {rows:,} rows, {database}, {versions()}, {machine()}",
        f"median of {repeat} run(s); {load()} at the end",
        "",
        f"{'scenario':<24}{'wall':>9}{'min':>9}{'max':>9}{'CPU':>9}  result",
    ]
    for scenario in scenarios:
        wall = scenario.seconds
        lines.append(
            f"{scenario.name:<24}{statistics.median(wall):>8.2f}s{min(wall):>8.2f}s"
            f"{max(wall):>8.2f}s{statistics.median(scenario.cpu):>8.2f}s  {scenario.summary}"
        )
    return "\n".join(lines)


def _write_docs(scenarios: list[Scenario], rows: int, database: str, repeat: int) -> None:
    """Replace this database's row of the table between the markers; keep the others."""
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    if BEGIN not in text or END not in text:
        text = f"{text.rstrip()}\n\n{SECTION}\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    block, tail = rest.split(END, 1)
    kind = database.split()[0]
    kept = [
        line
        for line in block.splitlines()
        if line.startswith("| ") and not line.startswith(("| database", "| ---", f"| {kind} "))
    ]
    cells = [
        f"{statistics.median(s.seconds):.2f} s (CPU {statistics.median(s.cpu):.2f} s)"
        for s in scenarios
    ]
    measured = f"{date.today().isoformat()}, {machine()}, {versions()}, {load()}"
    table = sorted([*kept, f"| {database} | {' | '.join(cells)} | {measured} |"])
    new_block = "\n".join(
        [
            "",
            f"Importing a {rows:,}-row HR file (the demo company, seed {SEED}) through",
            "`people_import_csv`, from the CSV bytes to the commit, on a freshly migrated",
            f"database: median of {repeat} runs, wall clock (this process's CPU time in",
            "brackets; on PostgreSQL the server's work is not in it). Target: under 10 s",
            "on a 2-core machine. The load average shows how busy the machine was.",
            "",
            "Command: `make bench-import`, which runs",
            "`.venv/bin/python -m bench.import_people --write-docs` (SQLite under",
            "`var/bench/`); for PostgreSQL add",
            "`--database-url postgres://postgres@127.0.0.1:5432/upward_bench`",
            "(a database whose name contains `bench`: it is dropped and created again).",
            "",
            "| database | first import | re-import, no change | re-import, 5% changed | measured |",
            "| --- | ---: | ---: | ---: | --- |",
            *table,
            "",
        ]
    )
    DOCS.write_text(f"{head}{BEGIN}{new_block}\n{END}{tail}")


if __name__ == "__main__":
    raise SystemExit(main())
