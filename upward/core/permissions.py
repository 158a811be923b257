"""Role checks shared by every app.

Object-level lookups live beside their models (`get_person_for_user` in
people.selectors, and so on): each raises Http404 for anything the user may not
see, so a page never reveals whether an object it refuses exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def is_administrator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and getattr(user, "is_administrator", False)
    )


def can_manage_programs(user: Any) -> bool:
    """Administrators and program managers; per-program rights are checked by each program."""
    return bool(
        getattr(user, "is_authenticated", False) and getattr(user, "can_manage_programs", False)
    )


def _require(check: Callable[[Any], bool]) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


administrator_required = _require(is_administrator)
program_manager_required = _require(can_manage_programs)
