"""How sessions read on a page: every time in my zone, with my partner's beside it.

Labels are formatted here, not with the `date` filter: that converts to the
page's zone (the reader's directory entry, people.middleware), while session
times read in the zone the person gave when they registered for the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from upward.pairs.models import Session, SessionStatus
from upward.pairs.selectors.sessions import (
    Cadence,
    cadence,
    pair_sessions,
    upcoming_sessions,
)
from upward.pairs.selectors.space import PairSpace
from upward.pairs.services.slots import Slot, zone_of
from upward.programs.models import Registration


def first_name(registration: Registration) -> str:
    person = registration.person
    if person.is_erased:
        return "your former partner"  # "A former participant" cut to "A" reads as nonsense
    name = person.name
    return name.split()[0] if name else "your partner"


def day_and_time(at: datetime, registration: Registration) -> str:
    return f"{at.astimezone(zone_of(registration)):%a %d %b %Y, %H:%M}"


def time_for_partner(at: datetime, me: Registration, partner: Registration) -> str:
    """'09:00' when it is the same day for both, 'Wed 26 Nov 00:30' otherwise."""
    mine = at.astimezone(zone_of(me))
    theirs = at.astimezone(zone_of(partner))
    if mine.date() == theirs.date():
        return f"{theirs:%H:%M}"
    return f"{theirs:%a %d %b, %H:%M}"


def slot_label(slot: Slot, me: Registration, partner: Registration) -> str:
    mine = slot.starts_at.astimezone(zone_of(me))
    theirs = time_for_partner(slot.starts_at, me, partner)
    return f"{mine:%a %d %b, %H:%M} your time · {theirs} for {first_name(partner)}"


@dataclass(frozen=True)
class SessionRow:
    session: Session
    mine: str
    partner: str
    ends: str
    # My zone's abbreviation at that moment ("GMT", "BST") and the start as an
    # ISO value for <time>: "your time" alone does not say which clock that is.
    zone: str
    starts_iso: str
    proposed_by_me: bool
    can_accept: bool
    can_move: bool
    can_cancel: bool
    can_mark_held: bool
    can_download: bool
    changed_by_label: str


def session_row(session: Session, space: PairSpace, *, now: datetime) -> SessionRow:
    me, partner = space.me, space.partner
    my_start = session.starts_at.astimezone(zone_of(me))
    status = session.status
    live = space.is_live
    ends = session.starts_at + timedelta(minutes=session.minutes)
    proposed_by_me = session.proposed_by_id == me.pk
    changed_by_label = ""
    if session.changed_by_id is not None:
        changed_by_label = "you" if session.changed_by_id == me.pk else partner.person.name
    return SessionRow(
        session=session,
        mine=day_and_time(session.starts_at, me),
        partner=time_for_partner(session.starts_at, me, partner),
        ends=f"{ends.astimezone(zone_of(me)):%H:%M}",
        zone=my_start.tzname() or "",
        starts_iso=my_start.replace(microsecond=0).isoformat(),
        proposed_by_me=proposed_by_me,
        can_accept=live and status == SessionStatus.PROPOSED and not proposed_by_me,
        can_move=live
        and session.starts_at > now
        and (
            status == SessionStatus.BOOKED
            or (status == SessionStatus.PROPOSED and not proposed_by_me)
        ),
        can_cancel=status in (SessionStatus.PROPOSED, SessionStatus.BOOKED),
        can_mark_held=status == SessionStatus.BOOKED and session.starts_at <= now,
        can_download=status in (SessionStatus.BOOKED, SessionStatus.HELD),
        changed_by_label=changed_by_label,
    )


def cadence_line(numbers: Cadence) -> str:
    """'4 of 6 expected so far; last one 19 days ago'."""
    text = f"{numbers.held} of {numbers.expected} expected so far"
    if numbers.days_since_last is None:
        return f"{text}; none held yet"
    days = numbers.days_since_last
    when = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"{text}; last one {when}"


def sessions_panel_context(space: PairSpace, *, now: datetime | None = None) -> dict[str, Any]:
    """What the pair page's sessions panel shows: three queries at most."""
    now = now or timezone.now()
    upcoming = [session_row(s, space, now=now) for s in upcoming_sessions(space.pair, now=now)]
    booked = [row for row in upcoming if row.session.status == SessionStatus.BOOKED]
    numbers = cadence(space.pair)
    return {
        "space": space,
        "next_row": booked[0] if booked else None,
        "upcoming_rows": [row for row in upcoming if not booked or row is not booked[0]],
        "cadence": numbers,
        "cadence_line": cadence_line(numbers),
        "partner_first_name": first_name(space.partner),
    }


def all_rows(space: PairSpace, *, now: datetime) -> tuple[list[SessionRow], list[SessionRow]]:
    """(upcoming, past and cancelled) for the sessions page."""
    upcoming: list[SessionRow] = []
    past: list[SessionRow] = []
    for session in pair_sessions(space.pair):
        row = session_row(session, space, now=now)
        open_ = session.status in (SessionStatus.PROPOSED, SessionStatus.BOOKED)
        (upcoming if open_ and session.starts_at >= now - timedelta(hours=3) else past).append(row)
    past.reverse()
    return upcoming, past
