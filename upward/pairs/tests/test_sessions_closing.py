"""Closing or ending a pair cancels the sessions still ahead, in both calendars."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from upward.pairs.calendar import sessions_feed
from upward.pairs.models import PairStatus, Session, SessionStatus
from upward.pairs.selectors.sessions import feed_sessions
from upward.pairs.services.closing import pair_close_by_manager, pair_close_with_reflection
from upward.pairs.services.sessions import session_propose
from upward.pairs.tests.sessions_fixtures import book, in_days

pytestmark = pytest.mark.django_db


def _cancel_invites(subject_start: str = "Cancelled") -> list[Calendar]:
    invites = []
    for message in mail.outbox:
        if message.subject.startswith(subject_start):
            for _name, content, _mimetype in message.attachments:
                raw = content if isinstance(content, bytes) else content.encode()
                invites.append(Calendar.from_ical(raw))
    return invites


def test_a_manager_closing_a_pair_cancels_its_booked_and_proposed_sessions(
    pair, program_manager, django_capture_on_commit_callbacks
):
    booked = book(pair, starts_at=in_days(5))
    proposed = session_propose(pair=pair, actor=pair.mentee, starts_at=in_days(9))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        pair_close_by_manager(pair=pair, actor=program_manager, reason="Moved abroad")

    booked.refresh_from_db()
    proposed.refresh_from_db()
    assert booked.status == proposed.status == SessionStatus.CANCELLED
    assert booked.ical_sequence == 1 and booked.change_reason == "The pair was closed."
    invites = _cancel_invites()
    assert len(invites) == 2  # the booked session's cancellation, one per person
    assert {invite["METHOD"] for invite in invites} == {"CANCEL"}
    recipients = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Cancelled"))
    assert recipients.count("jo.junior@example.com") == 2  # the booked and the proposed one
    body = next(m for m in mail.outbox if m.subject.startswith("Cancelled")).body
    assert "because your pair in" in body and "has been closed" in body


def test_the_closed_pairs_sessions_leave_both_calendar_feeds(pair, mentor, mentee, program_manager):
    booked = book(pair, starts_at=in_days(5))

    pair_close_by_manager(pair=pair, actor=program_manager)

    for user in (mentor, mentee):
        (event,) = Calendar.from_ical(sessions_feed(feed_sessions(user))).walk("VEVENT")
        assert str(event["UID"]) == booked.ical_uid
        assert str(event["STATUS"]) == "CANCELLED"


def test_a_reflection_that_closes_the_pair_cancels_the_sessions_too(pair, mentor_client):
    booked = book(pair, starts_at=in_days(5))

    pair_close_with_reflection(
        pair=pair, actor=pair.mentor, text="Thank you", continue_informally=False
    )

    pair.refresh_from_db()
    booked.refresh_from_db()
    assert pair.status in (PairStatus.ENDED, PairStatus.COMPLETED)
    assert booked.status == SessionStatus.CANCELLED
    page = mentor_client.get(reverse("pairs:sessions", args=[pair.pk])).content.decode()
    assert "Cancelled: The pair was closed." in page or "Cancelled: the pair was closed." in page


def test_sessions_already_held_stay_as_they_were(pair, program_manager):
    held = book(pair, starts_at=in_days(5))
    Session.objects.filter(pk=held.pk).update(status=SessionStatus.HELD, starts_at=in_days(-3))

    pair_close_by_manager(pair=pair, actor=program_manager)

    held.refresh_from_db()
    assert held.status == SessionStatus.HELD
