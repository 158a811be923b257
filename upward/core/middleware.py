"""Requests Upward refuses before any view or database sees them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL = "\x00"


def _has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


class RejectNulCharactersMiddleware:
    """Answer 400 to a NUL character anywhere in the path, query, form or cookies.

    No text Upward stores may hold one, and PostgreSQL refuses it with an error
    deep inside a query: a page would answer 500 (a NUL in a calendar feed's
    URL did). Refusing it at the door gives the one clear answer everywhere.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            NUL in request.path
            or _has_nul(request.COOKIES.values())
            or _has_nul(text for key, values in request.GET.lists() for text in (key, *values))
            or _has_nul(text for key, values in self._form(request) for text in (key, *values))
        ):
            message = (
                "This request contains a NUL character, which Upward never accepts. "
                "Remove it and try again."
            )
            if request.path.startswith("/api/"):
                # The API's one error shape (RFC 9457), as upward.api.problems writes it.
                return HttpResponseBadRequest(
                    json.dumps(
                        {
                            "type": "about:blank",
                            "title": "Bad request",
                            "status": 400,
                            "detail": message,
                            "errors": [],
                        }
                    ),
                    content_type="application/problem+json",
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _form(request: HttpRequest) -> Iterable[tuple[str, list[str]]]:
        return request.POST.lists() if request.method == "POST" else []
