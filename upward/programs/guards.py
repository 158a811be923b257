"""The one way into a program manager's page.

Every page that belongs to a program a manager runs takes `program_id` in its
URL and is wrapped in `manager_page`: the decorator resolves the id through
the permission-scoped `get_managed_program` and hands the Program to the view.
Anyone else (a participant, another program's manager, an outsider) gets the
same 404 as for a program that does not exist; anonymous visitors were already
sent to sign in by LoginRequiredMiddleware. Objects inside the program (runs,
pairs, invitations) are then fetched through selectors scoped by that program.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponseBase

from upward.programs.models import Program
from upward.programs.selectors.access import get_managed_program

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)
ManagerView = Callable[Concatenate[R, Program, P], HttpResponseBase]


def manager_page(view: ManagerView[R, P]) -> Callable[..., HttpResponseBase]:
    """Resolve `program_id` to a program the user manages (404 otherwise) for `view`."""

    @wraps(view)
    def guarded(request: R, program_id: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
        program = get_managed_program(request.user, program_id)
        return view(request, program, *args, **kwargs)

    guarded.manager_page = True  # type: ignore[attr-defined]  # the access tests look for it
    return guarded
