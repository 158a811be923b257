"""Background tasks of the feedback app: the sweeps the scheduler runs. Thin: one service each."""

from __future__ import annotations

from django_tasks import task


@task()
def prompt_check_ins() -> int:
    from upward.feedback.services.check_ins import check_ins_prompt

    return check_ins_prompt()


@task()
def send_check_in(check_in_id: int) -> bool:
    from upward.feedback.services.check_ins import check_in_send

    return check_in_send(check_in_id=check_in_id)


@task()
def recompute_health() -> int:
    from upward.feedback.services.health import health_recompute_all

    return health_recompute_all()


@task()
def snapshot_health() -> int:
    from upward.feedback.services.health import health_snapshot_week

    return health_snapshot_week()


@task()
def send_nudges() -> int:
    from upward.feedback.services.nudges import nudges_automatic

    return nudges_automatic()


@task()
def escalate_concerns() -> int:
    from upward.feedback.services.concerns import concerns_escalate

    return concerns_escalate()
