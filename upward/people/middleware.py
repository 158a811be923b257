"""Show every date-time of a signed-in person's pages in their own time zone."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from upward.people.timezones import timezone_for_request


class PersonTimezoneMiddleware:
    """Activate the zone of the person behind the login for the whole request.

    `override` rather than `activate`: the zone is switched back when the
    response is done, so a server thread never carries one person's zone into
    the next person's request. Templates then convert every aware date-time
    (the `date` filter, `{{ value }}`, `time_with_zone`), and
    `timezone.localdate()` is that person's today.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with timezone.override(timezone_for_request(request)):
            return self.get_response(request)
