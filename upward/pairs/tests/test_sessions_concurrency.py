"""Sweeps and people acting on the same sessions at the same moment.

On PostgreSQL the reminder sweep claims rows with SELECT ... FOR UPDATE SKIP
LOCKED; on SQLite writers are serialised and a locked database is retried.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from upward.core.errors import ApplicationError
from upward.pairs.models import Session, SessionStatus
from upward.pairs.services.session_emails import session_send_reminders
from upward.pairs.services.sessions import session_accept, session_cancel, session_propose
from upward.pairs.tests.sessions_fixtures import book, in_days, london_new_york_pair

pytestmark = pytest.mark.django_db(transaction=True)


def _run_all(jobs: list[Callable[[], Any]]) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def work(job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            for _ in range(500):
                try:
                    result = job()
                    outcomes.append(f"ok {result if isinstance(result, int) else ''}".strip())
                    return
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.005)
            outcomes.append("starved")
        except ApplicationError as error:
            outcomes.append(f"refused: {error.message}")
        except Exception as error:
            outcomes.append(f"crashed: {error!r}")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_simultaneous_sweeps_remind_each_session_once():
    soon = timezone.now() + timedelta(hours=6)
    sessions = [book(london_new_york_pair(), soon) for _ in range(5)]
    mail.outbox.clear()
    outcomes = _run_all([session_send_reminders for _ in range(4)])
    assert not [o for o in outcomes if o.startswith(("crashed", "starved"))], outcomes
    # On SQLite a sweep that meets a locked table leaves the row due (and logs it);
    # the next sweep, as the next hourly run would, picks it up. Never twice.
    session_send_reminders()
    assert len(mail.outbox) == 2 * len(sessions)
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 2 * len(sessions)
    assert not Session.objects.filter(reminder_sent_at__isnull=True).exists()


def test_accepting_and_cancelling_at_once_leaves_one_consistent_outcome():
    pair = london_new_york_pair()
    session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(6))
    outcomes = _run_all(
        [
            lambda: session_accept(session=session, actor=pair.mentee),
            lambda: session_cancel(session=session, actor=pair.mentor, reason="Changed my mind"),
        ]
    )
    assert not [o for o in outcomes if o.startswith(("crashed", "starved"))], outcomes
    session.refresh_from_db()
    if outcomes.count("ok") == 2:  # accepted first, then the booked session was cancelled
        assert session.status == SessionStatus.CANCELLED and session.ical_sequence == 1
    else:  # cancelled first: accepting it was refused
        assert session.status == SessionStatus.CANCELLED and session.ical_sequence == 0
        assert any(o.startswith("refused") for o in outcomes)
