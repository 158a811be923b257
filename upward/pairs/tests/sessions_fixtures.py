"""A live London/New York pair for the session tests.

    from upward.pairs.tests.sessions_fixtures import book, in_days
and the `pair` fixture, registered for every test by the root conftest.py.

The mentor persona registers in Europe/London, the mentee in America/New_York,
with availability that overlaps on Tuesday 14:00-15:00 London time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from upward.accounts.models import User
from upward.pairs.models import Pair, Session
from upward.pairs.services.sessions import session_accept, session_propose
from upward.pairs.tests.space_fixtures import live_pair
from upward.programs.models import Registration

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def place(registration: Registration, zone: str, availability: list[str]) -> None:
    Registration.objects.filter(pk=registration.pk).update(timezone=zone, availability=availability)
    registration.refresh_from_db()


def london_new_york_pair(**kwargs: object) -> Pair:
    pair = live_pair(**kwargs)  # type: ignore[arg-type]
    place(pair.mentor, LONDON, ["tue-13", "thu-15"])  # 13:00-15:00 London
    place(pair.mentee, NEW_YORK, ["tue-09", "thu-07"])  # 09:00-11:00 New York
    return pair


def in_days(days: int, hour: int = 14) -> datetime:
    at = timezone.now() + timedelta(days=days)
    return at.replace(hour=hour, minute=0, second=0, microsecond=0, tzinfo=UTC)


def book(pair: Pair, starts_at: datetime | None = None, **kwargs: object) -> Session:
    session = session_propose(
        pair=pair,
        actor=pair.mentor,
        starts_at=starts_at or in_days(7),
        **kwargs,  # type: ignore[arg-type]
    )
    return session_accept(session=session, actor=pair.mentee)


@pytest.fixture(name="pair")
def pair_fixture(mentor: User, mentee: User, program_manager: User) -> Pair:
    return london_new_york_pair(mentor_user=mentor, mentee_user=mentee, manager=program_manager)
