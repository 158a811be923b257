"""Suggested session times: where both people's weekly availability overlaps.

Each registration's two-hour blocks ("tue-09" = 09:00-11:00 in that person's
own zone) become one-hour slots (registration_choices.hourly_slots), are laid
on the real calendar of the coming weeks in that zone (so daylight saving is
handled day by day), converted to UTC and intersected. A start is suggested
when enough consecutive shared hours follow it to hold a whole session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from upward.core.timezones import known_zone, zone_or_utc
from upward.pairs.models import Pair, Session, SessionStatus
from upward.programs.models import Registration
from upward.programs.registration_choices import DAYS, hourly_slots

DAY_INDEX = {day: index for index, (day, _name) in enumerate(DAYS)}
LOOKAHEAD = timedelta(weeks=3)
EARLIEST_NOTICE = timedelta(hours=12)


def zone_of(registration: Registration) -> ZoneInfo:
    """The zone a person asked to see times in; UTC when it is unknown."""
    own = known_zone(registration.timezone)
    return own or zone_or_utc(getattr(registration.person, "timezone", ""))


def utc_hours(registration: Registration, *, start: datetime, end: datetime) -> set[datetime]:
    """UTC starts of each available hour of `registration` between `start` and `end`."""
    zone = zone_of(registration)
    weekly: dict[int, list[int]] = {}
    for slot in hourly_slots(list(registration.availability or [])):
        day, first = slot.split("-")
        weekly.setdefault(DAY_INDEX[day], []).append(int(first))
    hours: set[datetime] = set()
    local_day: date = start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()
    while local_day <= last_day:
        for hour in weekly.get(local_day.weekday(), []):
            local = datetime(local_day.year, local_day.month, local_day.day, hour, tzinfo=zone)
            at = local.astimezone(UTC)
            # A wall time skipped by a DST change does not exist: leave it out.
            if at.astimezone(zone).hour == hour and start <= at < end:
                hours.add(at)
        local_day += timedelta(days=1)
    return hours


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, UTC


def suggest_slots(
    pair: Pair, *, now: datetime | None = None, limit: int = 8, per_day: int = 1
) -> list[Slot]:
    """Up to `limit` starts both people have free, soonest first, `per_day` a day at most."""
    now = now or timezone.now()
    start = (now + EARLIEST_NOTICE).astimezone(UTC)
    start = start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    end = start + LOOKAHEAD
    shared = utc_hours(pair.mentor, start=start, end=end) & utc_hours(
        pair.mentee, start=start, end=end
    )
    needed = max(1, math.ceil(pair.program.session_minutes / 60))
    taken = [
        (s.starts_at, s.starts_at + timedelta(minutes=s.minutes))
        for s in Session.objects.filter(
            pair=pair,
            status__in=(SessionStatus.PROPOSED, SessionStatus.BOOKED),
            starts_at__gte=start - timedelta(days=1),
        )
    ]
    slots: list[Slot] = []
    per_date: dict[date, int] = {}
    for at in sorted(shared):
        if any(at + timedelta(hours=i) not in shared for i in range(needed)):
            continue
        finish = at + timedelta(minutes=pair.program.session_minutes)
        if any(at < busy_end and busy_start < finish for busy_start, busy_end in taken):
            continue
        day = at.date()
        if per_date.get(day, 0) >= per_day:
            continue
        per_date[day] = per_date.get(day, 0) + 1
        slots.append(Slot(starts_at=at))
        if len(slots) >= limit:
            break
    return slots
