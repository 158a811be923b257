"""Background tasks for pairs. Thin: load by id, call one service.

Services enqueue them with `transaction.on_commit`, so a worker never looks
for a pair whose transaction has not committed yet. Each task imports its
service when it runs: the services import these tasks to enqueue them.
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_pair_proposal(pair_id: int) -> int:
    from upward.pairs.services.emails import pair_send_proposal_emails

    return pair_send_proposal_emails(pair_id=pair_id)


@task()
def send_pair_live(pair_id: int) -> int:
    from upward.pairs.services.emails import pair_send_live_emails

    return pair_send_live_emails(pair_id=pair_id)


@task()
def send_pair_closed(pair_id: int, closed_by_id: int | None = None) -> int:
    from upward.pairs.services.emails import pair_send_closed_emails

    return pair_send_closed_emails(pair_id=pair_id, closed_by_id=closed_by_id)


@task()
def send_pair_answer_reminders() -> dict[str, int]:
    """The sweep, run hourly by `manage.py send_pair_reminders`.

    See docs/managers/publishing-and-rematching.md.
    """
    from upward.pairs.services.deadlines import pair_send_answer_reminders

    result = pair_send_answer_reminders()
    return {"reminded": result.reminded, "escalated": result.escalated}


@task()
def send_session_email(session_id: int, kind: str, by_id: int | None = None) -> int:
    from upward.pairs.services.session_emails import session_send_emails

    return session_send_emails(session_id=session_id, kind=kind, by_id=by_id)


@task()
def send_session_reminders() -> int:
    """The sweep, run hourly by `manage.py send_session_reminders`."""
    from upward.pairs.services.session_emails import session_send_reminders

    return session_send_reminders()


@task()
def send_message_digests() -> dict[str, int]:
    """The sweep, run every few minutes by `manage.py send_message_digests`.

    See docs/participants/notes-and-messages.md.
    """
    from upward.pairs.services.conversation import messages_notify_batch

    result = messages_notify_batch()
    return {"emails": result.emails, "messages": result.messages, "failed": result.failed}


@task()
def send_agreement_proposed(version_id: int) -> int:
    from upward.pairs.services.space_emails import agreement_send_proposal_email

    return agreement_send_proposal_email(version_id=version_id)
