"""Writes for sessions: propose, accept, propose another time, reschedule, cancel, mark held.

The flow (see docs/participants/sessions-and-calendar.md):
- Either person proposes a time (PROPOSED). Only the *other* person can accept
  it (BOOKED); both then get an invite (.ics, METHOD:REQUEST).
- Instead of accepting, the other person may propose another time: the same
  session row moves to the new time and becomes *their* proposal, so the first
  person now accepts or counters. No invite was sent yet, so nothing to undo.
- A booked session can be rescheduled by either person: it stays BOOKED at the
  new time (no second round of accepting, so it never drops out of calendars),
  SEQUENCE goes up and both get the updated invite; the partner can move it
  again or cancel. Who moved it and why is recorded.
- Either person can cancel a proposed or booked session, with a reason; a
  booked one gets SEQUENCE+1 and a METHOD:CANCEL invite for both.
- After its start, either person marks a booked session held, which keeps the
  pair's counters (sessions_held, last_session_at) for cheap cadence reads.
Every write locks the session row; emails go out from a task after commit.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.events import event_happened
from upward.pairs.events import pair_changed
from upward.pairs.models import Pair, PairStatus, Session, SessionStatus
from upward.programs.models import AgendaTemplate, Registration

MAX_AHEAD = timedelta(days=366)
PAIR_CLOSED_REASON = "The pair was closed."
MIN_MINUTES, MAX_MINUTES = 15, 240


def _enqueue(session: Session, kind: str, actor: Registration) -> None:
    from upward.pairs.tasks import send_session_email

    session_id, by_id = session.pk, actor.pk
    transaction.on_commit(
        lambda: send_session_email.enqueue(session_id=session_id, kind=kind, by_id=by_id)
    )


def _check_member(pair: Pair, actor: Registration) -> None:
    if actor.pk not in (pair.mentor_id, pair.mentee_id):
        raise ApplicationError("Only the pair's mentor and mentee can plan its sessions.")


def _check_live(pair: Pair) -> None:
    if pair.status != PairStatus.LIVE:
        raise ApplicationError("Sessions can be planned only while the pair is live.")


def _check_time(starts_at: datetime, minutes: int, *, now: datetime) -> None:
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be timezone-aware")
    if starts_at <= now:
        raise ApplicationError("Choose a time in the future.")
    if starts_at > now + MAX_AHEAD:
        raise ApplicationError("Choose a time within the next year.")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ApplicationError(f"A session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes.")


def _lock(session: Session) -> Session:
    """The session, re-read under a row lock, with its pair."""
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("pair", "pair__program")
        .get(pk=session.pk)
    )
    return locked


def _save(session: Session, fields: list[str]) -> None:
    session.full_clean()
    session.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def session_propose(
    *,
    pair: Pair,
    actor: Registration,
    starts_at: datetime,
    minutes: int | None = None,
    agenda_template: AgendaTemplate | None = None,
    agenda: str = "",
    location: str = "",
    now: datetime | None = None,
) -> Session:
    """A new PROPOSED session; the partner is told and may accept or counter."""
    now = now or timezone.now()
    pair = Pair.objects.select_for_update().select_related("program").get(pk=pair.pk)
    _check_member(pair, actor)
    _check_live(pair)
    minutes = minutes or pair.program.session_minutes
    _check_time(starts_at, minutes, now=now)
    if agenda_template is not None and agenda_template.program_id != pair.program_id:
        raise ApplicationError("Pick an agenda from this program's library.")
    session = Session(
        pair=pair,
        starts_at=starts_at,
        minutes=minutes,
        status=SessionStatus.PROPOSED,
        proposed_by=actor,
        agenda_template=agenda_template,
        agenda=agenda.strip(),
        location=location.strip(),
        ical_uid=f"session-{uuid.uuid4().hex}@upward",
    )
    session.full_clean()
    session.save()
    audit_log(
        actor=actor.person.user,
        action="session.proposed",
        summary=f"Session proposed for pair {pair.pk} at {starts_at:%Y-%m-%d %H:%M} UTC",
        target=session,
        data={"pair": pair.pk, "by": actor.pk},
    )
    _enqueue(session, "proposed", actor)
    pair_changed(pair.pk)
    return session


@transaction.atomic
def session_accept(
    *, session: Session, actor: Registration, now: datetime | None = None
) -> Session:
    """The other person accepts a proposal: BOOKED, and both get the invite."""
    now = now or timezone.now()
    session = _lock(session)
    _check_member(session.pair, actor)
    _check_live(session.pair)
    if session.status != SessionStatus.PROPOSED:
        raise ApplicationError("This session is no longer waiting for an answer.")
    if session.proposed_by_id == actor.pk:
        raise ApplicationError("Your partner accepts the time you proposed.")
    if session.starts_at <= now:
        raise ApplicationError("This time has passed; propose another one.")
    session.status = SessionStatus.BOOKED
    session.changed_by = actor
    _save(session, ["status", "changed_by"])
    audit_log(
        actor=actor.person.user,
        action="session.accepted",
        summary=f"Session {session.pk} booked",
        target=session,
        data={"pair": session.pair_id, "by": actor.pk},
    )
    _enqueue(session, "booked", actor)
    pair_changed(session.pair_id)
    _event("session.booked", session)
    return session


@transaction.atomic
def session_counter_propose(
    *,
    session: Session,
    actor: Registration,
    starts_at: datetime,
    reason: str = "",
    now: datetime | None = None,
) -> Session:
    """The other person proposes another time instead: the proposal becomes theirs."""
    now = now or timezone.now()
    session = _lock(session)
    _check_member(session.pair, actor)
    _check_live(session.pair)
    if session.status != SessionStatus.PROPOSED:
        raise ApplicationError("This session is no longer waiting for an answer.")
    if session.proposed_by_id == actor.pk:
        raise ApplicationError("Cancel your proposal and propose a new time instead.")
    _check_time(starts_at, session.minutes, now=now)
    previous = session.starts_at
    session.starts_at = starts_at
    session.proposed_by = actor
    session.changed_by = actor
    session.change_reason = reason.strip()
    _save(session, ["starts_at", "proposed_by", "changed_by", "change_reason"])
    audit_log(
        actor=actor.person.user,
        action="session.counter_proposed",
        summary=f"Another time proposed for session {session.pk}",
        target=session,
        data={"pair": session.pair_id, "by": actor.pk, "previous": previous.isoformat()},
    )
    _enqueue(session, "countered", actor)
    pair_changed(session.pair_id)
    return session


@transaction.atomic
def session_reschedule(
    *,
    session: Session,
    actor: Registration,
    starts_at: datetime,
    reason: str,
    now: datetime | None = None,
) -> Session:
    """Move a booked session: it stays booked, SEQUENCE+1, both get the updated invite."""
    now = now or timezone.now()
    if not reason.strip():
        raise ApplicationError("Say why the session moves.")
    session = _lock(session)
    _check_member(session.pair, actor)
    _check_live(session.pair)
    if session.status != SessionStatus.BOOKED:
        raise ApplicationError("Only a booked session can be rescheduled.")
    _check_time(starts_at, session.minutes, now=now)
    previous = session.starts_at
    session.starts_at = starts_at
    session.changed_by = actor
    session.change_reason = reason.strip()
    session.reschedule_count += 1
    session.ical_sequence += 1
    session.reminder_sent_at = None  # the reminder is due again before the new time
    _save(
        session,
        [
            "starts_at",
            "changed_by",
            "change_reason",
            "reschedule_count",
            "ical_sequence",
            "reminder_sent_at",
        ],
    )
    audit_log(
        actor=actor.person.user,
        action="session.rescheduled",
        summary=f"Session {session.pk} rescheduled",
        target=session,
        data={"pair": session.pair_id, "by": actor.pk, "previous": previous.isoformat()},
    )
    _enqueue(session, "updated", actor)
    pair_changed(session.pair_id)
    return session


@transaction.atomic
def session_cancel(
    *, session: Session, actor: Registration, reason: str, now: datetime | None = None
) -> Session:
    """Cancel a proposed or booked session; who and why are kept for cadence reports."""
    now = now or timezone.now()
    if not reason.strip():
        raise ApplicationError("Say why the session is cancelled.")
    session = _lock(session)
    _check_member(session.pair, actor)
    if session.status not in (SessionStatus.PROPOSED, SessionStatus.BOOKED):
        raise ApplicationError("This session can no longer be cancelled.")
    was_booked = session.status == SessionStatus.BOOKED
    session.status = SessionStatus.CANCELLED
    session.changed_by = actor
    session.change_reason = reason.strip()
    session.cancelled_at = now
    fields = ["status", "changed_by", "change_reason", "cancelled_at"]
    if was_booked:  # calendars hold the event: the cancellation must outrank it
        session.ical_sequence += 1
        fields.append("ical_sequence")
    _save(session, fields)
    audit_log(
        actor=actor.person.user,
        action="session.cancelled",
        summary=f"Session {session.pk} cancelled by the {actor.role}",
        target=session,
        data={"pair": session.pair_id, "by": actor.pk, "was_booked": was_booked},
    )
    _enqueue(session, "cancelled", actor)
    pair_changed(session.pair_id)
    return session


@transaction.atomic
def session_mark_held(
    *, session: Session, actor: Registration, now: datetime | None = None
) -> Session:
    """Record that a booked session took place and keep the pair's cadence counters."""
    now = now or timezone.now()
    session = _lock(session)
    _check_member(session.pair, actor)
    if session.status != SessionStatus.BOOKED:
        raise ApplicationError("Only a booked session can be marked as held.")
    if session.starts_at > now:
        raise ApplicationError("A session can be marked as held once it has started.")
    session.status = SessionStatus.HELD
    session.changed_by = actor
    _save(session, ["status", "changed_by"])
    pair = Pair.objects.select_for_update().get(pk=session.pair_id)
    last = pair.last_session_at
    pair.sessions_held += 1
    pair.last_session_at = session.starts_at if last is None else max(last, session.starts_at)
    pair.save(update_fields=["sessions_held", "last_session_at", "updated_at"])
    audit_log(
        actor=actor.person.user,
        action="session.held",
        summary=f"Session {session.pk} held",
        target=session,
        data={"pair": pair.pk, "by": actor.pk},
    )
    pair_changed(pair.pk)
    _event("session.held", session)
    return session


def _event(event_type: str, session: Session) -> None:
    program = session.pair.program
    event_happened(
        event_type,
        {
            "session_id": session.pk,
            "pair_id": session.pair_id,
            "program_id": program.pk,
            "program_name": program.name,
            "starts_at": session.starts_at.isoformat(),
        },
        program_id=program.pk,
    )


def sessions_cancel_for_closed_pair(*, pair: Pair, now: datetime) -> int:
    """Cancel every session of a pair that was just closed and has not started yet.

    Called by pair_end / pair_complete inside their transaction, with the pair
    locked. Booked sessions sit in both calendars, so they get SEQUENCE+1 and a
    METHOD:CANCEL invite; proposed ones simply close. Nobody in the pair did
    it, so changed_by stays empty and the reason says the pair was closed.
    """
    upcoming = list(
        Session.objects.select_for_update()
        .filter(
            pair=pair,
            status__in=(SessionStatus.PROPOSED, SessionStatus.BOOKED),
            starts_at__gt=now,
        )
        .order_by("starts_at")
    )
    for session in upcoming:
        fields = ["status", "changed_by", "change_reason", "cancelled_at"]
        if session.status == SessionStatus.BOOKED:
            session.ical_sequence += 1
            fields.append("ical_sequence")
        session.status = SessionStatus.CANCELLED
        session.changed_by = None
        session.change_reason = PAIR_CLOSED_REASON
        session.cancelled_at = now
        _save(session, fields)
        session_id = session.pk
        transaction.on_commit(
            lambda session_id=session_id: _send_cancellation(session_id)  # type: ignore[misc]
        )
    return len(upcoming)


def _send_cancellation(session_id: int) -> None:
    from upward.pairs.tasks import send_session_email

    send_session_email.enqueue(session_id=session_id, kind="cancelled", by_id=None)
