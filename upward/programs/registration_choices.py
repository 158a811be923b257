"""The fixed choices of the registration form: weekly slots, languages, time zones."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

DAYS: list[tuple[str, str]] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
# Two-hour blocks from 07:00 to 21:00, named by their first hour.
BLOCK_LENGTH = 2
BLOCK_HOURS: list[int] = list(range(7, 21, BLOCK_LENGTH))
SLOT_PATTERN = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)-([01]\d|2[0-3])$")


EN_DASH = "\N{EN DASH}"


def block_label(hour: int) -> str:
    return f"{hour:02d}:00{EN_DASH}{hour + 2:02d}:00"


def slot_choices() -> list[tuple[str, str]]:
    return [
        (f"{day}-{hour:02d}", f"{day_name} {block_label(hour)}")
        for day, day_name in DAYS
        for hour in BLOCK_HOURS
    ]


def is_valid_slot(slot: str) -> bool:
    return bool(SLOT_PATTERN.match(slot))


def hourly_slots(blocks: list[str]) -> list[str]:
    """The one-hour slots the matching engine counts, for the form's two-hour blocks.

    "tue-09" on the form means 09:00-11:00, so it becomes "tue-09" and "tue-10".
    Without this, offices an odd number of hours apart (London and New York)
    would never share a block even when their hours overlap.
    """
    hours: list[str] = []
    for block in blocks:
        day, start = block.split("-")
        first = int(start)
        hours.extend(f"{day}-{hour:02d}" for hour in range(first, min(first + BLOCK_LENGTH, 24)))
    return sorted(set(hours))


# ISO 639-1 codes: what the matching engine compares.
LANGUAGES: list[tuple[str, str]] = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("sv", "Swedish"),
    ("ar", "Arabic"),
    ("hi", "Hindi"),
    ("zh", "Chinese"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("tr", "Turkish"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
]
LANGUAGE_NAMES: dict[str, str] = dict(LANGUAGES)


@cache
def timezone_names() -> list[str]:
    return sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")


def is_valid_timezone(name: str) -> bool:
    return name in set(timezone_names())
