"""Background tasks of the reports app. Thin: one service each."""

from __future__ import annotations

from django_tasks import task


@task()
def snapshot_kpis() -> int:
    from upward.reports.services import kpi_snapshots_week

    return kpi_snapshots_week()
