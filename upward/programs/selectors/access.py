"""Permission-scoped lookups for programs. Every program view fetches through these.

Each raises Http404 for what the user may not see, so a refused page never
reveals that a program or registration exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from upward.core.permissions import is_administrator
from upward.programs.models import Program, Registration, RegistrationStatus


def programs_managed_by(user: Any) -> QuerySet[Program]:
    """Programs `user` manages: every program for administrators, their own for managers."""
    if not getattr(user, "is_authenticated", False):
        return Program.objects.none()
    if is_administrator(user):
        return Program.objects.all()
    if not user.can_manage_programs:
        return Program.objects.none()
    return Program.objects.filter(manager_links__user=user)


def get_managed_program(user: Any, program_id: int, *, for_update: bool = False) -> Program:
    programs = programs_managed_by(user)
    if for_update:
        programs = programs.select_for_update()
    try:
        return programs.get(pk=program_id)
    except Program.DoesNotExist:
        raise Http404("No such program") from None


def user_manages_program(user: Any, program: Program) -> bool:
    return programs_managed_by(user).filter(pk=program.pk).exists()


def registration_of(user: Any, program: Program) -> Registration | None:
    """The user's live registration in `program`, if any."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return None
    return (
        Registration.objects.filter(
            program=program, person=person, status=RegistrationStatus.REGISTERED
        )
        .select_related("program", "person")
        .first()
    )


def get_own_registration(user: Any, registration_id: int) -> Registration:
    """A participant's own registration; nobody else's, whatever their role."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        raise Http404("No such registration")
    try:
        return Registration.objects.select_related("program", "person").get(
            pk=registration_id, person=person
        )
    except Registration.DoesNotExist:
        raise Http404("No such registration") from None
