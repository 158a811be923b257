"""One line of the file: from raw text to typed values, or to errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from upward.core.text import count_of, noun_for
from upward.people.importing.columns import (
    COLUMNS,
    MAX_LENGTH,
    REQUIRED_VALUES,
    parse_birth_year,
    parse_date,
    parse_email,
    parse_level,
    parse_time_zone,
)
from upward.people.importing.report import ImportRowError


@dataclass(frozen=True, slots=True)
class RawRow:
    """The stripped text of one record, keyed by canonical column name."""

    line: int
    values: dict[str, str]
    missing: tuple[str, ...] = ()
    """Columns of the header this record has no value for (it is too short)."""
    surplus: int = 0
    """Non-blank values beyond the last column of the header."""

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def employee_id(self) -> str:
        return self.get("employee_id")


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A record whose every value is valid on its own."""

    line: int
    employee_id: str
    name: str
    email: str
    title: str
    level: int
    department: str
    location: str
    timezone: str
    manager_id: str
    hire_date: date | None
    birth_year: int | None
    leave_date: date | None


_PARSERS: dict[str, Callable[[str], Any]] = {
    "email": parse_email,
    "level": parse_level,
    "time_zone": parse_time_zone,
    "hire_date": parse_date,
    "birth_year": parse_birth_year,
    "leave_date": parse_date,
}


def parse_row(raw: RawRow, errors: list[ImportRowError]) -> PersonRow | None:
    """The typed row, or None after appending one error per bad value to `errors`."""
    found: list[ImportRowError] = []

    def fail(column: str, message: str) -> None:
        found.append(ImportRowError(raw.line, raw.employee_id, column, message))

    if raw.missing:
        fail(
            raw.missing[0],
            f"missing {noun_for(len(raw.missing), 'column')}: {', '.join(raw.missing)}",
        )
    if raw.surplus:
        fail("row", f"{count_of(raw.surplus, 'value')} more than the header has columns")
    values: dict[str, Any] = {}
    for column in COLUMNS:
        text = raw.get(column.name)
        if column.name in raw.missing:
            continue
        if not text:
            if column.name in REQUIRED_VALUES:
                fail(column.name, "is required")
            values[column.name] = None
            continue
        limit = MAX_LENGTH.get(column.name)
        if limit and len(text) > limit:
            fail(column.name, f"is longer than {limit} characters")
            continue
        parser = _PARSERS.get(column.name)
        try:
            values[column.name] = parser(text) if parser else text
        except ValueError as error:
            fail(column.name, str(error))
    hire, leave = values.get("hire_date"), values.get("leave_date")
    if isinstance(hire, date) and isinstance(leave, date) and leave < hire:
        fail("leave_date", f"{leave.isoformat()} is before the hire date {hire.isoformat()}")
    if found:
        errors.extend(found)
        return None
    return PersonRow(
        line=raw.line,
        employee_id=values["employee_id"],
        name=values["name"],
        email=values["email"],
        title=values["title"] or "",
        level=values["level"],
        department=values["department"] or "",
        location=values["location"] or "",
        timezone=values["time_zone"],
        manager_id=values["manager_id"] or "",
        hire_date=values["hire_date"],
        birth_year=values.get("birth_year"),
        leave_date=values.get("leave_date"),
    )
