"""The scheduler's one step: enqueue every job that is due, each occurrence exactly once."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from upward.schedule.jobs import JOBS, Job
from upward.schedule.models import ScheduledJob


def _know_every_job(now: datetime) -> None:
    """A job seen for the first time is due at once: a new server catches up straight away."""
    ScheduledJob.objects.bulk_create(
        [ScheduledJob(name=job.name, next_due_at=now) for job in JOBS], ignore_conflicts=True
    )


def _claim_and_enqueue(job: Job, now: datetime) -> bool:
    """Move the job's next time forward and enqueue it, if it is still due (one transaction).

    A scheduler that was stopped for a day enqueues a missed job once, not once
    per missed occurrence: every sweep looks at everything that is due.
    """
    with transaction.atomic():
        claimed = ScheduledJob.objects.filter(name=job.name, next_due_at__lte=now).update(
            next_due_at=job.when.next_after(now), last_enqueued_at=now
        )
        if not claimed:
            return False
        result = job.task.enqueue()
        ScheduledJob.objects.filter(name=job.name).update(last_task_id=str(result.id)[:64])
    return True


def schedule_tick(*, now: datetime | None = None) -> list[str]:
    """Enqueue the jobs due at `now`; the names of those this process enqueued."""
    now = now or timezone.now()
    _know_every_job(now)
    due = set(ScheduledJob.objects.filter(next_due_at__lte=now).values_list("name", flat=True))
    return [job.name for job in JOBS if job.name in due and _claim_and_enqueue(job, now)]


def next_due_at() -> datetime | None:
    """The earliest moment any job is due (for the scheduler's sleep)."""
    found: datetime | None = (
        ScheduledJob.objects.order_by("next_due_at").values_list("next_due_at", flat=True).first()
    )
    return found


def schedule_table() -> list[tuple[Job, ScheduledJob | None]]:
    """Every job with its row (None before the first tick), in the order of the list."""
    rows = ScheduledJob.objects.in_bulk(field_name="name")
    return [(job, rows.get(job.name)) for job in JOBS]
