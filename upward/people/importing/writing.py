"""Write a validated file: only the rows that change, in bulk.

The number of queries depends on the number of batches, never on the number
of people: a few reads, then one INSERT or UPDATE per batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Max

from upward.core import clock
from upward.core.statistics import tables_analyze
from upward.people.importing.directory import Snapshot
from upward.people.importing.rows import PersonRow
from upward.people.models import LINE_SEPARATOR, Department, DirectoryChange, Person

# Rows per INSERT. Django caps SQLite lower still (999 parameters a query).
BATCH_SIZE = 1000
UPDATE_FIELDS = (
    "name",
    "email",
    "title",
    "level",
    "department",
    "location",
    "timezone",
    "hire_date",
    "birth_year",
    "leave_date",
    "is_active",
    "user",
    "manager",
    "line_path",
    "updated_at",
)
# Unique and reserved (RFC 2606), so no real address can collide with it.
_PLACEHOLDER_EMAIL = "moving-{pk}@import.invalid"


@dataclass(slots=True)
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    departments_created: int = 0
    users_linked: int = 0


def write_people(
    rows: Sequence[PersonRow], snapshot: Snapshot, *, columns: frozenset[str], full_sync: bool
) -> Outcome:
    outcome = Outcome(departments_created=_create_departments(rows, snapshot))
    original_emails = {person.pk: person.email for person in snapshot.people.values()}
    changed: dict[int, Person] = {}
    new: list[Person] = []
    history: list[DirectoryChange] = []
    for row in rows:
        person = snapshot.people.get(row.employee_id)
        values = _values(row, snapshot, columns, person)
        if person is None:
            new.append(Person(employee_id=row.employee_id, **values))
            continue
        before = (person.level, person.leave_date)
        if _assign(person, values):
            changed[person.pk] = person
            history += _history(person, before)
    if full_sync:
        outcome.deactivated = _deactivate_missing(rows, snapshot, changed)
    outcome.users_linked = _link_users(rows, snapshot, new, changed)
    # line_path holds each person's own id: knowing the new ids up front lets
    # every new row go in once, complete, instead of being inserted then updated.
    for person, pk in zip(new, reserve_person_ids(len(new)), strict=True):
        person.pk = pk
    _place_in_reporting_lines(rows, snapshot, new, changed)

    _free_moving_emails(rows, changed, original_emails)
    Person.objects.bulk_create(new, batch_size=BATCH_SIZE)
    _save_existing(list(changed.values()), UPDATE_FIELDS)  # updated_at is set on the way
    DirectoryChange.objects.bulk_create(history, batch_size=BATCH_SIZE)
    # The first import fills an empty directory; the pages and matching read it next.
    tables_analyze(Person, DirectoryChange, rows_written=len(new) + len(changed) + len(history))

    changed_in_file = sum(1 for row in rows if _pk(snapshot, row.employee_id) in changed)
    outcome.created = len(new)
    outcome.updated = len(changed) - outcome.deactivated
    outcome.unchanged = len(rows) - len(new) - changed_in_file
    return outcome


def reserve_person_ids(count: int) -> list[int]:
    """`count` unused Person ids, for rows this transaction is about to insert.

    Foreign keys are checked at commit, so the rows may then go in any order.
    """
    if not count:
        return []
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite: AUTOINCREMENT issues ids above the highest ever used, and an
        # explicit id moves that mark on. The transaction holds the write lock
        # (BEGIN IMMEDIATE, see upward.env), so no one can take these meanwhile;
        # were it not so, a clash would fail the import, never corrupt it.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        issued = cursor.fetchone()
    highest = max(issued[0] if issued else 0, Person.objects.aggregate(top=Max("pk"))["top"] or 0)
    return list(range(highest + 1, highest + 1 + count))


def _save_existing(people: list[Person], fields: Sequence[str]) -> None:
    """bulk_update, without its CASE WHEN per row and field.

    Django builds that CASE in Python, which costs more than the whole rest of
    a 10,000-row import. Writing the rows as INSERT ... ON CONFLICT (id) DO
    UPDATE instead sends plain VALUES, on SQLite and PostgreSQL alike; every
    row here exists, so each one takes the UPDATE branch. auto_now sets
    updated_at when it is among `fields`.
    """
    Person.objects.bulk_create(
        people,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=list(fields),
    )


def _pk(snapshot: Snapshot, employee_id: str) -> int | None:
    person = snapshot.people.get(employee_id)
    return person.pk if person is not None else None


def _create_departments(rows: Sequence[PersonRow], snapshot: Snapshot) -> int:
    """Add the departments the directory lacks; the first spelling in the file wins."""
    wanted: dict[str, str] = {}
    for row in rows:
        if row.department:
            wanted.setdefault(row.department.casefold(), row.department)
    missing = [
        Department(name=name) for key, name in wanted.items() if key not in snapshot.departments
    ]
    Department.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    snapshot.departments.update((department.name.casefold(), department) for department in missing)
    return len(missing)


def _values(
    row: PersonRow, snapshot: Snapshot, columns: frozenset[str], person: Person | None
) -> dict[str, Any]:
    department = snapshot.departments.get(row.department.casefold()) if row.department else None
    # A column left out of the file leaves what the directory holds alone.
    birth_year = row.birth_year if "birth_year" in columns or person is None else person.birth_year
    leave_date = row.leave_date if "leave_date" in columns or person is None else person.leave_date
    return {
        "name": row.name,
        "email": row.email,
        "title": row.title,
        "level": row.level,
        "department_id": department.pk if department is not None else None,
        "location": row.location,
        "timezone": row.timezone,
        "hire_date": row.hire_date,
        "birth_year": birth_year,
        "leave_date": leave_date,
        "is_active": leave_date is None,
    }


def _history(person: Person, before: tuple[int, date | None]) -> list[DirectoryChange]:
    """The level and leave-date changes this import makes to `person`, dated today."""
    level, leave_date = before
    today = clock.today()
    found = []
    if person.level != level:
        found.append(
            DirectoryChange(
                person=person,
                field=DirectoryChange.Field.LEVEL,
                old_level=level,
                new_level=person.level,
                changed_on=today,
            )
        )
    if person.leave_date != leave_date:
        found.append(
            DirectoryChange(
                person=person,
                field=DirectoryChange.Field.LEAVE_DATE,
                old_date=leave_date,
                new_date=person.leave_date,
                changed_on=today,
            )
        )
    return found


def _assign(person: Person, values: Mapping[str, Any]) -> bool:
    """Set the values that differ; True when there was one."""
    changed = False
    for attribute, value in values.items():
        if getattr(person, attribute) != value:
            setattr(person, attribute, value)
            changed = True
    return changed


def _deactivate_missing(
    rows: Sequence[PersonRow], snapshot: Snapshot, changed: dict[int, Person]
) -> int:
    """Missing from a full sync means gone: inactive, never deleted, so their history stays."""
    in_file = {row.employee_id for row in rows}
    count = 0
    for employee_id, person in snapshot.people.items():
        if employee_id not in in_file and person.is_active:
            person.is_active = False
            changed[person.pk] = person
            count += 1
    return count


def _link_users(
    rows: Sequence[PersonRow], snapshot: Snapshot, new: list[Person], changed: dict[int, Person]
) -> int:
    """Attach each login to the directory entry with its email, as signing up would."""
    unlinked = snapshot.unlinked_users
    in_file = [snapshot.people.get(row.employee_id) for row in rows]
    candidates = [person for person in (*in_file, *new) if person is not None]
    named: list[Any] = []
    linked = 0
    for person in candidates:
        user = unlinked.pop(person.email.lower(), None) if person.user_id is None else None
        if user is None:
            continue
        person.user = user
        linked += 1
        if person.employee_id in snapshot.people:
            changed[person.pk] = person
        if not user.full_name:
            user.full_name = person.name
            named.append(user)
    get_user_model().objects.bulk_update(named, ["full_name"], batch_size=BATCH_SIZE)
    return linked


def _free_moving_emails(
    rows: Sequence[PersonRow], changed: Mapping[int, Person], original_emails: Mapping[int, str]
) -> None:
    """Park the old address of anyone whose email another row takes over.

    Uniqueness is checked row by row inside one UPDATE, so two people swapping
    addresses would collide halfway; parking first makes any order safe.
    """
    claimed = {row.email for row in rows}
    movers = [
        person
        for pk, person in changed.items()
        if person.email != original_emails[pk] and original_emails[pk].lower() in claimed
    ]
    if not movers:
        return
    final = {person.pk: person.email for person in movers}
    for person in movers:
        person.email = _PLACEHOLDER_EMAIL.format(pk=person.pk)
    Person.objects.bulk_update(movers, ["email"], batch_size=BATCH_SIZE)
    for person in movers:
        person.email = final[person.pk]


def _place_in_reporting_lines(
    rows: Sequence[PersonRow], snapshot: Snapshot, new: list[Person], changed: dict[int, Person]
) -> None:
    """Set manager and line_path for everyone whose reporting line the file moved."""
    everyone = {person.pk: person for person in (*snapshot.people.values(), *new)}
    pk_of = {person.employee_id: pk for pk, person in everyone.items()}
    manager_of: dict[int, int | None] = {pk: person.manager_id for pk, person in everyone.items()}
    for row in rows:
        manager_of[pk_of[row.employee_id]] = pk_of[row.manager_id] if row.manager_id else None
    existing = {person.pk for person in snapshot.people.values()}
    for pk, path in line_paths(manager_of).items():
        person = everyone[pk]
        if person.manager_id != manager_of[pk] or person.line_path != path:
            person.manager_id = manager_of[pk]
            person.line_path = path
            if pk in existing:
                changed[pk] = person


def line_paths(manager_of: Mapping[int, int | None]) -> dict[int, str]:
    """'/<top>/.../<manager>/<self>/' for everyone, each chain walked once, without recursion."""
    paths: dict[int, str] = {}
    for start in manager_of:
        chain: list[int] = []
        node: int | None = start
        while node is not None and node not in paths:
            chain.append(node)
            node = manager_of.get(node)
            if len(chain) > len(manager_of):
                raise ValueError(f"the reporting line through {start} is a cycle")
        prefix = paths[node] if node is not None else LINE_SEPARATOR
        for pk in reversed(chain):
            prefix = f"{prefix}{pk}{LINE_SEPARATOR}"
            paths[pk] = prefix
    return paths
