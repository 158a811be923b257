"""The directory as the import finds it: loaded once, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from upward.people.importing.checks import KnownPerson
from upward.people.models import Department, Person


@dataclass(slots=True)
class Snapshot:
    people: dict[str, Person]
    """Everyone, active or not, by employee id."""
    departments: dict[str, Department]
    """By case-folded name: 'Sales' and 'sales' are one department."""
    unlinked_users: dict[str, Any]
    """Logins with no directory entry yet, by lower-cased email."""

    @classmethod
    def load(cls) -> Snapshot:
        # Locking everyone keeps a second import, or a login being linked, from
        # changing rows between this read and the writes that depend on it.
        people = list(Person.objects.select_for_update().order_by())
        departments: dict[str, Department] = {}
        for department in Department.objects.order_by("pk"):
            departments.setdefault(department.name.casefold(), department)
        users = get_user_model().objects.filter(person__isnull=True).only("email", "full_name")
        return cls(
            people={person.employee_id: person for person in people},
            departments=departments,
            unlinked_users={user.email.lower(): user for user in users},
        )

    def known_people(self) -> dict[str, KnownPerson]:
        employee_ids = {person.pk: person.employee_id for person in self.people.values()}
        return {
            employee_id: KnownPerson(
                employee_id=employee_id,
                email=person.email,
                manager_employee_id=employee_ids.get(person.manager_id, "")
                if person.manager_id
                else "",
            )
            for employee_id, person in self.people.items()
        }
