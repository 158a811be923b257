"""Housekeeping: what nobody asks for but a server left alone for a year needs."""

from __future__ import annotations

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django_tasks import task

from upward.people.services import staged_imports_purge

# Finished task results are kept this long for operators to look at, then deleted.
TASK_RESULTS_KEPT_DAYS = 14


@task()
def housekeeping() -> dict[str, int]:
    call_command("clearsessions")
    done = {"staged_imports": staged_imports_purge()}
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        out = StringIO()
        call_command("prune_db_task_results", min_age_days=TASK_RESULTS_KEPT_DAYS, stdout=out)
    return done
