"""The one way into a pair's own pages (its space, sessions, notes, messages).

Views wrapped in `pair_page` take `pair_id` in their URL and receive the
PairSpace: the pair as one of its two people sees it. get_pair_space_for_user
answers 404 to anyone else, managers and administrators included (they have
their own pages, reached through the program guard), and for a pair that never
went live. Objects inside the pair (sessions, notes, goals) are then fetched
through selectors scoped by the space.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponse

from upward.pairs.selectors.space import PairSpace, get_pair_space_for_user

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)
PairView = Callable[Concatenate[R, PairSpace, P], HttpResponse]


def pair_page(view: PairView[R, P]) -> Callable[..., HttpResponse]:
    """Resolve `pair_id` to the user's side of their pair (404 otherwise) for `view`."""

    @wraps(view)
    def guarded(request: R, pair_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, get_pair_space_for_user(request.user, pair_id), *args, **kwargs)

    guarded.pair_page = True  # type: ignore[attr-defined]  # the access tests look for it
    return guarded
