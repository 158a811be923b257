"""The benchmark's job: count each run in Redis (outside the database the workers claim from)."""

from __future__ import annotations

import os
import time

import redis
from django_tasks import task

PREFIX = "upward-bench-scale:runs"


def counter() -> redis.Redis:
    return redis.Redis.from_url(os.environ["REDIS_URL"])


@task()
def probe(batch: str, number: int, work_ms: int) -> None:
    counter().hincrby(f"{PREFIX}:{batch}", str(number), 1)
    time.sleep(work_ms / 1000)  # the job's work: a killed worker dies in the middle of one
