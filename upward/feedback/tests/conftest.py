"""Fixtures for the feedback tests: a live London/New York pair with a session that has ended."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine

from upward.pairs.models import Pair, Session
from upward.pairs.tests.sessions_fixtures import book, in_days


def after(session: Session, **delta: float) -> time_machine.travel:
    """A frozen clock some time after the session's end (an hour, by default)."""
    end = session.starts_at + timedelta(minutes=session.minutes)
    return time_machine.travel(end + timedelta(**(delta or {"hours": 1})), tick=False)


@pytest.fixture
def ended(pair: Pair) -> Iterator[Session]:
    """A session booked two days ahead; the tests move the clock past its end."""
    yield book(pair, in_days(2))
