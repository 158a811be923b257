"""What the demo's pair stories share: session times, no-login answers, and backdating.

The pair services stamp what they write with the real time. A demo needs
months of history that real time has not produced, so once a service has
written a row (with every rule checked), the demo moves that row's
timestamps back to when it would have happened with `backdate`. That is the
only write the demo makes outside the services.

Used by demo.pair_space (the running program) and demo.closed_cohort (the
closed one). It imports neither, nor demo.programs, which builds the closed
cohort: keep it that way, or the imports go round in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from django.db import models

from upward.accounts.models import User
from upward.people.models import Person
from upward.programs.models import Registration

# Sessions start at 14:00 UTC unless both people's availability says otherwise:
# afternoon in London, 9:00 in New York.
SESSION_TIME: Final = time(14, 0)


def at(day: date, hour: time = SESSION_TIME) -> datetime:
    return datetime.combine(day, hour, tzinfo=UTC)


def workday(day: date, hour: time = SESSION_TIME) -> datetime:
    """`hour` on `day`, or on the nearest weekday (Saturday back, Sunday on)."""
    shift = {5: -1, 6: 1}.get(day.weekday(), 0)
    return at(day + timedelta(days=shift), hour)


def backdate(model: type[models.Model], pk: int, when: datetime, **extra: object) -> None:
    """Move a row written by a service back to `when` (with any other "now" fields in `extra`)."""
    model._default_manager.filter(pk=pk).update(created_at=when, updated_at=when, **extra)


@dataclass(frozen=True)
class NoLogin:
    """Acts for a participant who has no login (only the demo personas have one).

    pair_answer identifies the side by `user.person`; the audit entry has no actor.
    """

    person: Person
    is_authenticated: bool = False


def actor_for(registration: Registration) -> User | NoLogin:
    user = getattr(registration.person, "user", None)
    return user if user is not None else NoLogin(person=registration.person)
