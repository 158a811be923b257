"""Background tasks for registration. Thin: load by id, call one service.

Kept apart from programs/tasks.py only while three people build the app at
once; fold it in when convenient.
"""

from __future__ import annotations

from django_tasks import task

from upward.programs.services.registration import registration_send_confirmation


@task()
def send_registration_confirmation(registration_id: int) -> bool:
    return registration_send_confirmation(registration_id=registration_id)
