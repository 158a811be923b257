"""Background jobs of the privacy app. Thin: load by id, call one service."""

from __future__ import annotations

from django_tasks import task


@task()
def build_export(export_id: int) -> int:
    from upward.privacy.services import export_build

    return export_build(export_id=export_id).size


@task()
def retention_sweep() -> dict[str, int]:
    """Every day (upward.schedule.jobs): delete what the retention schedule says is due."""
    from upward.privacy.retention import retention_run

    deleted: dict[str, int] = retention_run().deleted
    return deleted
