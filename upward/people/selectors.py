"""Reads of the people directory. Views fetch people only through these."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from upward.core.permissions import can_manage_programs
from upward.people.models import Department, Person, StagedImport


def person_exists_for_email(email: str) -> bool:
    return Person.objects.filter(email__iexact=email.strip(), is_active=True).exists()


def timezone_name_for_user(user_id: int) -> str:
    """The zone name of the person behind a login; "" for a login with no person."""
    name = Person.objects.filter(user_id=user_id).values_list("timezone", flat=True).first()
    return name or ""


def get_staged_import_for_user(user: Any, staged_id: int) -> StagedImport:
    """A file the user uploaded for a full sync; Http404 for anyone else's."""
    try:
        return StagedImport.objects.get(pk=staged_id, uploaded_by_id=user.pk)
    except StagedImport.DoesNotExist:
        raise Http404("No such upload") from None


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


# --- Reporting lines ----------------------------------------------------------
# line_path is "/<top>/.../<manager>/<self>/": ancestors are read from it and
# descendants are a prefix match, so no question costs a query per level.


def manager_chain(person: Person) -> list[Person]:
    """The managers above `person`, direct manager first, in one query."""
    ancestor_ids = person.ancestor_ids
    by_id = Person.objects.select_related("department").in_bulk(ancestor_ids)
    return [by_id[pk] for pk in ancestor_ids if pk in by_id]


# --- Directory filter choices and direct reports ------------------------------


def department_choices() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Department.objects.values_list("pk", "name")]


def level_choices() -> list[tuple[str, str]]:
    levels = (
        Person.objects.filter(is_active=True)
        .order_by("level")
        .values_list("level", flat=True)
        .distinct()
    )
    return [(str(level), f"Level {level}") for level in levels]


def location_choices() -> list[tuple[str, str]]:
    locations = (
        Person.objects.filter(is_active=True)
        .exclude(location="")
        .order_by("location")
        .values_list("location", flat=True)
        .distinct()
    )
    return [(location, location) for location in locations]


def direct_reports(person: Person) -> QuerySet[Person]:
    return (
        Person.objects.filter(manager=person, is_active=True)
        .only("pk", "name", "title")
        .order_by("name", "employee_id")
    )


def directory_overview() -> dict[str, int]:
    """Head counts for the administrator's home page, in one query."""
    counts = Person.objects.filter(is_active=True).aggregate(
        people=Count("pk"), linked=Count("pk", filter=Q(user__isnull=False))
    )
    return {**counts, "departments": Department.objects.count()}
