"""Time a whole match run through the app (queries, engine, storage) at a given size.

    DEBUG=true .venv/bin/python bench/matching_app.py 2000   # default size: 2,000 participants

On a fresh checkout point it at a scratch database first, e.g.
`DATABASE_URL=sqlite:////tmp/bench.sqlite3 manage.py migrate`. Exit status 1 when a run of
at most 2,000 participants takes 2 s or more.

Builds a throw-away program in the configured database (SQLite by default, or
DATABASE_URL), runs `match_run_start` once inline and prints where the time went,
then deletes the program. Unit tests never assert on time; this script does.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from upward.matching.services.runs import match_run_start  # noqa: E402
from upward.matching.tests.runs_fixtures import bulk_program  # noqa: E402
from upward.people.models import Person  # noqa: E402
from upward.programs.models import Program, ProgramStatus  # noqa: E402
from upward.programs.tests.factories import ProgramFactory  # noqa: E402


def main(total: int) -> int:
    # Test factories are untyped; the bench only needs a Program row.
    program: Program = ProgramFactory(  # type: ignore[no-untyped-call,assignment]
        name=f"bench {total}", status=ProgramStatus.MATCHING
    )
    mentors = total * 35 // 100
    bulk_program(program, mentors, total - mentors)
    try:
        limit = max(total, getattr(settings, "UPWARD_MATCHING_INLINE_LIMIT", 2000))
        with override_settings(UPWARD_MATCHING_INLINE_LIMIT=limit):
            started = time.perf_counter()
            run = match_run_start(actor=None, program=program)
            elapsed = time.perf_counter() - started
        engine = run.summary.get("seconds")
        pairs = run.summary.get("pairs")
        print(f"{total} participants: {run.status} in {elapsed:.2f} s", end=" ")
        print(f"(engine {engine} s), {pairs} pairs")
        return 0 if run.status == "done" and (total > 2000 or elapsed < 2.0) else 1
    finally:
        people = list(program.registrations.values_list("person_id", flat=True))
        Program.objects.filter(pk=program.pk).delete()
        Person.objects.filter(pk__in=people).delete()


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
