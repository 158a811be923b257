"""When a job is due next: a cron expression in UTC, read by croniter.

Cron("*/5 * * * *")   every 5 minutes
Cron("10 * * * *")    hourly at :10
Cron("30 2 * * mon")  Mondays at 02:30
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from croniter import croniter


@dataclass(frozen=True)
class Cron:
    expression: str

    def __post_init__(self) -> None:
        if not croniter.is_valid(self.expression):
            raise ValueError(f"Not a cron expression: {self.expression!r}")

    def next_after(self, moment: datetime) -> datetime:
        """The first time strictly after `moment` that the expression names."""
        found: datetime = croniter(self.expression, moment.astimezone(UTC)).get_next(datetime)
        return found

    def __str__(self) -> str:
        return self.expression
