"""Reads of the people directory. Views fetch people only through these."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from upward.core.permissions import can_manage_programs
from upward.people.models import Person


def person_exists_for_email(email: str) -> bool:
    return Person.objects.filter(email__iexact=email.strip(), is_active=True).exists()


def people_visible_to(user: Any) -> QuerySet[Person]:
    """Everyone for administrators and program managers; only oneself for anyone else."""
    base = Person.objects.select_related("department", "manager", "user")
    if can_manage_programs(user):
        return base
    if getattr(user, "is_authenticated", False):
        return base.filter(user=user)
    return base.none()


def get_person_for_user(user: Any, person_id: int) -> Person:
    """The person, if `user` may see them; Http404 otherwise (no hint it exists)."""
    try:
        return people_visible_to(user).get(pk=person_id)
    except Person.DoesNotExist:
        raise Http404("No such person") from None


def directory_search(
    user: Any,
    *,
    query: str = "",
    department_id: int | None = None,
    level: int | None = None,
    location: str = "",
    include_inactive: bool = False,
) -> QuerySet[Person]:
    people = people_visible_to(user)
    if not include_inactive:
        people = people.filter(is_active=True)
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(title__icontains=query)
            | Q(employee_id__iexact=query)
        )
    if department_id is not None:
        people = people.filter(department_id=department_id)
    if level is not None:
        people = people.filter(level=level)
    if location:
        people = people.filter(location=location)
    return people.order_by("name", "employee_id")
