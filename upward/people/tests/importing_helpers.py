"""Rows and files for the HR import tests: a small company, written as HR would."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from upward.accounts.models import User
from upward.people.models import Department, Person

HEADER = [
    "Employee ID",
    "Name",
    "Email",
    "Title",
    "Level",
    "Department",
    "Location",
    "Time zone",
    "Manager ID",
    "Hire date",
    "Birth year",
    "Leave date",
]
SPAN = 5  # direct reports per manager in company()


def employee_id(n: int) -> str:
    # Not the factories' "E00001" style, so imported people never clash with personas.
    return f"HR{n:05d}"


def person_row(n: int, *, manager: int | None = None, **changes: str) -> dict[str, str]:
    """Employee n as a CSV row; keyword arguments replace columns ("Title": ...)."""
    row = {
        "Employee ID": employee_id(n),
        "Name": f"Person {n}",
        "Email": f"person{n}@corp.example",
        "Title": "Analyst",
        "Level": str(max(1, 8 - len(str(n)))),
        "Department": ["Engineering", "Sales", "Data"][n % 3],
        "Location": "London",
        "Time zone": "Europe/London",
        "Manager ID": employee_id(manager) if manager else "",
        "Hire date": "2020-01-15",
        "Birth year": "1990",
        "Leave date": "",
    }
    for column, value in changes.items():
        row[column.replace("_", " ")] = value
    return row


def company(size: int) -> list[dict[str, str]]:
    """Employee 1 at the top, everyone else reporting to someone above them."""
    return [
        person_row(n, manager=(n - 2) // SPAN + 1 if n > 1 else None) for n in range(1, size + 1)
    ]


def to_csv(rows: Iterable[Mapping[str, str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_file(rows: Iterable[Mapping[str, str]], header: list[str] | None = None) -> io.BytesIO:
    return io.BytesIO(to_csv(rows, header))


def tables() -> dict[str, list[dict[str, Any]]]:
    """Every stored column of the tables an import touches, updated_at included."""
    return {
        "people": list(Person.objects.order_by("pk").values()),
        "departments": list(Department.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
    }
