"""Checks across rows: duplicates, managers, cycles, and clashes with the directory.

They read the raw text, so a row with an unrelated bad value (say, its level)
still counts as a known employee and manager here: one mistake gives one error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from upward.people.importing.report import ImportRowError
from upward.people.importing.rows import RawRow

# line_path holds 2000 characters: 64 levels of ids up to 30 digits each still fit.
# Real organisations are under 20 levels deep, so a deeper chain is a data error.
MAX_DEPTH = 64
_CYCLE_NAMES_SHOWN = 6
_BROKEN = -1  # the depth of someone whose chain runs into a cycle


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """What the checks need to know of someone already in the directory."""

    employee_id: str
    email: str
    manager_employee_id: str


def check_rows(
    rows: Sequence[RawRow], directory: Mapping[str, KnownPerson], *, full_sync: bool
) -> list[ImportRowError]:
    errors: list[ImportRowError] = []
    first_rows = _check_duplicate_ids(rows, errors)
    _check_duplicate_emails(rows, errors)
    _check_email_owners(rows, first_rows, directory, errors)
    managers = _check_managers(rows, first_rows, directory, full_sync, errors)
    _check_reporting_lines(first_rows, managers, errors)
    return errors


def _error(row: RawRow, field: str, message: str) -> ImportRowError:
    return ImportRowError(row.line, row.employee_id, field, message)


def _check_duplicate_ids(rows: Sequence[RawRow], errors: list[ImportRowError]) -> dict[str, RawRow]:
    """The first row of each employee id; later rows with the same id are errors."""
    first: dict[str, RawRow] = {}
    for row in rows:
        employee_id = row.employee_id
        if not employee_id:
            continue
        if employee_id in first:
            message = (
                f"duplicate employee id {employee_id!r} (first on line {first[employee_id].line})"
            )
            errors.append(_error(row, "employee_id", message))
        else:
            first[employee_id] = row
    return first


def _check_duplicate_emails(rows: Sequence[RawRow], errors: list[ImportRowError]) -> None:
    first: dict[str, RawRow] = {}
    for row in rows:
        email = row.get("email").lower()
        if not email:
            continue
        if email in first:
            message = f"duplicate email {email!r} (first on line {first[email].line})"
            errors.append(_error(row, "email", message))
        else:
            first.setdefault(email, row)


def _check_email_owners(
    rows: Sequence[RawRow],
    in_file: Mapping[str, RawRow],
    directory: Mapping[str, KnownPerson],
    errors: list[ImportRowError],
) -> None:
    """An email may move between people in the file, never away from someone outside it.

    People who leave keep their email (their history stays), so it cannot be
    handed to a new employee id unless the file also gives them another one.
    """
    owners = {person.email.lower(): person for person in directory.values()}
    for row in rows:
        owner = owners.get(row.get("email").lower())
        if owner is None or owner.employee_id == row.employee_id:
            continue
        if owner.employee_id not in in_file:
            message = (
                f"{row.get('email')!r} already belongs to employee {owner.employee_id}, "
                "who is not in this file"
            )
            errors.append(_error(row, "email", message))


def _check_managers(
    rows: Sequence[RawRow],
    in_file: Mapping[str, RawRow],
    directory: Mapping[str, KnownPerson],
    full_sync: bool,
    errors: list[ImportRowError],
) -> dict[str, str]:
    """Employee id -> manager's employee id, for everyone the new reporting lines involve."""
    managers: dict[str, str] = {}
    if not full_sync:
        # People outside a partial file keep their manager, so a new line may run through them.
        managers.update(
            (person.employee_id, person.manager_employee_id)
            for person in directory.values()
            if person.employee_id not in in_file and person.manager_employee_id
        )
    where = "in this file" if full_sync else "in this file or in the directory"
    for employee_id, row in in_file.items():
        manager_id = row.get("manager_id")
        if not manager_id:
            continue
        if manager_id in in_file or (not full_sync and manager_id in directory):
            managers[employee_id] = manager_id
        else:
            errors.append(
                _error(row, "manager_id", f"unknown manager id {manager_id!r} (not {where})")
            )
    return managers


def _check_reporting_lines(
    in_file: Mapping[str, RawRow], managers: Mapping[str, str], errors: list[ImportRowError]
) -> None:
    """Refuse cycles and absurd depths, walking each chain once and without recursion.

    Everyone has at most one manager, so following managers from any person
    either ends at the top or runs into a loop; memoised depths make the whole
    pass linear however long the chains are.
    """
    depth: dict[str, int] = {}
    for start in managers:
        chain: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in depth and node not in position:
            position[node] = len(chain)
            chain.append(node)
            node = managers.get(node)
        if node is None:
            base = 0  # the chain ends at someone with no manager
        elif node in position:
            _report_cycle(chain[position[node] :], in_file, errors)
            base = _BROKEN
        else:
            base = depth[node]
        for employee_id in reversed(chain):
            base = _BROKEN if base == _BROKEN else base + 1
            depth[employee_id] = base
    for employee_id, row in in_file.items():
        if depth.get(employee_id, 1) > MAX_DEPTH:
            message = f"the reporting line above is deeper than {MAX_DEPTH} levels"
            errors.append(_error(row, "manager_id", message))


def _report_cycle(
    cycle: list[str], in_file: Mapping[str, RawRow], errors: list[ImportRowError]
) -> None:
    if len(cycle) == 1:
        message = "a person cannot be their own manager"
    else:
        shown = cycle[:_CYCLE_NAMES_SHOWN]
        more = f" -> ... ({len(cycle)} people)" if len(cycle) > len(shown) else ""
        message = f"reporting line cycle: {' -> '.join(shown)}{more} -> {cycle[0]}"
    for employee_id in cycle:
        row = in_file.get(employee_id)
        if row is not None:
            errors.append(_error(row, "manager_id", message))
