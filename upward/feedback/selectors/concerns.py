"""Reads of concerns: only the person who raised one and its handlers ever reach it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from upward.accounts.models import Role, User
from upward.feedback.models import (
    OPEN_CONCERN_STATUSES,
    Concern,
    ConcernContact,
    ConcernHandler,
    ConcernMessage,
)
from upward.programs.models import Program


def _concerns() -> QuerySet[Concern]:
    return Concern.objects.select_related("program", "pair", "raised_by__person", "about__person")


def concerns_raised_by(user: User) -> list[Concern]:
    return list(_concerns().filter(raised_by__person__user=user).order_by("-created_at", "-id"))


def concerns_handled_by(user: User) -> list[Concern]:
    return list(_concerns().filter(handlers__user=user).order_by("status", "-created_at", "-id"))


@dataclass(frozen=True)
class ConcernView:
    concern: Concern
    as_raiser: bool
    as_handler: bool


def get_concern_for_user(user: User, concern_id: int) -> ConcernView:
    """A concern the user raised or handles; 404 for everyone else, whatever their role."""
    concern = (
        _concerns()
        .filter(Q(raised_by__person__user=user) | Q(handlers__user=user), pk=concern_id)
        .distinct()
        .first()
    )
    if concern is None:
        raise Http404("No such concern")
    as_raiser = concern.raised_by.person.user_id == user.pk
    as_handler = ConcernHandler.objects.filter(concern=concern, user=user).exists()
    return ConcernView(concern=concern, as_raiser=as_raiser, as_handler=as_handler)


def concern_thread(concern: Concern) -> list[ConcernMessage]:
    return list(ConcernMessage.objects.filter(concern=concern).select_related("author"))


def open_concern_pairs_handled_by(user: User, pair_ids: Iterable[int]) -> set[int]:
    """Of these pairs, those with an open concern this user handles (one query)."""
    return set(
        Concern.objects.filter(
            pair_id__in=list(pair_ids), status__in=OPEN_CONCERN_STATUSES, handlers__user=user
        ).values_list("pair_id", flat=True)
    )


def open_concern_pairs_handled_by_in(program: Program, user: User) -> list[int]:
    """The pairs of `program` with an open concern `user` handles (one query)."""
    return list(
        Concern.objects.filter(
            program=program, status__in=OPEN_CONCERN_STATUSES, handlers__user=user
        ).values_list("pair_id", flat=True)
    )


def unacknowledged_count(user: User) -> int:
    return Concern.objects.filter(handlers__user=user, status="open").count()


def concern_contacts(program: Program) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=ConcernContact.objects.filter(program=program).values("user_id")
        ).order_by("full_name", "email")
    )


def contact_candidates() -> QuerySet[User]:
    """Who may be named a concern contact: program managers and administrators."""
    return User.objects.filter(
        is_active=True, role__in=[Role.ADMINISTRATOR, Role.PROGRAM_MANAGER]
    ).order_by("full_name", "email")
