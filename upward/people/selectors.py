"""Reads of the people directory. Views fetch people only through these."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from upward.core.permissions import can_manage_programs
from upward.people.models import LINE_SEPARATOR, Department, Person, StagedImport


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

# Above this many ids, one scan of the paths beats an IN list (and stays under
# the 999 variables older SQLite builds allow a statement).
_PATHS_IN_LIST_LIMIT = 900


def manager_chain_ids(people: Iterable[Person]) -> dict[int, list[int]]:
    """Each person's managers, direct manager first, by person id. No query."""
    return {person.pk: person.ancestor_ids for person in people}


def manager_chain(person: Person) -> list[Person]:
    """The managers above `person`, direct manager first, in one query."""
    ancestor_ids = person.ancestor_ids
    by_id = Person.objects.select_related("department").in_bulk(ancestor_ids)
    return [by_id[pk] for pk in ancestor_ids if pk in by_id]


def descendants_of(person: Person, *, include_inactive: bool = False) -> QuerySet[Person]:
    """Everyone below `person` in the reporting line, at any depth, in one indexed query."""
    if not person.line_path:
        return Person.objects.none()
    people = Person.objects.filter(_line_path_under(person.line_path)).exclude(pk=person.pk)
    return people if include_inactive else people.filter(is_active=True)


def _line_path_under(prefix: str) -> Q:
    if connection.vendor == "postgresql":
        # Django gives an indexed CharField a varchar_pattern_ops twin on
        # PostgreSQL, and LIKE 'prefix%' uses it whatever the collation.
        return Q(line_path__startswith=prefix)
    # SQLite's LIKE ignores case, so it never uses an index. Paths hold only
    # digits and "/", and "0" sorts right after "/": this range is the same
    # prefix match, and the plain index answers it.
    return Q(line_path__gte=prefix, line_path__lt=prefix[:-1] + "0")


def same_reporting_line(a: Person, b: Person) -> bool:
    """True when one of the two manages the other, directly or not. No query."""
    return paths_share_reporting_line(a.line_path, b.line_path)


def paths_share_reporting_line(a: str, b: str) -> bool:
    """The same test on two line_path strings (blank: not placed, so never)."""
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def reporting_line_paths(person_ids: Collection[int]) -> dict[int, str]:
    """line_path by person id, in one query however many ids."""
    people = Person.objects.order_by()
    if len(person_ids) <= _PATHS_IN_LIST_LIMIT:
        people = people.filter(pk__in=person_ids)
    wanted = set(person_ids)
    return {pk: path for pk, path in people.values_list("pk", "line_path") if pk in wanted}


def same_reporting_line_pairs(pairs: Iterable[tuple[int, int]]) -> list[bool]:
    """For each (a, b) pair of person ids, `same_reporting_line`; one query in all."""
    pairs = list(pairs)
    paths = reporting_line_paths({pk for pair in pairs for pk in pair})
    return [paths_share_reporting_line(paths.get(a, ""), paths.get(b, "")) for a, b in pairs]


def reporting_line_conflicts(left: Collection[int], right: Collection[int]) -> set[tuple[int, int]]:
    """Every (l, r) with l from `left` and r from `right` in the same reporting line.

    Looks up each person's managers rather than testing every pair, so
    20,000 x 100,000 people cost about (20,000 + 100,000) x depth set lookups.
    """
    paths = reporting_line_paths({*left, *right})
    left_ids, right_ids = set(left), set(right)
    conflicts: set[tuple[int, int]] = set()
    for pk in left_ids:
        conflicts.update((pk, boss) for boss in _path_ids(paths.get(pk, "")) if boss in right_ids)
    for pk in right_ids:
        conflicts.update((boss, pk) for boss in _path_ids(paths.get(pk, "")) if boss in left_ids)
    return conflicts


def _path_ids(path: str) -> list[int]:
    """Everyone on a path, the person themselves included (they clash with themselves)."""
    return [int(part) for part in path.split(LINE_SEPARATOR) if part]


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
