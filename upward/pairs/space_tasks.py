"""Background tasks of the pair's space. Thin: load by id, call one service.

Kept beside pairs.tasks so the areas of issue 6 do not edit one file at once.
"""

from __future__ import annotations

from django_tasks import task

from upward.pairs.services.space_emails import agreement_send_proposal_email


@task()
def send_agreement_proposed(version_id: int) -> int:
    return agreement_send_proposal_email(version_id=version_id)
