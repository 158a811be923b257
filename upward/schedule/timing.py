"""When a job is due next: every few minutes, hourly, daily or weekly, in UTC.

Pure functions of a moment, so the schedule is tested on a frozen clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Every:
    """At each multiple of `minutes` past the hour (minutes divides 60)."""

    minutes: int

    def next_after(self, moment: datetime) -> datetime:
        start = _minute(moment)
        return start + timedelta(minutes=self.minutes - start.minute % self.minutes)

    def __str__(self) -> str:
        return f"every {self.minutes} minutes"


@dataclass(frozen=True)
class Hourly:
    minute: int = 0

    def next_after(self, moment: datetime) -> datetime:
        at = _minute(moment).replace(minute=self.minute)
        return at if at > moment else at + timedelta(hours=1)

    def __str__(self) -> str:
        return f"hourly at :{self.minute:02d}"


@dataclass(frozen=True)
class Daily:
    hour: int
    minute: int = 0

    def next_after(self, moment: datetime) -> datetime:
        at = _minute(moment).replace(hour=self.hour, minute=self.minute)
        return at if at > moment else at + timedelta(days=1)

    def __str__(self) -> str:
        return f"daily at {self.hour:02d}:{self.minute:02d} UTC"


@dataclass(frozen=True)
class Weekly:
    weekday: int  # Monday is 0
    hour: int
    minute: int = 0

    def next_after(self, moment: datetime) -> datetime:
        day = _minute(moment).replace(hour=self.hour, minute=self.minute)
        at = day + timedelta(days=(self.weekday - day.weekday()) % 7)
        return at if at > moment else at + timedelta(weeks=1)

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]}s at {self.hour:02d}:{self.minute:02d} UTC"


Timing = Every | Hourly | Daily | Weekly


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)
