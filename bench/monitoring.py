"""Monitoring at scale: the board of a 2,000-pair program, and the nightly recompute of 10,000.

    python -m bench.monitoring                 # SQLite, var/bench/
    python -m bench.monitoring --database-url postgres://postgres@127.0.0.1:5432/upward_bench
    python -m bench.monitoring --write-docs    # and update docs/benchmarks.md

Builds five programs of 2,000 live pairs each (10,000 pairs), every pair with a
year of sessions every two weeks (most held, some cancelled by one side, one
booked ahead) and both people's answered check-ins, with bulk inserts. Then:

- **board**: the monitoring board of one 2,000-pair program, as its manager,
  through Django's test client (URL routing, middleware, templates, session):
  server time, median of `--repeat` requests, with its query count and bytes;
  beside it, in the same run, the signed-in home page of the same manager as the
  baseline, so the ratio says what the board costs on this machine at this moment;
- **CSV**: the board's CSV export of all 2,000 rows;
- **recompute**: `health_recompute_all` over the 10,000 live pairs (the nightly
  job), first when no pair has a stored health yet, then again.

Targets (issue 11): board at most 300 ms of server time, recompute at most 10 s.
The PostgreSQL database is dropped and created again, so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from typing import Any

from bench.environment import (
    ROOT,
    analyze_tables,
    load,
    machine,
    prepare_database,
    versions,
    write_docs_section,
)

SQLITE_PATH = ROOT / "var" / "bench" / "monitoring.sqlite3"
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- monitoring:begin -->", "<!-- monitoring:end -->"
SECTION = "## Monitoring"
BOARD_TARGET_MS, RECOMPUTE_TARGET_S = 300.0, 10.0
PROGRAMS, PAIRS_PER_PROGRAM, WEEKS = 5, 2000, 52


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    database = prepare_database(args.database_url, SQLITE_PATH)
    started = time.perf_counter()
    manager, programs = _build(args.programs, args.pairs)
    analyze_tables()
    built = time.perf_counter() - started
    pairs = args.programs * args.pairs
    print(f"Built {pairs:,} live pairs with a year of history in {built:.0f} s ({database}).")

    recompute_first = _timed(_recompute)
    recompute_again = _timed(_recompute)
    board = _board(manager, programs[0], args.repeat)
    lines = _report(database, pairs, args, board, recompute_first, recompute_again)
    print("\n".join(lines))
    if args.write_docs:
        _write_docs(lines, database)
    slow = board["board_ms"] > BOARD_TARGET_MS or recompute_again > RECOMPUTE_TARGET_S
    return 1 if slow and args.fail_on_target else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.monitoring", description=__doc__)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--programs", type=int, default=PROGRAMS)
    parser.add_argument("--pairs", type=int, default=PAIRS_PER_PROGRAM, help="per program")
    parser.add_argument("--repeat", type=int, default=7, help="requests per page (median)")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument(
        "--fail-on-target", action="store_true", help="exit 1 when a target is missed"
    )
    return parser


# --- The data ----------------------------------------------------------------------


def _build(programs: int, per_program: int) -> tuple[Any, list[Any]]:
    from django.utils import timezone

    from upward.accounts.models import Role, User

    now = timezone.now()
    manager = User.objects.create_user(
        "bench.manager@example.com", "x", full_name="Bench Manager", role=Role.PROGRAM_MANAGER
    )
    built = [
        running_program_with_history(
            f"Bench program {number + 1}", [manager], per_program, now=now, seed=number
        )
        for number in range(programs)
    ]
    return manager, built


def running_program_with_history(
    name: str, managers: list[Any], pairs: int, *, now: datetime, seed: int
) -> Any:
    """A program running for a year with `pairs` live pairs and their history (bulk writes)."""
    from upward.programs.models import Program, ProgramStatus
    from upward.programs.tests.factories import ProgramFactory

    start = (now - timedelta(weeks=WEEKS)).date()
    program: Program = ProgramFactory(  # type: ignore[no-untyped-call,assignment]
        name=name, managers=managers, cadence_weeks=2
    )
    Program.objects.filter(pk=program.pk).update(
        status=ProgramStatus.RUNNING,
        registration_opens_on=start - timedelta(days=60),
        registration_closes_on=start - timedelta(days=30),
        matching_on=start - timedelta(days=20),
        starts_on=start,
        ends_on=start + timedelta(weeks=WEEKS + 8),
    )
    program.refresh_from_db()
    _pairs_with_history(program, pairs, now, random.Random(seed))
    return program


def _pairs_with_history(program: Any, count: int, now: datetime, rng: random.Random) -> None:
    from upward.feedback.models import CheckIn
    from upward.matching.tests.runs_fixtures import bulk_program
    from upward.pairs.models import Answer, Pair, PairStatus, Session, SessionStatus
    from upward.programs.models import ParticipantRole, Registration

    bulk_program(program, count, count, seed=program.pk)
    registrations = Registration.objects.filter(program=program).order_by("pk")
    mentors = list(registrations.filter(role=ParticipantRole.MENTOR))
    mentees = list(registrations.filter(role=ParticipantRole.MENTEE))
    live_at = now - timedelta(weeks=WEEKS)
    Pair.objects.bulk_create(
        [
            Pair(
                program=program,
                mentor=mentor,
                mentee=mentee,
                status=PairStatus.LIVE,
                mentor_answer=Answer.COMFORTABLE,
                mentee_answer=Answer.COMFORTABLE,
                live_at=live_at,
            )
            for mentor, mentee in zip(mentors, mentees, strict=True)
        ],
        batch_size=1000,
    )
    pairs = list(Pair.objects.filter(program=program).order_by("pk"))
    sessions = []
    for pair in pairs:
        rhythm = rng.choice((2, 2, 2, 3, 4))  # most keep the rhythm, some drift
        for week in range(1, WEEKS, rhythm):
            starts_at = live_at + timedelta(weeks=week, hours=rng.randint(0, 8))
            roll = rng.random()
            status = SessionStatus.HELD if roll < 0.85 else SessionStatus.CANCELLED
            sessions.append(
                Session(
                    pair=pair,
                    starts_at=starts_at,
                    status=status,
                    proposed_by=pair.mentor,
                    changed_by=(pair.mentee if roll < 0.95 else pair.mentor)
                    if status == SessionStatus.CANCELLED
                    else None,
                    ical_uid=f"bench-{pair.pk}-{week}@upward",
                )
            )
        if rng.random() < 0.7:
            sessions.append(
                Session(
                    pair=pair,
                    starts_at=now + timedelta(days=rng.randint(1, 14)),
                    status=SessionStatus.BOOKED,
                    proposed_by=pair.mentor,
                    ical_uid=f"bench-{pair.pk}-ahead@upward",
                )
            )
    Session.objects.bulk_create(sessions, batch_size=2000)
    held = Session.objects.filter(pair__program=program, status=SessionStatus.HELD).values_list(
        "pk", "pair_id", "pair__mentor_id", "pair__mentee_id", "starts_at"
    )
    check_ins = []
    for session_id, pair_id, mentor_id, mentee_id, starts_at in held.iterator(chunk_size=5000):
        ends = starts_at + timedelta(minutes=45)
        for author in (mentor_id, mentee_id):
            check_ins.append(
                CheckIn(
                    session_id=session_id,
                    pair_id=pair_id,
                    author_id=author,
                    took_place="held",
                    usefulness=rng.choice((2, 3, 3, 4)),
                    fit=rng.choice((2, 3, 4, 4)),
                    due_at=ends,
                    expires_at=ends + timedelta(days=14),
                    answered_at=ends + timedelta(hours=5),
                )
            )
    CheckIn.objects.bulk_create(check_ins, batch_size=2000)
    Pair.objects.filter(program=program).update(sessions_held=0)


# --- The measures ------------------------------------------------------------------


def _timed(job: Any) -> float:
    started = time.perf_counter()
    job()
    return time.perf_counter() - started


def _recompute() -> None:
    from upward.feedback.services.health import health_recompute_all

    health_recompute_all()


def _board(manager: Any, program: Any, repeat: int) -> dict[str, float]:
    from django.conf import settings
    from django.test.utils import override_settings

    # No collectstatic here: plain static URLs instead of the production manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        return _requests(manager, program, repeat)


def _requests(manager: Any, program: Any, repeat: int) -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(manager)
    board_url = reverse("feedback:board", args=[program.pk])
    csv_url = reverse("feedback:board_csv", args=[program.pk])
    home_url = reverse("home:home")

    def request(url: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)  # production redirects plain HTTP
            body = b"".join(response) if response.streaming else response.content
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed * 1000, len(queries), len(body)

    for url in (board_url, home_url, csv_url):
        request(url)  # warm the template and query caches
    board, home, csv = [], [], []
    for _ in range(repeat):  # interleaved, so both see the same moment of a noisy machine
        board.append(request(board_url))
        home.append(request(home_url))
    for _ in range(max(1, repeat // 2)):
        csv.append(request(csv_url))
    board_ms = statistics.median(b[0] for b in board)
    home_ms = statistics.median(h[0] for h in home)
    return {
        "board_ms": board_ms,
        "board_queries": board[-1][1],
        "board_bytes": board[-1][2],
        "home_ms": home_ms,
        "ratio": board_ms / home_ms,
        "csv_ms": statistics.median(c[0] for c in csv),
        "csv_bytes": csv[-1][2],
    }


def _report(
    database: str,
    pairs: int,
    args: argparse.Namespace,
    board: dict[str, float],
    first: float,
    again: float,
) -> list[str]:
    measured = f"{date.today().isoformat()}, {machine()}, {versions()}, {load()} at the end"
    return [
        f"{args.programs} programs of {args.pairs:,} live pairs ({pairs:,} pairs), a year of "
        f"sessions every 2 to 4 weeks and both people's check-ins; {database}; {measured}.",
        "",
        "| measure | result | target |",
        "| --- | ---: | ---: |",
        f"| board of {args.pairs:,} pairs, server time (median of {args.repeat}) "
        f"| {board['board_ms']:.0f} ms, {board['board_queries']:.0f} queries, "
        f"{board['board_bytes'] / 1024:.0f} KB | ≤ {BOARD_TARGET_MS:.0f} ms |",
        f"| signed-in home page, same run (baseline) | {board['home_ms']:.0f} ms "
        f"(board ÷ home: {board['ratio']:.1f} times) | |",
        f"| CSV export of the {args.pairs:,} pairs | {board['csv_ms']:.0f} ms, "
        f"{board['csv_bytes'] / 1024:.0f} KB | |",
        f"| nightly recompute of {pairs:,} pairs, none stored yet | {first:.1f} s | |",
        f"| nightly recompute of {pairs:,} pairs, again | {again:.1f} s "
        f"| ≤ {RECOMPUTE_TARGET_S:.0f} s |",
    ]


def _write_docs(lines: list[str], database: str) -> None:
    intro = [
        "",
        "The monitoring board and the nightly health recompute (issue 11). Command:",
        "`make bench-monitoring` (`.venv/bin/python -m bench.monitoring --write-docs`, SQLite",
        "under `var/bench/`; add `--database-url postgres://postgres@127.0.0.1:5432/upward_bench`",
        "for PostgreSQL). Server time through Django's test client, so URL routing, middleware,",
        "the session and the templates count; the home page is measured in the same run as",
        "the baseline, because this machine is shared and noisy.",
        "",
    ]
    write_docs_section(
        DOCS, begin=BEGIN, end=END, heading=SECTION, intro=intro, database=database, lines=lines
    )


if __name__ == "__main__":
    sys.exit(main())
