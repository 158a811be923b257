"""Requests Upward refuses before any view sees them, and headers every private answer carries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control

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


class PrivatePagesNoStoreMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in person.

    Pages behind a login show notes, messages, check-ins and directory entries: a
    shared proxy or the browser's disk cache must never keep them (the back button
    on a shared computer after signing out). One rule for every page, rather than
    a decorator per view that a new page could forget. Static files never come
    here (WhiteNoise answers them first), so they stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        already = "no-store" in response.get("Cache-Control", "")
        if getattr(user, "is_authenticated", False) and not already:
            # A view that said no-store itself (a download, an .ics) has said enough.
            patch_cache_control(response, private=True, no_store=True)
            # A view's own "public" or max-age would contradict the rule above.
            cache_control = [
                part.strip()
                for part in response["Cache-Control"].split(",")
                if part.strip().split("=")[0] not in {"public", "max-age", "s-maxage"}
            ]
            response["Cache-Control"] = ", ".join(cache_control)
        return response


class PermissionsPolicyMiddleware:
    """The `Permissions-Policy` header (UPWARD_PERMISSIONS_POLICY) on every answer.

    Django has no setting for it. An injected script or an embedded page could
    otherwise ask for the camera, the microphone or the location in Upward's name.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.UPWARD_PERMISSIONS_POLICY)
        return response
