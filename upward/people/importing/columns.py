"""The columns of the HR file and how each value is read.

docs/people-import.md describes the same format for HR teams; keep the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from upward.core import clock
from upward.people.models import Department, Person

MIN_LEVEL, MAX_LEVEL = 1, 99
OLDEST_BIRTH_YEAR = 1900
# Nobody younger than this is employed anywhere we know of; a later year is a typo.
YOUNGEST_WORKING_AGE = 14

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    label: str
    required: bool
    """Must appear in the header. A missing optional column leaves the stored values alone."""
    value_required: bool


COLUMNS: tuple[Column, ...] = (
    Column("employee_id", "Employee ID", required=True, value_required=True),
    Column("name", "Name", required=True, value_required=True),
    Column("email", "Email", required=True, value_required=True),
    Column("title", "Title", required=True, value_required=False),
    Column("level", "Level", required=True, value_required=True),
    Column("department", "Department", required=True, value_required=False),
    Column("location", "Location", required=True, value_required=False),
    Column("time_zone", "Time zone", required=True, value_required=True),
    Column("manager_id", "Manager ID", required=True, value_required=False),
    Column("hire_date", "Hire date", required=True, value_required=False),
    Column("birth_year", "Birth year", required=False, value_required=False),
    Column("leave_date", "Leave date", required=False, value_required=False),
)
COLUMN_NAMES = frozenset(column.name for column in COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)
REQUIRED_VALUES = frozenset(column.name for column in COLUMNS if column.value_required)

# Spellings seen in real HR exports, after normalise_header().
ALIASES = {
    "employee_number": "employee_id",
    "full_name": "name",
    "email_address": "email",
    "e_mail": "email",
    "job_title": "title",
    "timezone": "time_zone",
    "manager_employee_id": "manager_id",
    "start_date": "hire_date",
    "termination_date": "leave_date",
    "end_date": "leave_date",
}

# Text limits come from the model, so a longer value is refused here with a
# line number rather than by the database with none.
MAX_LENGTH: dict[str, int] = {
    "employee_id": Person._meta.get_field("employee_id").max_length or 0,
    "name": Person._meta.get_field("name").max_length or 0,
    "email": Person._meta.get_field("email").max_length or 0,
    "title": Person._meta.get_field("title").max_length or 0,
    "department": Department._meta.get_field("name").max_length or 0,
    "location": Person._meta.get_field("location").max_length or 0,
    "manager_id": Person._meta.get_field("employee_id").max_length or 0,
}


def normalise_header(raw: str) -> str:
    """'Employee ID', 'employee-id' and ' EMPLOYEE_ID ' all become 'employee_id'."""
    name = re.sub(r"[^0-9a-z]+", "_", raw.strip().lower()).strip("_")
    return ALIASES.get(name, name)


@cache
def _time_zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_time_zone(value: str) -> str:
    """The canonical IANA name; HR systems often lower-case it."""
    try:
        return _time_zones_by_lower_name()[value.lower()]
    except KeyError:
        raise ValueError(
            f"{value!r} is not a known time zone (use an IANA name such as Europe/London)"
        ) from None


def parse_email(value: str) -> str:
    email = value.lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"{value!r} is not a valid email address") from None
    return email


def parse_level(value: str) -> int:
    try:
        level = int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an integer") from None
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(f"{level} is outside {MIN_LEVEL}..{MAX_LEVEL}")
    return level


def parse_date(value: str) -> date:
    # date.fromisoformat also takes 20240131 and week dates; HR files must be unambiguous.
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


def parse_birth_year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a year") from None
    latest = clock.today().year - YOUNGEST_WORKING_AGE
    if not OLDEST_BIRTH_YEAR <= year <= latest:
        raise ValueError(f"{year} is not a plausible birth year ({OLDEST_BIRTH_YEAR}..{latest})")
    return year
