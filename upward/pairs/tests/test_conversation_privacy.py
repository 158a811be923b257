"""Private notes never leak, and nobody outside the pair reaches its conversation.

The leak test crawls EVERY page of the site that takes only ids we can fill in
(pairs, programs, sessions, notes), plus every admin changelist and the audit
log, as the partner, the program manager and an administrator, and asserts
the private note's text is on none of them. New pages are covered the day they
are added.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from upward.accounts.tests.factories import UserFactory
from upward.pairs.models import PairStatus, SessionNote
from upward.pairs.services.conversation import (
    DIGEST_QUIET_PERIOD,
    learning_add,
    message_post,
    messages_notify_batch,
    note_add,
)
from upward.pairs.tests.conversation_fixtures import (
    PRIVATE_TEXT,
    SHARED_TEXT,
    make_session,
    personas_pair,
)
from upward.pairs.tests.space_fixtures import live_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(mentor, mentee, program_manager):
    return personas_pair(mentor, mentee, program_manager)


@pytest.fixture
def session(pair):
    return make_session(pair)


def _patterns(
    resolver: URLResolver, params: tuple[str, ...] = (), namespace: str = ""
) -> Iterator[tuple[str, list[str]]]:
    """(name, URL parameters) of every named page, parameters of enclosing includes too."""
    for entry in resolver.url_patterns:
        own = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, params + own, space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", [*params, *own]


def _crawlable_urls(ids: dict[str, int]) -> list[str]:
    urls = []
    for name, params in _patterns(get_resolver()):
        if not set(params) <= set(ids):
            continue
        try:
            urls.append(reverse(name, kwargs={param: ids[param] for param in params}))
        except NoReverseMatch:  # a pattern that wants other kinds of values: not ours to guess
            continue
    return urls


@pytest.fixture
def private_note(pair, session):
    note = note_add(session=session, actor=pair.mentor, visibility="private", text=PRIVATE_TEXT)
    note_add(session=session, actor=pair.mentor, visibility="shared", text=SHARED_TEXT)
    message_post(pair=pair, actor=pair.mentor, text="a message")
    learning_add(pair=pair, actor=pair.mentor, text="a learning")
    return note


def _assert_absent_everywhere(client: Client, urls: list[str]) -> int:
    seen = 0
    for url in urls:
        response = client.get(url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        assert PRIVATE_TEXT not in body, f"private note leaked on {url}"
        seen += response.status_code == 200
    return seen


@pytest.mark.parametrize("who", ["mentee", "program_manager", "administrator"])
def test_a_private_note_never_reaches_anyone_but_its_author(
    request, who, pair, session, private_note
):
    user = request.getfixturevalue(who)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    ids = {
        "pair_id": pair.pk,
        "program_id": pair.program_id,
        "session_id": session.pk,
        "note_id": private_note.pk,
        "pk": pair.pk,
    }
    urls = _crawlable_urls(ids)  # the audit log and the admin index take no ids: included
    assert reverse("admin:index") in urls
    for model, _ in admin.site._registry.items():
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    reached = _assert_absent_everywhere(client, urls)
    assert reached > 3  # the crawl really rendered pages


def test_the_crawl_would_catch_a_leak(mentor, pair, session, private_note):
    client = Client()
    client.force_login(mentor)
    body = client.get(reverse("pairs:session_notes", args=[pair.pk, session.pk])).content
    assert PRIVATE_TEXT in body.decode()


def test_partner_sees_the_shared_note_but_not_the_private_one(
    pair, session, private_note, mentee_client
):
    body = mentee_client.get(reverse("pairs:session_notes", args=[pair.pk, session.pk])).content
    assert SHARED_TEXT in body.decode() and PRIVATE_TEXT not in body.decode()


def test_session_notes_are_not_in_the_admin_site():
    assert SessionNote not in admin.site._registry


def test_digest_emails_never_contain_a_private_note(pair, private_note):
    messages_notify_batch(now=timezone.now() + DIGEST_QUIET_PERIOD * 2)
    assert mail.outbox
    for email in mail.outbox:
        assert PRIVATE_TEXT not in email.body + email.alternatives[0][0]


# --- Nobody outside the pair -------------------------------------------------------


def _conversation_urls(pair, session, note) -> list[str]:
    return [
        reverse("pairs:session_notes", args=[pair.pk, session.pk]),
        reverse("pairs:note_edit", args=[pair.pk, note.pk]),
        reverse("pairs:note_delete", args=[pair.pk, note.pk]),
        reverse("pairs:learnings", args=[pair.pk]),
        reverse("pairs:messages", args=[pair.pk]),
        reverse("pairs:messages", args=[pair.pk]) + "?after=0",
    ]


@pytest.mark.parametrize("who", ["outsider", "program_manager", "administrator", "other_member"])
def test_anyone_outside_the_pair_gets_404_on_every_conversation_url(
    request, who, pair, session, private_note
):
    if who == "other_member":
        # A mentor in the same program, in another live pair, with a login of their own.
        user = UserFactory(email="another.mentor@example.com")
        other_mentor = live_pair(program=pair.program).mentor.person
        other_mentor.user = user
        other_mentor.save(update_fields=["user"])
    else:
        user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)
    for url in _conversation_urls(pair, session, private_note):
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 404, url
        assert client.post(url, {"text": "intrusion", "visibility": "shared"}).status_code == 404, (
            url
        )
    assert client.get(reverse("pairs:notes", args=[pair.pk])).status_code == 404  # GET only
    assert not SessionNote.objects.filter(text="intrusion").exists()


def test_a_session_of_another_pair_is_a_404_even_inside_my_pair_url(pair, mentor_client):
    other_session = make_session(live_pair())
    url = reverse("pairs:session_notes", args=[pair.pk, other_session.pk])
    assert mentor_client.get(url).status_code == 404


def test_a_proposed_pair_has_no_conversation_yet(mentor, mentee, mentor_client, program_manager):
    pair = live_pair(mentor_user=mentor, mentee_user=mentee, manager=program_manager)
    pair.status = PairStatus.PROPOSED
    pair.save(update_fields=["status"])
    for url in (
        reverse("pairs:messages", args=[pair.pk]),
        reverse("pairs:learnings", args=[pair.pk]),
    ):
        assert mentor_client.get(url).status_code == 404


def test_a_closed_pair_stays_readable_but_shows_no_form(pair, mentor_client):
    message_post(pair=pair, actor=pair.mentee, text="goodbye")
    pair.status = PairStatus.COMPLETED
    pair.save(update_fields=["status"])
    body = mentor_client.get(reverse("pairs:messages", args=[pair.pk])).content.decode()
    assert "goodbye" in body and 'id="message-form"' not in body
    assert (
        mentor_client.post(reverse("pairs:messages", args=[pair.pk]), {"text": "x"}).status_code
        == 400
    )
