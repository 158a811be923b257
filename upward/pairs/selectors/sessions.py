"""Reads for sessions, the calendar feed and cadence.

Participants reach a pair's sessions only through the pair's space (pairs.guards:
404 for anyone but the pair's mentor and mentee, and for a pair that never went
live); managers never reach agendas through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from upward.pairs.models import CalendarFeed, Pair, PairStatus, Session, SessionStatus
from upward.pairs.selectors.space import PairSpace
from upward.people.models import Person
from upward.programs.models import Registration

# Sessions cancelled this recently stay in feeds as STATUS:CANCELLED so a
# subscribed calendar removes the event instead of keeping a stale one.
FEED_KEEPS_CANCELLED_FOR = timedelta(days=30)


def _with_details(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.select_related(
        "pair__program",
        "pair__mentor__person",
        "pair__mentee__person",
        "agenda_template",
        "proposed_by__person",
        "changed_by__person",
    )


def get_space_session(space: PairSpace, session_id: int) -> Session:
    """One session of the pair behind `space` (reached through pair_page); 404 otherwise."""
    session = _with_details(Session.objects.filter(pair=space.pair, pk=session_id)).first()
    if session is None:
        raise Http404("No such session")
    return session


def pair_sessions(pair: Pair) -> QuerySet[Session]:
    return _with_details(Session.objects.filter(pair=pair)).order_by("starts_at", "id")


def upcoming_sessions(pair: Pair, *, now: datetime | None = None) -> QuerySet[Session]:
    """Proposed and booked sessions that have not ended yet, soonest first."""
    now = now or timezone.now()
    return pair_sessions(pair).filter(
        status__in=(SessionStatus.PROPOSED, SessionStatus.BOOKED),
        starts_at__gte=now - timedelta(hours=3),
    )


def has_booked_session(pair: Pair) -> bool:
    return Session.objects.filter(
        pair=pair, status__in=(SessionStatus.BOOKED, SessionStatus.HELD)
    ).exists()


@dataclass(frozen=True)
class SessionCounts:
    total: int
    to_come: int  # proposed or booked, not started yet


def _counts(sessions: QuerySet[Session], now: datetime | None) -> SessionCounts:
    to_come = Q(
        status__in=(SessionStatus.PROPOSED, SessionStatus.BOOKED),
        starts_at__gt=now or timezone.now(),
    )
    counts = sessions.aggregate(total=Count("pk"), to_come=Count("pk", filter=to_come))
    return SessionCounts(total=counts["total"], to_come=counts["to_come"])


def pair_session_counts(pair: Pair, *, now: datetime | None = None) -> SessionCounts:
    """A pair's sessions, in one query: closing it leaves the ones to come in place."""
    return _counts(Session.objects.filter(pair=pair), now)


def _of_person(person: Person) -> Q:
    """The sessions of the person's pairs, by the ids of those few pairs.

    Joining every session to both people of its pair and keeping the person's
    (an OR over two joins), or even a subquery, lets the planner start from every
    booked session of the instance: the home page spent 10 to 20 ms there with 1,000
    pairs, more with each pair. The person's pair ids (one small indexed query)
    make it an index lookup whatever the size of the instance.
    """
    registrations = Registration.objects.filter(person=person).values("pk")
    pair_ids = Pair.objects.filter(
        Q(mentor__in=registrations) | Q(mentee__in=registrations)
    ).values_list("pk", flat=True)
    return Q(pair_id__in=list(pair_ids))


def feed_sessions(user: Any, *, now: datetime | None = None) -> QuerySet[Session]:
    """Every booked or held session of the user, and the recently cancelled ones."""
    now = now or timezone.now()
    person = getattr(user, "person", None)
    if person is None:
        return Session.objects.none()
    mine = _of_person(person)
    shown = Q(status__in=(SessionStatus.BOOKED, SessionStatus.HELD)) | Q(
        status=SessionStatus.CANCELLED,
        cancelled_at__gte=now - FEED_KEEPS_CANCELLED_FOR,
        ical_sequence__gt=0,
    )
    return _with_details(Session.objects.filter(mine, shown)).order_by("starts_at", "id")


def upcoming_sessions_of(user: Any, *, now: datetime, limit: int) -> list[Session]:
    """The user's next booked sessions across their live pairs, soonest first."""
    person = getattr(user, "person", None)
    if person is None:
        return []
    mine = _of_person(person)
    return list(
        _with_details(
            Session.objects.filter(
                mine,
                status=SessionStatus.BOOKED,
                starts_at__gt=now,
                pair__status=PairStatus.LIVE,
            )
        ).order_by("starts_at", "id")[:limit]
    )


def live_feed_of(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def get_feed_by_token(token: str) -> CalendarFeed:
    """The live feed with this token; 404 for unknown and revoked tokens alike."""
    feed = (
        CalendarFeed.objects.select_related("user__person")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar")
    return feed


# --- cadence ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cadence:
    expected: int
    held: int
    days_since_last: int | None
    cadence_weeks: int

    @property
    def behind(self) -> int:
        return max(self.expected - self.held, 0)


def expected_sessions(
    *,
    live_at: datetime | None,
    cadence_weeks: int,
    ends_on: date,
    today: date,
    starts_on: date | None = None,
) -> int:
    """One session at the start, then one every `cadence_weeks`, until the program ends.

    The start is when the pair went live, or the program's first day if later.
    """
    if live_at is None:
        return 0
    start = max(timezone.localdate(live_at), starts_on or date.min)
    until = min(today, ends_on)
    if until < start:
        return 0
    return (until - start).days // (7 * max(cadence_weeks, 1)) + 1


def _cadence(
    *,
    live_at: datetime | None,
    cadence_weeks: int,
    starts_on: date,
    ends_on: date,
    held: int,
    last: datetime | None,
    today: date,
) -> Cadence:
    return Cadence(
        expected=expected_sessions(
            live_at=live_at,
            cadence_weeks=cadence_weeks,
            starts_on=starts_on,
            ends_on=ends_on,
            today=today,
        ),
        held=held,
        days_since_last=(today - timezone.localdate(last)).days if last is not None else None,
        cadence_weeks=cadence_weeks,
    )


def cadence(pair: Pair, *, today: date | None = None) -> Cadence:
    """Sessions held against the agreed rhythm; reads only the pair and its program."""
    return _cadence(
        live_at=pair.live_at,
        cadence_weeks=pair.program.cadence_weeks,
        starts_on=pair.program.starts_on,
        ends_on=pair.program.ends_on,
        held=pair.sessions_held,
        last=pair.last_session_at,
        today=today or timezone.localdate(),
    )


def cadence_for_pairs(pairs: QuerySet[Pair], *, today: date | None = None) -> dict[int, Cadence]:
    """Cadence of many pairs in one query: {pair id: Cadence}.

    The counters live on the pair (kept by the session services), so no
    session row is read; the arithmetic on the few columns is done here.
    """
    today = today or timezone.localdate()
    rows = pairs.values_list(
        "pk",
        "live_at",
        "program__cadence_weeks",
        "program__starts_on",
        "program__ends_on",
        "sessions_held",
        "last_session_at",
    )
    return {
        pk: _cadence(
            live_at=live_at,
            cadence_weeks=weeks,
            starts_on=starts_on,
            ends_on=ends_on,
            held=held,
            last=last,
            today=today,
        )
        for pk, live_at, weeks, starts_on, ends_on, held, last in rows
    }
