"""Patterns across pairs: someone flagged in two or more different pairs, in any program.

The flags: their partner rated the fit "not working", they are the subject of
a concern, or they cancelled most of a pair's sessions. The list is for
administrators and for the people who handle a program's concerns (its named
concern contacts, or its managers when none are named), about people in those
programs only, and never about someone they manage. Nothing happens
automatically, and the person's peers and own manager never see a label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from upward.accounts.models import User
from upward.core.permissions import is_administrator
from upward.feedback.models import CheckIn, Concern, ConcernContact, Fit
from upward.pairs.models import Session, SessionStatus
from upward.people.models import Person
from upward.programs.models import Program, Registration

MIN_PAIRS = 2
MIN_PLANNED_FOR_CANCELLING = 3


@dataclass
class Flagged:
    person: Person
    pairs: set[int] = field(default_factory=set)
    not_working: int = 0  # partners who rated the fit "not working"
    concerns: int = 0  # concerns raised about them
    cancelling: int = 0  # pairs where they cancelled most sessions


def _programs_handled_by(user: User) -> list[int]:
    named = set(ConcernContact.objects.filter(user=user).values_list("program_id", flat=True))
    without_contacts = Program.objects.filter(manager_links__user=user).exclude(
        pk__in=ConcernContact.objects.values("program_id")
    )
    return sorted(named | set(without_contacts.values_list("pk", flat=True)))


def may_see_patterns(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_administrator(user) or bool(_programs_handled_by(user))


def _evidence() -> dict[int, Flagged]:
    found: dict[int, Flagged] = {}

    def flag(person_id: int, pair_id: int) -> Flagged:
        entry = found.setdefault(person_id, Flagged(person=Person(pk=person_id)))
        entry.pairs.add(pair_id)
        return entry

    rated = CheckIn.objects.filter(fit=Fit.NOT_WORKING).values_list(
        "pair_id",
        "author_id",
        "pair__mentor_id",
        "pair__mentor__person_id",
        "pair__mentee__person_id",
    )
    for pair_id, author_id, mentor_id, mentor_person, mentee_person in rated:
        flag(mentee_person if author_id == mentor_id else mentor_person, pair_id).not_working += 1
    for pair_id, person_id in Concern.objects.values_list("pair_id", "about__person_id"):
        flag(person_id, pair_id).concerns += 1
    planned = dict(
        Session.objects.values_list("pair_id").annotate(n=Count("pk")).values_list("pair_id", "n")
    )
    cancelled = (
        Session.objects.filter(status=SessionStatus.CANCELLED, changed_by__isnull=False)
        .values_list("pair_id", "changed_by__person_id")
        .annotate(n=Count("pk"))
    )
    for pair_id, person_id, count in cancelled:
        total = planned.get(pair_id, 0)
        if total >= MIN_PLANNED_FOR_CANCELLING and 2 * count > total:
            flag(person_id, pair_id).cancelling += 1
    return found


def flagged_people(viewer: User) -> list[Flagged]:
    """People flagged in two or more pairs that `viewer` may be told about, most pairs first."""
    found = {pk: f for pk, f in _evidence().items() if len(f.pairs) >= MIN_PAIRS}
    if not found:
        return []
    people = Person.objects.select_related("department").in_bulk(list(found))
    if not is_administrator(viewer):
        programs = _programs_handled_by(viewer)
        in_scope = set(
            Registration.objects.filter(
                program_id__in=programs, person_id__in=list(found)
            ).values_list("person_id", flat=True)
        )
        found = {pk: f for pk, f in found.items() if pk in in_scope}
    mine = getattr(viewer, "person", None)
    shown = []
    for pk, entry in found.items():
        person = people.get(pk)
        if person is None or (
            mine is not None and (mine.pk == pk or mine.pk in person.ancestor_ids)
        ):
            continue  # never about oneself, never about someone one manages
        entry.person = person
        shown.append(entry)
    return sorted(shown, key=lambda f: (-len(f.pairs), f.person.name))


__all__ = ["Flagged", "flagged_people", "may_see_patterns"]
