"""Sweeps and people acting on the same sessions at the same moment.

On PostgreSQL the reminder sweep claims rows with SELECT ... FOR UPDATE SKIP
LOCKED; on SQLite writers are serialised (each waits for the other's lock).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from upward.core.testing.races import run_together
from upward.pairs.models import Session, SessionStatus
from upward.pairs.services.session_emails import session_send_reminders
from upward.pairs.services.sessions import session_accept, session_cancel, session_propose
from upward.pairs.tests.sessions_fixtures import book, in_days, london_new_york_pair

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_sweeps_remind_each_session_once():
    soon = timezone.now() + timedelta(hours=6)
    sessions = [book(london_new_york_pair(), soon) for _ in range(5)]
    mail.outbox.clear()
    outcomes = run_together({f"sweep {n}": session_send_reminders for n in range(4)})
    assert all(o.startswith("ok") for o in outcomes.values()), outcomes
    assert len(mail.outbox) == 2 * len(sessions)
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 2 * len(sessions)
    assert not Session.objects.filter(reminder_sent_at__isnull=True).exists()


def test_accepting_and_cancelling_at_once_leaves_one_consistent_outcome():
    pair = london_new_york_pair()
    session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(6))
    outcomes = list(
        run_together(
            {
                "accept": lambda: session_accept(session=session, actor=pair.mentee),
                "cancel": lambda: session_cancel(
                    session=session, actor=pair.mentor, reason="Changed my mind"
                ),
            }
        ).values()
    )
    assert all(o.startswith(("ok", "refused")) for o in outcomes), outcomes
    session.refresh_from_db()
    if outcomes.count("ok") == 2:  # accepted first, then the booked session was cancelled
        assert session.status == SessionStatus.CANCELLED and session.ical_sequence == 1
    else:  # cancelled first: accepting it was refused
        assert session.status == SessionStatus.CANCELLED and session.ical_sequence == 0
        assert any(o.startswith("refused") for o in outcomes)
