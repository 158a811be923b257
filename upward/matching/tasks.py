"""Background tasks for matching. Thin: load by id, call one service.

Services enqueue them with `transaction.on_commit`, so a worker never looks for
a run whose transaction has not committed yet.
"""

from __future__ import annotations

from django_tasks import task

from upward.matching.services.runs import match_run_execute, match_runs_fail_stuck


@task()
def execute_match_run(run_id: int) -> str:
    return str(match_run_execute(run_id=run_id).status)


@task()
def fail_stuck_match_runs() -> int:
    """The sweep that ends runs stuck past UPWARD_MATCH_RUN_TIMEOUT_MINUTES."""
    return match_runs_fail_stuck()
