"""Background jobs of the API. Thin: load by id, call one service."""

from __future__ import annotations

from django_tasks import task


@task()
def run_people_import(job_id: int) -> str:
    from upward.api.services import people_import_job_run

    return str(people_import_job_run(job_id=job_id).status)


@task()
def deliver_webhook(delivery_id: int) -> bool:
    from upward.api.webhooks.services import webhook_attempt

    return webhook_attempt(delivery_id=delivery_id) is not None


@task()
def deliver_due_webhooks() -> int:
    """The retry sweep, every minute (upward.schedule.jobs)."""
    from upward.api.webhooks.services import webhooks_deliver_due

    return webhooks_deliver_due()


@task()
def announce_watched_events() -> dict[str, int]:
    """check_in.overdue, pair.at_risk and kpi.off_target, read from what the apps keep."""
    from upward.api.sweeps import (
        check_ins_overdue_announce,
        kpis_off_target_announce,
        pairs_at_risk_announce,
    )

    return {
        "check_ins_overdue": check_ins_overdue_announce(),
        "pairs_at_risk": pairs_at_risk_announce(),
        "kpis_off_target": kpis_off_target_announce(),
    }


@task()
def api_housekeeping() -> dict[str, int]:
    from upward.api.sweeps import api_housekeeping as sweep

    return sweep()
