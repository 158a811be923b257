"""The .ics invites and the private feed parse with `icalendar` and tell the truth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from upward.pairs.calendar import session_invite, sessions_feed
from upward.pairs.selectors.sessions import feed_sessions
from upward.pairs.services.calendar_feeds import (
    calendar_feed_get_or_create,
    calendar_feed_regenerate,
    calendar_feed_revoke,
)
from upward.pairs.services.sessions import session_cancel, session_propose, session_reschedule
from upward.pairs.tests.sessions_fixtures import book, in_days, london_new_york_pair

pytestmark = pytest.mark.django_db


def events(ics: bytes) -> tuple[Calendar, list]:
    calendar = Calendar.from_ical(ics)
    return calendar, list(calendar.walk("VEVENT"))


def test_a_booked_invite_is_a_request_with_utc_times_uid_and_sequence_zero(pair):
    session = book(pair, in_days(10, hour=14), location="Room 4.12")
    calendar, (event,) = events(session_invite(session))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == session.ical_uid
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)
    assert str(event["SUMMARY"]) == "Reverse mentoring: Jo Junior and Sam Senior"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Room 4.12"
    assert str(event["ORGANIZER"]) == "mailto:jo.junior@example.com"
    assert {str(a) for a in event["ATTENDEE"]} == {
        "mailto:jo.junior@example.com",
        "mailto:sam.senior@example.com",
    }
    assert b"DTSTART:" in session_invite(session) and b"Z\r\n" in session_invite(session)


@pytest.mark.parametrize(
    ("local", "expected_utc"),
    [
        # 14:00 in London in summer (BST, UTC+1) and in winter (GMT).
        (datetime(2027, 7, 6, 14, 0), datetime(2027, 7, 6, 13, 0, tzinfo=UTC)),
        (datetime(2027, 1, 5, 14, 0), datetime(2027, 1, 5, 14, 0, tzinfo=UTC)),
        # The weeks when London and New York change clocks on different dates.
        (datetime(2027, 3, 23, 14, 0), datetime(2027, 3, 23, 14, 0, tzinfo=UTC)),
        (datetime(2027, 10, 26, 14, 0), datetime(2027, 10, 26, 13, 0, tzinfo=UTC)),
    ],
)
def test_utc_times_are_right_across_daylight_saving(pair, local, expected_utc):
    starts_at = local.replace(tzinfo=ZoneInfo("Europe/London"))
    session = book(pair, starts_at)
    _calendar, (event,) = events(session_invite(session))
    assert event.decoded("DTSTART") == expected_utc


def test_booking_emails_both_people_the_invite(pair, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = book(pair, agenda="How TikTok's feed ranks videos")
    booked = [m for m in mail.outbox if m.subject.startswith("Booked")]
    assert sorted(m.to[0] for m in booked) == ["jo.junior@example.com", "sam.senior@example.com"]
    for message in booked:
        ((name, content, mimetype),) = message.attachments
        assert mimetype == "text/calendar" and name.endswith(".ics")
        _calendar, (event,) = events(content if isinstance(content, bytes) else content.encode())
        assert str(event["UID"]) == session.ical_uid
        assert "How TikTok" in str(event["DESCRIPTION"])


def test_reschedule_keeps_the_uid_and_raises_the_sequence(pair, django_capture_on_commit_callbacks):
    session = book(pair)
    uid = session.ical_uid
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = session_reschedule(
            session=session, actor=pair.mentee, starts_at=in_days(9), reason="Board meeting moved"
        )
    calendar, (event,) = events(session_invite(session))
    assert calendar["METHOD"] == "REQUEST"
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)
    assert event.decoded("DTSTART") == in_days(9)
    assert len([m for m in mail.outbox if m.subject.startswith("Moved")]) == 2

    with django_capture_on_commit_callbacks(execute=True):
        session = session_cancel(session=session, actor=pair.mentor, reason="I am ill")
    calendar, (event,) = events(session_invite(session))
    assert calendar["METHOD"] == "CANCEL"
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 2)
    assert str(event["STATUS"]) == "CANCELLED"
    cancelled = [m for m in mail.outbox if m.subject.startswith("Cancelled")]
    assert len(cancelled) == 2 and all(m.attachments for m in cancelled)


def test_the_feed_lists_my_sessions_and_never_another_pairs(pair, mentor):
    mine = book(pair)
    other_pair = london_new_york_pair()
    theirs = book(other_pair)
    proposed = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(12))
    _calendar, found = events(sessions_feed(feed_sessions(mentor)))
    uids = {str(event["UID"]) for event in found}
    assert mine.ical_uid in uids
    assert theirs.ical_uid not in uids
    assert proposed.ical_uid not in uids  # not agreed yet: not in anyone's calendar


def test_a_recently_cancelled_session_stays_in_the_feed_as_cancelled(pair, mentor):
    session = session_cancel(session=book(pair), actor=pair.mentee, reason="Travel")
    _calendar, (event,) = events(sessions_feed(feed_sessions(mentor)))
    assert str(event["UID"]) == session.ical_uid
    assert str(event["STATUS"]) == "CANCELLED"


def test_the_feed_url_works_without_signing_in_and_a_revoked_token_is_a_404(pair, mentor, client):
    session = book(pair)
    feed = calendar_feed_get_or_create(user=mentor)
    assert calendar_feed_get_or_create(user=mentor) == feed
    url = reverse("pairs:calendar_feed", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    _calendar, (event,) = events(response.content)
    assert str(event["UID"]) == session.ical_uid

    calendar_feed_revoke(user=mentor)
    assert client.get(url).status_code == 404
    new = calendar_feed_regenerate(user=mentor)
    assert new.token != feed.token
    assert client.get(reverse("pairs:calendar_feed", args=[new.token])).status_code == 200
    assert client.get(reverse("pairs:calendar_feed", args=["not-a-token"])).status_code == 404


def test_calendar_settings_page_makes_and_revokes_the_link(mentor_client, mentor, client):
    url = reverse("pairs:calendar_settings")
    assert "Make my private link" in mentor_client.get(url).content.decode()
    mentor_client.post(url, {"action": "create"})
    page = mentor_client.get(url).content.decode()
    feed = mentor.calendar_feeds.get(revoked_at__isnull=True)
    assert feed.token in page
    revoke = reverse("pairs:calendar_revoke")
    # Revoking kills every subscription: the settings page only leads to its confirmation.
    assert mentor_client.post(url, {"action": "revoke"})["Location"] == revoke
    assert client.get(reverse("pairs:calendar_feed", args=[feed.token])).status_code == 200
    assert "Revoke the link" in mentor_client.get(revoke).content.decode()
    mentor_client.post(revoke)
    assert client.get(reverse("pairs:calendar_feed", args=[feed.token])).status_code == 404


def test_news_of_a_session_that_has_ended_is_not_sent(pair, django_capture_on_commit_callbacks):
    # A task that runs after the session, or history recorded after the fact (the demo's
    # past year): an invite to something already over would only confuse.
    from upward.pairs.services.session_emails import session_send_emails

    session = book(pair, in_days(3, hour=14))
    mail.outbox.clear()
    session.starts_at = datetime.now(UTC) - timedelta(hours=2)
    session.save(update_fields=["starts_at"])
    assert session_send_emails(session_id=session.pk, kind="booked") == 0
    assert mail.outbox == []
    session.starts_at = datetime.now(UTC) - timedelta(minutes=10)  # still under way
    session.save(update_fields=["starts_at"])
    assert session_send_emails(session_id=session.pk, kind="updated") == 2


@pytest.mark.parametrize("token", ["abc\x00def", "%00", "x" * 5000])
def test_a_strange_feed_url_is_a_4xx_never_a_500(client, token):
    response = client.get(f"/pairs/calendar/{token}.ics")

    assert 400 <= response.status_code < 500


def test_a_nul_character_anywhere_in_a_request_is_refused_at_the_door(mentor_client):
    assert mentor_client.get("/people/?q=a%00b").status_code == 400
    assert mentor_client.post("/pairs/calendar/", {"x\x00": "1"}).status_code == 400
    assert "NUL character" in mentor_client.get("/?q=%00").content.decode()
