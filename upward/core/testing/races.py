"""One harness for race tests: start jobs at the same instant, each on its own connection.

    outcomes = run_together({"a": lambda: service(...), "b": lambda: service(...)})
    assert sorted(outcomes.values()) == ["ok", "refused: ..."]

Each job runs in its own thread (so its own database connection), released by
a barrier at the same moment. A job's outcome is "ok" (with its int result, if
any), "refused: <message>" for an ApplicationError, or "crashed: <error>" for
anything else, which a test should never see. No sleeps and no retries: on
PostgreSQL row locks make writers queue; the SQLite test database is a file in
WAL mode, where a second writer waits on busy_timeout (upward.env).
Tests using it need `@pytest.mark.django_db(transaction=True)`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.db import close_old_connections, connection

from upward.core.errors import ApplicationError

JOIN_TIMEOUT_SECONDS = 120


def _outcome(job: Callable[[], Any]) -> str:
    try:
        result = job()
    except ApplicationError as error:
        return f"refused: {error.message}"
    except Exception as error:  # reported to the test, which fails on it
        return f"crashed: {error!r}"
    return f"ok {result}" if isinstance(result, int) and not isinstance(result, bool) else "ok"


def run_together(jobs: Mapping[str, Callable[[], Any]]) -> dict[str, str]:
    """Run every job at the same moment; each job's outcome by its name."""
    barrier = threading.Barrier(len(jobs))
    outcomes: dict[str, str] = {}

    def work(name: str, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[name] = _outcome(job)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=item) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT_SECONDS)
    missing = [name for name in jobs if name not in outcomes]
    outcomes.update(dict.fromkeys(missing, "timed out"))
    return outcomes
