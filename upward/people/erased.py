"""Tombstones of erased people: the keyed hash the HR import checks."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.crypto import salted_hmac

from upward.people.models import ErasedEmployee

_SALT = "upward.people.erased-employee"


def erased_key(employee_id: str) -> str:
    """The tombstone key of `employee_id`: an HMAC under SECRET_KEY, never the id itself."""
    return salted_hmac(_SALT, employee_id.strip(), algorithm="sha256").hexdigest()


def erased_ids(employee_ids: Iterable[str]) -> set[str]:
    """The ids among `employee_ids` that belong to erased people (one query)."""
    by_key = {erased_key(employee_id): employee_id for employee_id in employee_ids}
    found = ErasedEmployee.objects.filter(key__in=list(by_key)).values_list("key", flat=True)
    return {by_key[key] for key in found}
