"""Writes to the people directory. The HR import lives in people.importing."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from upward.people.models import Person


@transaction.atomic
def person_link_user(*, user: Any) -> Person | None:
    """Attach a login to the directory entry with the same email, if there is one."""
    person = (
        Person.objects.select_for_update()
        .filter(email__iexact=user.email, user__isnull=True)
        .first()
    )
    if person is None:
        return None
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    if not user.full_name:
        user.full_name = person.name
        user.save(update_fields=["full_name"])
    return person
