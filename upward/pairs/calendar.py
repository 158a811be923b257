"""iCalendar files for sessions: the invite attached to emails, the download, the feed.

Built with the `icalendar` package, never string templates. Every session keeps
one UID for life; SEQUENCE (Session.ical_sequence) grows with each change, so a
calendar program applies an update or a cancellation to the event it already
holds. Times are written in UTC ("...Z"): every calendar program converts them
to its owner's zone, and no VTIMEZONE block can be wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from upward.notifications.email import absolute_url
from upward.pairs.models import Session, SessionStatus

PRODID = "-//Upward//Reverse mentoring sessions//EN"
ICS_MIMETYPE = "text/calendar"


def session_summary(session: Session) -> str:
    pair = session.pair
    return f"Reverse mentoring: {pair.mentor.person.name} and {pair.mentee.person.name}"


def session_description(session: Session) -> str:
    parts = []
    if session.agenda_template is not None:
        parts.append(f"Agenda: {session.agenda_template.title}")
        if session.agenda_template.outline:
            parts.append(session.agenda_template.outline.strip())
    if session.agenda:
        parts.append(session.agenda.strip())
    parts.append(f"Your pair: {absolute_url(reverse('pairs:sessions', args=[session.pair_id]))}")
    return "\n\n".join(parts)


def _address(name: str, email: str, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if attendee:
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("ACCEPTED")
    return address


def session_event(session: Session, *, stamp: datetime | None = None) -> Event:
    """One VEVENT. Needs session.pair.mentor/mentee.person and agenda_template loaded."""
    pair = session.pair
    cancelled = session.status == SessionStatus.CANCELLED
    starts = session.starts_at.astimezone(UTC)
    event = Event()
    event.add("uid", session.ical_uid)
    event.add("sequence", session.ical_sequence)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=session.minutes))
    event.add("summary", session_summary(session))
    event.add("description", session_description(session))
    if session.location:
        event.add("location", session.location)
    # The junior mentor organises: they run the session in reverse mentoring.
    mentor, mentee = pair.mentor.person, pair.mentee.person
    event.add("organizer", _address(mentor.name, mentor.email, attendee=False))
    event.add("attendee", _address(mentor.name, mentor.email, attendee=True))
    event.add("attendee", _address(mentee.name, mentee.email, attendee=True))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def session_invite(session: Session, *, stamp: datetime | None = None) -> bytes:
    """METHOD:REQUEST for a booked or moved session, METHOD:CANCEL for a cancelled one."""
    method = "CANCEL" if session.status == SessionStatus.CANCELLED else "REQUEST"
    calendar = _calendar(method)
    calendar.add_component(session_event(session, stamp=stamp))
    return bytes(calendar.to_ical())


def session_filename(session: Session) -> str:
    return f"upward-session-{session.pk}.ics"


def sessions_feed(sessions: Iterable[Session], *, name: str = "Upward sessions") -> bytes:
    """A subscribable calendar (no METHOD: feeds are published, not sent)."""
    calendar = _calendar(None, name)
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(session_event(session, stamp=stamp))
    return bytes(calendar.to_ical())
