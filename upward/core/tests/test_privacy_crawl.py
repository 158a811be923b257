"""Every page, as each person, never shows private content it should not (the pages'
counterpart of upward/api/tests/test_api_privacy_crawl.py, with the same markers).

Markers sit in a private note (the mentor's), a concern (raised by the mentor) and a
check-in comment the mentor did not share. Each person then opens every URL pattern
of the site with the world's ids filled in (pages, CSV exports, calendar files,
fragments), follows every link from there, and reads every email sent so far; each
marker may appear only where its readers are allowed to see it.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse

from upward.api.tests.test_api_privacy_crawl import COMMENT, CONCERN, NOTE, planted
from upward.core.testing.crawl import crawl
from upward.core.testing.urls import routes
from upward.feedback.models import ConcernHandler

pytestmark = pytest.mark.django_db
__all__ = ["planted"]  # the fixture, shared with the API's crawl

MARKERS = {NOTE, CONCERN, COMMENT}
SKIPPED = ("api/", "admin/", "accounts/")


def _start_urls(ids: dict[str, object]) -> list[str]:
    urls = []
    for route in routes():
        if route.route.startswith(SKIPPED) or not set(route.kwargs) <= set(ids):
            continue
        try:
            urls.append(reverse(route.name, kwargs={k: ids[k] for k in route.kwargs}))
        except NoReverseMatch:
            continue  # an id of the wrong shape for this pattern (a token route)
    return urls


@pytest.mark.parametrize(
    ("who", "may_read"),
    [
        ("mentor", {NOTE, CONCERN, COMMENT}),  # the author of all three
        ("mentee", set()),  # the other person of the pair: none of it
        ("program_manager", {CONCERN}),  # as the program's concern contact
        ("administrator", set()),
        ("outsider", set()),
    ],
)
def test_no_page_or_email_shows_private_content_to_the_wrong_person(
    request, planted, who, may_read
):
    ids, _secret = planted
    user = request.getfixturevalue(who)
    if who == "program_manager" and not ConcernHandler.objects.filter(user=user).exists():
        may_read = set()
    client = Client()
    client.force_login(user)

    pages = crawl(client, ["/", *_start_urls(ids)], limit=600, per_route=5)

    assert sum(page.status == 200 for page in pages) >= 5
    leaks = [
        f"{marker} on {page.url}"
        for page in pages
        for marker in MARKERS - may_read
        if marker in page.body
    ]
    leaks += [
        f"{marker} in the email {message.subject!r}"
        for message in mail.outbox
        if user.email in message.to
        for marker in MARKERS - may_read
        if marker in message.body + "".join(str(a[0]) for a in getattr(message, "alternatives", []))
    ]
    assert leaks == []
    # The allowed readers do see it somewhere: the crawl reaches the private content.
    for marker in may_read:
        assert any(marker in page.body for page in pages), f"{who} never saw {marker}"
