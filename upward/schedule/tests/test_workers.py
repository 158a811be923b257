"""Leased task workers: a dead worker's job runs again, once; a live worker's is left alone.

The real kill (SIGKILL of one of two `run_worker` processes in the middle of 1,000
jobs) is in `make bench-scale` (bench/scale.py), which counts every job's runs.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from upward.schedule.models import WorkerHeartbeat
from upward.schedule.workers import MAX_CLAIMS, LeasedWorker, requeue_abandoned, requeue_own

pytestmark = pytest.mark.django_db
LEASE = timedelta(seconds=60)  # the default UPWARD_WORKER_LEASE_SECONDS
# Leases are judged by the database's clock (workers on several machines share it), so
# these tests place heartbeats well either side of the lease rather than freezing time.
ALIVE, DEAD = LEASE / 2, LEASE * 2


def running_job(*workers: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status="RUNNING",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="upward.schedule.tasks.housekeeping",
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=5),
        started_at=timezone.now() - timedelta(minutes=5),
        worker_ids=list(workers),
    )


def seen(worker_id: str, ago: timedelta) -> None:
    WorkerHeartbeat.objects.create(worker_id=worker_id, seen_at=timezone.now() - ago)


def status_of(job: DBTaskResult) -> str:
    job.refresh_from_db()
    return str(job.status)


def test_the_job_of_a_worker_whose_lease_ran_out_goes_back_to_the_queue() -> None:
    seen("dead", DEAD)
    seen("alive", ALIVE)
    abandoned, kept = running_job("dead"), running_job("alive")
    unknown = running_job("plain-db-worker")  # no heartbeat: nothing says it died

    assert requeue_abandoned() == {"requeued": 1, "failed": 0}

    assert status_of(abandoned) == "READY"
    assert abandoned.started_at is None
    assert abandoned.worker_ids == ["dead"]  # the history stays
    assert status_of(kept) == "RUNNING"
    assert status_of(unknown) == "RUNNING"
    # A second sweep (another worker at the same moment) hands nothing back twice.
    assert requeue_abandoned() == {"requeued": 0, "failed": 0}


def test_a_job_that_lost_its_worker_too_often_fails_with_the_reason() -> None:
    seen("third", DEAD)
    job = running_job(*[f"w{n}" for n in range(MAX_CLAIMS - 1)], "third")

    assert requeue_abandoned() == {"requeued": 0, "failed": 1}

    assert status_of(job) == "FAILED"
    assert job.exception_class_path == "upward.schedule.workers.WorkerLost"
    assert f"stopped {MAX_CLAIMS} times" in job.traceback


def test_heartbeats_of_workers_gone_for_a_day_are_forgotten() -> None:
    seen("yesterday", timedelta(days=1, minutes=1))
    seen("now", timedelta(0))
    requeue_abandoned()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["now"]


def test_a_worker_restarted_under_the_same_id_hands_back_what_its_predecessor_held() -> None:
    seen("w1", ALIVE)  # the new process renews the row the dead one used
    held = running_job("w1")
    finished = running_job("w1")
    DBTaskResult.objects.filter(pk=finished.pk).update(status="SUCCESSFUL")

    assert requeue_own("w1") == {"requeued": 1, "failed": 0}

    assert status_of(held) == "READY"
    assert status_of(finished) == "SUCCESSFUL"  # only RUNNING jobs are handed back


# The worker manages its own connections (as in production), so not inside a test's transaction.
@pytest.mark.django_db(transaction=True)
def test_a_leased_worker_runs_the_job_and_leaves_its_lease_behind() -> None:
    job = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="upward.schedule.tasks.housekeeping",
        backend_name="default",
        run_after=get_date_max(),  # "as soon as possible"
    )
    worker = LeasedWorker(
        queue_names=["default"],
        interval=0,
        batch=True,  # stop once the queue is empty
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

    worker.run()

    assert status_of(job) == "SUCCESSFUL"
    assert job.worker_ids == ["test-worker"]
    assert WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()
