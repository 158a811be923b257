"""Bad input on every form of every program and pair page: no server error, nothing half-written.

Each page is opened as the person it belongs to (the programme's manager, one of
the pair's two people) in the world of test_access.py; every POST form found on
it is sent back with each field filled with one kind of bad value at a time.
The answer must never be a 5xx, and when the form is refused (anything but a
redirect after success) no watched row may have changed.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from upward.core.tests.test_access import PAIR_ROUTES, PROGRAM_ROUTES, _state, _url, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the fixture, shared with test_access

BAD_VALUES = {
    "nul": "bad\x00value",
    "one megabyte": "x" * 1_000_000,
    "year 9999": "9999-12-31",
    "year 1": "0001-01-01",
    "huge number": "9" * 40,
    "negative": "-99999999999",
    "markup": '"><script>alert(1)</script>',
}
NOT_FILLED = {"csrfmiddlewaretoken"}
SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


class _Forms(HTMLParser):
    """POST forms on a page: their action and field names with their defaults."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "fields": {}}
                self.forms.append(self._form)
            else:
                self._form = None
        elif self._form is not None and tag in {"input", "select", "textarea"}:
            name = a.get("name")
            if name and (a.get("type") or "text").lower() not in SKIPPED_TYPES:
                self._form["fields"].setdefault(name, a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def _forms_on(client: Client, url: str) -> list[tuple[str, dict[str, str]]]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    return [(form["action"] or url, form["fields"]) for form in parser.forms]


def _send_bad_values(client: Client, pages: list[str]) -> tuple[list[str], int]:
    problems, sent = [], 0
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for page in pages:
        for action, fields in _forms_on(client, page):
            key = (action, tuple(sorted(fields)))
            if action.startswith("/accounts/") or key in seen or not fields:
                continue  # signing out is not a form to fuzz; each form once
            seen.add(key)
            for kind, value in BAD_VALUES.items():
                data = {
                    name: (default if name in NOT_FILLED else value)
                    for name, default in fields.items()
                }
                before = _state()
                response = client.post(action, data)
                sent += 1
                if response.status_code >= 500:
                    problems.append(f"{action} {kind}: {response.status_code}")
                elif response.status_code not in (301, 302, 303) and _state() != before:
                    problems.append(f"{action} {kind}: refused ({response.status_code}) yet wrote")
            # Invalid UTF-8, as raw form bytes.
            body = "&".join(f"{name}=%FF%FE%FD" for name in fields if name not in NOT_FILLED)
            response = client.post(
                action,
                body + f"&csrfmiddlewaretoken={fields.get('csrfmiddlewaretoken', '')}",
                content_type="application/x-www-form-urlencoded",
            )
            sent += 1
            if response.status_code >= 500:
                problems.append(f"{action} invalid utf-8: {response.status_code}")
    return problems, sent


def test_the_managers_forms_refuse_bad_input_cleanly(program_manager_client, world) -> None:
    pages = [_url(route, world) for route in PROGRAM_ROUTES]
    problems, sent = _send_bad_values(program_manager_client, pages)
    assert sent > 50
    assert problems == []


def test_the_pairs_forms_refuse_bad_input_cleanly(mentor_client, world) -> None:
    pages = [_url(route, world) for route in PAIR_ROUTES]
    pages += [reverse("pairs:calendar_settings"), reverse("api:tokens")]
    problems, sent = _send_bad_values(mentor_client, pages)
    assert sent > 20
    assert problems == []


def _pages_without_parameters() -> list[str]:
    from upward.core.testing.urls import routes

    return [
        "/" + route.route
        for route in routes()
        if not route.kwargs and not route.route.startswith(("api/", "admin/", "accounts/"))
    ]


@pytest.mark.parametrize("persona", ["administrator_client", "mentor_client"])
def test_the_forms_of_every_page_without_parameters_refuse_bad_input_cleanly(
    request, persona, world
) -> None:
    client = request.getfixturevalue(persona)
    problems, sent = _send_bad_values(client, _pages_without_parameters())
    assert sent > 10
    assert problems == []
