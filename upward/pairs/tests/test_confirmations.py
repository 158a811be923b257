"""Confirmation pages around a pair: a manager closing it, a person revoking or replacing
their calendar link, an author deleting a note. GET says what goes and changes nothing;
only the POST acts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upward.accounts.models import Role, User
from upward.accounts.tests.factories import UserFactory
from upward.core.tests.test_pages import unlabelled_fields
from upward.pairs.models import CalendarFeed, Pair, PairStatus, SessionNote
from upward.pairs.services.calendar_feeds import calendar_feed_get_or_create
from upward.pairs.services.conversation import note_add
from upward.pairs.tests.conversation_fixtures import make_session
from upward.pairs.tests.sessions_fixtures import book, in_days
from upward.pairs.tests.space_fixtures import running_program

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return str(response.content.decode())


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- A manager closes a pair -------------------------------------------------------------


def _close_url(pair: Pair) -> str:
    return reverse("pairs:manager_close", args=[pair.program_id, pair.pk])


def test_closing_a_pair_names_both_people_and_the_sessions_it_cancels(
    space_pair: Pair, program_manager_client: Client
) -> None:
    book(space_pair, in_days(5))

    page = program_manager_client.get(_close_url(space_pair))

    html = _text(page)
    assert "Close the pair of Jo Junior (mentor) and Sam Senior (mentee)?" in html
    assert "It cannot be reopened." in html
    assert "The 1 session still planned is cancelled: both people are told" in html
    assert unlabelled_fields(html) == []
    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.LIVE

    response = program_manager_client.post(_close_url(space_pair), {"reason": "Left the company"})

    assert response["Location"] == reverse(
        "pairs:manager_detail", args=[space_pair.program_id, space_pair.pk]
    )
    space_pair.refresh_from_db()
    assert (space_pair.status, space_pair.close_reason) == (PairStatus.ENDED, "Left the company")


def test_the_manager_page_links_to_the_confirmation(
    space_pair: Pair, program_manager_client: Client
) -> None:
    html = _text(
        program_manager_client.get(
            reverse("pairs:manager_detail", args=[space_pair.program_id, space_pair.pk])
        )
    )
    assert f'href="{_close_url(space_pair)}"' in html
    assert f'action="{_close_url(space_pair)}"' not in html


def test_a_closed_pair_cannot_be_closed_again_and_the_page_says_why(
    space_pair: Pair, program_manager_client: Client
) -> None:
    Pair.objects.filter(pk=space_pair.pk).update(status=PairStatus.ENDED)
    response = program_manager_client.post(_close_url(space_pair))
    assert response.status_code == 400
    assert "Only a live pair can be closed." in _text(response)


@pytest.mark.parametrize("who", ["mentor", "mentee", "outsider", "other_manager"])
def test_only_the_program_s_managers_reach_the_close_page(
    who: str, space_pair: Pair, request: pytest.FixtureRequest
) -> None:
    if who == "other_manager":
        user: User = UserFactory(role=Role.PROGRAM_MANAGER)
        running_program(managers=[user])
    else:
        user = request.getfixturevalue(who)
    client = _client(user)
    assert client.get(_close_url(space_pair)).status_code == 404
    assert client.post(_close_url(space_pair)).status_code == 404
    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.LIVE


def test_the_close_page_costs_the_same_for_1_or_8_sessions(
    space_pair: Pair, program_manager_client: Client, django_assert_num_queries: Any
) -> None:
    book(space_pair, in_days(2))
    few = _queries(program_manager_client, _close_url(space_pair))
    for day in range(3, 10):
        book(space_pair, in_days(day))
    with django_assert_num_queries(few):
        program_manager_client.get(_close_url(space_pair))


# --- Revoking or replacing one's calendar link --------------------------------------------


@pytest.mark.parametrize(
    ("name", "button"),
    [
        ("pairs:calendar_revoke", "Revoke the link"),
        ("pairs:calendar_regenerate", "Make a new link"),
    ],
)
def test_changing_the_calendar_link_is_confirmed(
    name: str, button: str, mentor: User, mentor_client: Client
) -> None:
    feed = calendar_feed_get_or_create(user=mentor)

    html = _text(mentor_client.get(reverse(name)))

    assert button in html and "stop updating" in html
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is None
    response = mentor_client.post(reverse(name))
    assert response["Location"] == reverse("pairs:calendar_settings")
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is not None


def test_regenerating_leaves_one_new_live_link(mentor: User, mentor_client: Client) -> None:
    old = calendar_feed_get_or_create(user=mentor)
    mentor_client.post(reverse("pairs:calendar_regenerate"))
    live = CalendarFeed.objects.get(user=mentor, revoked_at__isnull=True)
    assert live.token != old.token


def test_the_calendar_pages_touch_only_your_own_link(
    mentor: User, mentee_client: Client, mentee: User
) -> None:
    feed = calendar_feed_get_or_create(user=mentor)
    response = mentee_client.get(reverse("pairs:calendar_revoke"), follow=True)
    assert "You have no calendar link at the moment." in _text(response)
    mentee_client.post(reverse("pairs:calendar_revoke"))
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is None


def test_the_settings_page_links_to_both_confirmations(mentor: User, mentor_client: Client):
    calendar_feed_get_or_create(user=mentor)
    html = _text(mentor_client.get(reverse("pairs:calendar_settings")))
    assert f'href="{reverse("pairs:calendar_revoke")}"' in html
    assert f'href="{reverse("pairs:calendar_regenerate")}"' in html


def test_the_calendar_page_costs_the_same_however_many_old_links(
    mentor: User, mentor_client: Client, django_assert_num_queries: Any
) -> None:
    calendar_feed_get_or_create(user=mentor)
    few = _queries(mentor_client, reverse("pairs:calendar_revoke"))
    for _ in range(4):
        mentor_client.post(reverse("pairs:calendar_regenerate"))
    with django_assert_num_queries(few):
        mentor_client.get(reverse("pairs:calendar_revoke"))


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    for name in ("pairs:calendar_revoke", "pairs:calendar_regenerate"):
        for method in (client.get, client.post):
            response = method(reverse(name))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))


# --- Deleting a note (the pattern the others follow) --------------------------------------


def test_deleting_a_note_shows_it_and_deletes_only_on_post(
    space_pair: Pair, mentor_client: Client, mentee_client: Client
) -> None:
    session = make_session(space_pair)
    note = note_add(session=session, actor=space_pair.mentor, visibility="shared", text="Try Reels")
    url = reverse("pairs:note_delete", args=[space_pair.pk, note.pk])

    html = _text(mentor_client.get(url))

    assert "Try Reels" in html and "for Sam Senior too" in html and "Keep it" in html
    assert mentee_client.get(url).status_code == 404  # only the author deletes
    assert mentee_client.post(url).status_code == 404
    assert SessionNote.objects.filter(pk=note.pk).exists()
    response = mentor_client.post(url)
    assert response["Location"] == reverse("pairs:session_notes", args=[space_pair.pk, session.pk])
    assert not SessionNote.objects.filter(pk=note.pk).exists()
