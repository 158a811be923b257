"""Task workers that hold a lease, so that a job whose worker died runs again.

django-tasks-db marks a job RUNNING when a worker claims it, and nothing looks
at it again: a worker killed by the kernel's OOM killer, a `kill -9` or a lost
machine leaves its job RUNNING for ever, and the work (an email, a match run, an
export) silently never happens. `manage.py run_worker` is django-tasks-db's
worker plus a lease: a thread renews the worker's heartbeat row every few
seconds, and every worker, when it starts and at each renewal, hands back to
the queue the jobs of workers that stopped renewing for longer than
`UPWARD_WORKER_LEASE_SECONDS`.

A job handed back runs again from the start: jobs are written to be safe to run
twice (sweeps claim their rows, services check state under a lock), and a job
cut short has usually not finished its side effects. A job whose worker died
`MAX_CLAIMS` times is marked failed instead: a job that kills its worker (memory)
must not kill every worker in turn.

Jobs claimed by a plain `db_worker` (which writes no heartbeat) are never handed
back: nothing tells whether that worker is alive.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from upward.schedule.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

MAX_CLAIMS = 3
# A heartbeat row nobody renewed for this long belongs to a worker long gone.
FORGET_AFTER = timedelta(days=1)


def lease() -> timedelta:
    return timedelta(seconds=settings.UPWARD_WORKER_LEASE_SECONDS)


def heartbeat_interval() -> float:
    """Renew six times per lease: a slow database or a long pause costs no job."""
    return settings.UPWARD_WORKER_LEASE_SECONDS / 6


def renew(worker_id: str) -> None:
    # The database's clock, not this machine's: workers on several machines compare
    # their leases, and a few seconds of drift between them must not end a live one.
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": Now()})


def requeue_abandoned() -> dict[str, int]:
    """Hand back the jobs of workers whose lease ran out; fail those lost too often."""
    expired = set(
        WorkerHeartbeat.objects.filter(seen_at__lt=Now() - lease()).values_list(
            "worker_id", flat=True
        )
    )
    counts = _hand_back(expired)
    WorkerHeartbeat.objects.filter(seen_at__lt=Now() - FORGET_AFTER).delete()
    return counts


def requeue_own(worker_id: str) -> dict[str, int]:
    """At start: jobs still RUNNING under this worker id belong to a process that died."""
    return _hand_back({worker_id})


def _hand_back(workers: set[str]) -> dict[str, int]:
    """Put the RUNNING jobs last claimed by `workers` back in the queue.

    Each change is a compare-and-set on the job still RUNNING with the same
    `started_at`, so two workers sweeping at once hand a job back once, and a job
    that finished or was claimed again meanwhile is left alone.
    """
    counts = {"requeued": 0, "failed": 0}
    if not workers:
        return counts
    running = DBTaskResult.objects.running().only("id", "worker_ids", "started_at")
    for job in running.iterator():
        worker = job.worker_ids[-1] if job.worker_ids else None
        if worker not in workers:
            continue  # a live worker's job, or a plain db_worker's (no lease to judge by)
        unchanged = DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        )
        if len(job.worker_ids) >= MAX_CLAIMS:
            counts["failed"] += unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{__name__}.WorkerLost",
                traceback=(
                    f"The worker running this job stopped {len(job.worker_ids)} times "
                    f"(last: {worker}); not retried again."
                ),
            )
        else:
            counts["requeued"] += unchanged.update(status=TaskResultStatus.READY, started_at=None)
    if any(counts.values()):
        logger.warning("Jobs of stopped workers: %s", counts)
    return counts


class WorkerLost(Exception):
    """The exception class recorded on a job whose workers kept dying."""


class LeasedWorker(Worker):
    """django-tasks-db's worker, renewing its lease from a thread while it runs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stopped = threading.Event()

    def run(self) -> None:
        # The lease exists before the first claim, so that no job is ever held by a
        # worker without a heartbeat (which would look like a plain db_worker's).
        requeue_own(self.worker_id)  # a process that ran under this id before died
        renew(self.worker_id)
        requeue_abandoned()
        beat = threading.Thread(target=self._beat, name="lease", daemon=True)
        beat.start()
        try:
            super().run()
        finally:
            self._stopped.set()
            beat.join(timeout=heartbeat_interval())

    def _beat(self) -> None:
        while not self._stopped.wait(heartbeat_interval()):
            try:
                close_old_connections()
                renew(self.worker_id)
                requeue_abandoned()
            except Exception:
                # Whatever it was (the database briefly away, SQLite locked), the thread
                # must live on and try at the next beat: the lease is six beats long.
                logger.warning("Could not renew the lease of %s", self.worker_id, exc_info=True)
        connection.close()
