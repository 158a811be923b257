"""Reports at scale: a program of 5,000 participants and 2,000 pairs with a year of history.

    python -m bench.reports                  # SQLite, var/bench/
    python -m bench.reports --database-url postgres://postgres@127.0.0.1:5432/upward_bench
    python -m bench.reports --write-docs     # and update docs/benchmarks.md (make bench-reports)

Builds the program with bench.monitoring's builder (2,000 live pairs, sessions
every two to four weeks for a year, both people's check-ins), adds 1,000
registered participants without a pair, a self-identification for most and
ratings before and after, then measures through Django's test client, as its
manager: the report page (median of `--repeat`), every table's CSV, and the
PDF; the signed-in home page in the same run is the baseline.

Targets (issue 12): the page at most 500 ms, a CSV at most 2 s, the PDF at most 10 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
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
from bench.monitoring import _build  # one builder for both benchmarks

SQLITE_PATH = ROOT / "var" / "bench" / "reports.sqlite3"
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- reports:begin -->", "<!-- reports:end -->"
SECTION = "## Reports"
PAGE_TARGET_MS, CSV_TARGET_MS, PDF_TARGET_MS = 500.0, 2000.0, 10000.0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    database = prepare_database(args.database_url, SQLITE_PATH)
    started = time.perf_counter()
    manager, (program,) = _build(1, args.pairs)
    _more_participants(program, args.unpaired)
    _kpis_and_answers(program)
    analyze_tables()
    built = time.perf_counter() - started
    print(f"Built the program in {built:.0f} s ({database}).")
    figures = _measure(manager, program, args.repeat)
    lines = _report(database, args, figures)
    print("\n".join(lines))
    if args.write_docs:
        _write_docs(lines, database)
    slow = (
        figures["page_ms"] > PAGE_TARGET_MS
        or figures["csv_ms"] > CSV_TARGET_MS
        or figures["pdf_ms"] > PDF_TARGET_MS
    )
    return 1 if slow and args.fail_on_target else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--unpaired", type=int, default=1000, help="participants without a pair")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--fail-on-target", action="store_true")
    return parser


def _more_participants(program: Any, count: int) -> None:
    """Registered people without a pair (not proposed yet, or left unmatched)."""
    from upward.people.models import Person
    from upward.programs.models import Registration

    people = Person.objects.bulk_create(
        [
            Person(
                employee_id=f"U{program.pk}-{k}",
                name=f"Unpaired {k}",
                email=f"unpaired{program.pk}-{k}@example.com",
                level=2 if k % 2 else 6,
            )
            for k in range(count)
        ],
        batch_size=1000,
    )
    people = list(Person.objects.filter(employee_id__startswith=f"U{program.pk}-"))
    Registration.objects.bulk_create(
        [
            Registration(
                program=program,
                person=person,
                role="mentor" if person.level < 5 else "mentee",
                timezone="Europe/London",
                languages=["en"],
                availability=["tue-09"],
            )
            for person in people
        ],
        batch_size=1000,
    )


def _kpis_and_answers(program: Any) -> None:
    """Five KPIs, self-identification for 4 in 5, ratings before (all) and after (half)."""
    from decimal import Decimal

    from django.utils import timezone

    from upward.programs.models import (
        AssessmentMoment,
        Kpi,
        Objective,
        Program,
        Registration,
        SelfIdentification,
        SelfRating,
    )

    Program.objects.filter(pk=program.pk).update(objectives=[Objective.INCLUSION])
    for position, (kind, target) in enumerate(
        [
            ("usefulness", "3"),
            ("cadence_kept", "80"),
            ("at_risk", "10"),
            ("fit", "80"),
            ("skills_gained", "1"),
        ]
    ):
        Kpi.objects.create(
            program=program, kind=kind, name=kind, target=Decimal(target), position=position
        )
    rng = random.Random(5)
    registrations = list(Registration.objects.filter(program=program).values_list("pk", "role"))
    now = timezone.now()
    SelfIdentification.objects.bulk_create(
        [
            SelfIdentification(
                registration_id=pk,
                consent_given_at=now,
                purpose_version="2025-1",
                answers={
                    "generation": rng.choice(["gen_x", "millennial", "gen_z", "baby_boomer"]),
                    "disability": rng.choice(["yes", "no", "no", "no", "prefer_not"]),
                },
            )
            for pk, _role in registrations
            if rng.random() < 0.8
        ],
        batch_size=1000,
    )
    ratings = []
    for pk, role in registrations:
        for topic in (
            ("area:explaining", "area:business")
            if role == "mentor"
            else (
                "skill:bulk-skill-1",
                "skill:bulk-skill-2",
            )
        ):
            before = rng.randint(1, 3)
            ratings.append(
                SelfRating(
                    registration_id=pk,
                    moment=AssessmentMoment.BEFORE,
                    topic=topic,
                    topic_label=topic,
                    rating=before,
                )
            )
            if rng.random() < 0.5:
                ratings.append(
                    SelfRating(
                        registration_id=pk,
                        moment=AssessmentMoment.AFTER,
                        topic=topic,
                        topic_label=topic,
                        rating=min(5, before + rng.randint(0, 2)),
                    )
                )
    SelfRating.objects.bulk_create(ratings, batch_size=2000)


def _measure(manager: Any, program: Any, repeat: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from upward.feedback.services.health import health_recompute_all

    health_recompute_all()
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(manager)
    page_url = reverse("reports:program_report", args=[program.pk])
    home_url = reverse("home:home")
    csv_keys = ["kpis", "funnel", "sessions-by-week", "before-after", "inclusion-disability"]

    def timed(url: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            body = b"".join(response) if response.streaming else response.content
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(queries), len(body)

    with override_settings(STORAGES=storages):
        timed(page_url)
        timed(home_url)
        page, home = [], []
        for _ in range(repeat):
            page.append(timed(page_url))
            home.append(timed(home_url))
        csvs = {
            key: timed(reverse("reports:report_csv", args=[program.pk, key]))[0] for key in csv_keys
        }
        pdf = timed(reverse("reports:report_pdf", args=[program.pk]))
    return {
        "page_ms": statistics.median(p[0] for p in page),
        "page_queries": page[-1][1],
        "page_kb": page[-1][2] / 1024,
        "home_ms": statistics.median(h[0] for h in home),
        "csv_ms": max(csvs.values()),
        "csv_slowest": max(csvs, key=lambda k: csvs[k]),
        "pdf_ms": pdf[0],
        "pdf_kb": pdf[2] / 1024,
    }


def _report(database: str, args: argparse.Namespace, f: dict[str, Any]) -> list[str]:
    measured = f"{date.today().isoformat()}, {machine()}, {versions()}, {load()} at the end"
    participants = 2 * args.pairs + args.unpaired
    return [
        f"One program: {participants:,} participants, {args.pairs:,} live pairs with a year of "
        f"sessions and check-ins, 5 KPIs, self-identification for 4 in 5; {database}; {measured}.",
        "",
        "| measure | result | target |",
        "| --- | ---: | ---: |",
        f"| report page, server time (median of {args.repeat}) | {f['page_ms']:.0f} ms, "
        f"{f['page_queries']} queries, {f['page_kb']:.0f} KB | ≤ {PAGE_TARGET_MS:.0f} ms |",
        f"| signed-in home page, same run (baseline) | {f['home_ms']:.0f} ms "
        f"(report ÷ home: {f['page_ms'] / f['home_ms']:.1f} times) | |",
        f"| slowest table CSV ({f['csv_slowest']}) | {f['csv_ms']:.0f} ms "
        f"| ≤ {CSV_TARGET_MS:.0f} ms |",
        f"| PDF, A4 | {f['pdf_ms'] / 1000:.1f} s, {f['pdf_kb']:.0f} KB "
        f"| ≤ {PDF_TARGET_MS / 1000:.0f} s |",
    ]


def _write_docs(lines: list[str], database: str) -> None:
    intro = [
        "",
        "A program's report, its CSVs and its PDF (issue 12). Command: `make bench-reports`",
        "(`.venv/bin/python -m bench.reports --write-docs`, SQLite under `var/bench/`; add",
        "`--database-url postgres://postgres@127.0.0.1:5432/upward_bench` for PostgreSQL).",
        "Server time through Django's test client; the home page in the same run is the",
        "baseline, because this machine is shared and noisy.",
        "",
    ]
    write_docs_section(
        DOCS, begin=BEGIN, end=END, heading=SECTION, intro=intro, database=database, lines=lines
    )


if __name__ == "__main__":
    sys.exit(main())
