"""The scheduler: enqueue Upward's periodic jobs when they are due (upward.schedule.jobs).

Run one per installation, next to the web servers and task workers (`make run`
starts one). A second one by mistake does no harm: each occurrence of a job is
claimed by exactly one scheduler.
"""

from __future__ import annotations

import signal
import threading
from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from upward.schedule.services import next_due_at, schedule_table, schedule_tick

# Wake at least this often, so a job added by a deploy or a changed clock is seen soon.
LONGEST_SLEEP = timedelta(minutes=1)


class Command(BaseCommand):
    help = "Enqueue Upward's periodic jobs when they are due (run one, next to the workers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due now, then stop (for cron)."
        )
        parser.add_argument(
            "--list", action="store_true", help="Show every job, when it runs and is next due."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
        elif options["once"]:
            self._tick()
        else:
            self._loop()

    def _tick(self) -> None:
        for name in schedule_tick():
            self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} UTC  enqueued {name}")

    def _loop(self) -> None:
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        self.stdout.write("Scheduler started (Ctrl-C stops it).")
        while not stopping.is_set():
            close_old_connections()  # a database restart must not stop the scheduler
            try:
                self._tick()
            except DatabaseError as error:
                self.stderr.write(f"Could not reach the database ({error}); trying again soon.")
            stopping.wait(self._seconds_to_sleep(timezone.now()))
        self.stdout.write("Scheduler stopped.")

    @staticmethod
    def _seconds_to_sleep(now: datetime) -> float:
        due = next_due_at()
        wake = min(due, now + LONGEST_SLEEP) if due else now + LONGEST_SLEEP
        return max(1.0, (wake - now).total_seconds())

    def _list(self) -> None:
        for job, row in schedule_table():
            due = f"{row.next_due_at:%Y-%m-%d %H:%M} UTC" if row else "at the first tick"
            last = (
                f"{row.last_enqueued_at:%Y-%m-%d %H:%M} UTC"
                if row and row.last_enqueued_at
                else "never"
            )
            self.stdout.write(
                f"{job.name:<22} {job.when!s:<28} next {due:<22} last {last:<22} {job.what}"
            )
