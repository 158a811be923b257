from django.db import models


class ScheduledJob(models.Model):
    """When a job of upward.schedule.jobs is next due, shared by every scheduler process.

    A scheduler claims a due job by moving `next_due_at` forward in one UPDATE
    that only matches while the job is still due, so of two schedulers running
    at once (a second one started by mistake, or during a deploy) exactly one
    enqueues each occurrence.
    """

    name = models.CharField(max_length=80, unique=True)
    next_due_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """The lease of a running task worker (upward.schedule.workers), renewed every few seconds.

    A job still RUNNING under a worker whose heartbeat is older than
    UPWARD_WORKER_LEASE_SECONDS is handed back to the queue.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id
