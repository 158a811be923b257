"""Emails about sessions, and the reminder sweep.

Emails go out from tasks after the writing transaction committed. Each
person reads times in their own zone; a booked, moved or cancelled session
carries the .ics invite (same UID, current SEQUENCE) so calendar programs add,
move or remove the event.

The reminder sweep claims each due session in its own transaction with
SELECT ... FOR UPDATE SKIP LOCKED, sends, and stamps reminder_sent_at in the
same transaction: sweeps side by side never remind twice, and a failed send
leaves the session due for the next sweep.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.sweeps import sweep_each
from upward.notifications.email import Attachment, absolute_url, send_email
from upward.pairs.calendar import ICS_MIMETYPE, session_filename, session_invite
from upward.pairs.models import PairStatus, Session, SessionStatus
from upward.pairs.services.slots import zone_of
from upward.programs.models import Registration

REMIND_BEFORE = timedelta(hours=24)

SUBJECTS = {
    "proposed": "{partner} proposed a session: {when}",
    "countered": "{partner} proposed another time: {when}",
    "booked": "Booked: your session with {partner}, {when}",
    "updated": "Moved: your session with {partner} is now {when}",
    "cancelled": "Cancelled: your session with {partner}, {when}",
    "reminder": "Reminder: your session with {partner}, {when}",
}
# Who hears about it: the partner of whoever acted, or both people.
TO_PARTNER_ONLY = {"proposed", "countered"}
WITH_INVITE = {"booked", "updated", "cancelled"}
WITH_REASON = {"countered", "updated", "cancelled"}


def local_time(at: datetime, registration: Registration) -> str:
    """'Tue 25 Nov 2026, 14:00 (Europe/London)' in the person's own zone."""
    zone = zone_of(registration)
    return f"{at.astimezone(zone):%a %d %b %Y, %H:%M} ({zone.key})"


def _load(session_id: int) -> Session | None:
    return (
        Session.objects.select_related(
            "pair__program",
            "pair__mentor__person",
            "pair__mentee__person",
            "agenda_template",
            "changed_by__person",
        )
        .filter(pk=session_id)
        .first()
    )


def _context(
    session: Session, me: Registration, partner: Registration, kind: str
) -> dict[str, Any]:
    program = session.pair.program
    return {
        "session": session,
        "program": program,
        "first_name": me.person.name.split()[0] if me.person.name else "",
        "partner_name": partner.person.name,
        "when": local_time(session.starts_at, me),
        "partner_when": local_time(session.starts_at, partner),
        "agenda_title": session.agenda_template.title if session.agenda_template else "",
        # Only news that is a change carries the reason given for it.
        "reason": session.change_reason if kind in WITH_REASON else "",
        "changed_by_partner": session.changed_by_id == partner.pk,
        # Cancelled by nobody in the pair: the pair itself was closed.
        "pair_closed": session.changed_by_id is None
        and session.pair.status in (PairStatus.ENDED, PairStatus.COMPLETED),
        "link": absolute_url(reverse("pairs:sessions", args=[session.pair_id])),
        "team": f"The {program.name} team via Upward",
    }


def _send(session: Session, kind: str, me: Registration, partner: Registration) -> None:
    context = _context(session, me, partner, kind)
    attachments: list[Attachment] = []
    if kind in WITH_INVITE and session.ical_sequence >= (1 if kind == "cancelled" else 0):
        attachments.append((session_filename(session), session_invite(session), ICS_MIMETYPE))
    send_email(
        to=[me.person.email],
        subject=SUBJECTS[kind].format(partner=partner.person.name, when=context["when"]),
        template=f"pairs/emails/session_{kind}",
        context=context,
        attachments=attachments,
        # The zone `when` is written in: the one this person registered with.
        recipient_timezone=zone_of(me).key,
    )


def session_send_emails(*, session_id: int, kind: str, by_id: int | None = None) -> int:
    """Email one kind of news about a session; returns how many emails went out."""
    session = _load(session_id)
    if session is None or kind not in SUBJECTS or _is_over(session):
        return 0
    pair = session.pair
    people = [(pair.mentor, pair.mentee), (pair.mentee, pair.mentor)]
    sent = 0
    for me, partner in people:
        if kind in TO_PARTNER_ONLY and me.pk == by_id:
            continue
        if not me.person.is_active or not me.person.email:
            continue
        _send(session, kind, me, partner)
        sent += 1
    return sent


def _is_over(session: Session) -> bool:
    """News about a session that has already ended helps nobody: a task that ran late, or
    history recorded after the fact (the demo's past year), sends nothing."""
    return session.starts_at + timedelta(minutes=session.minutes) < timezone.now()


# --- reminders ---------------------------------------------------------------------


def _due(now: datetime) -> Any:
    return Session.objects.filter(
        status=SessionStatus.BOOKED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
        pair__status=PairStatus.LIVE,
    )


@transaction.atomic
def _remind_one(session_id: int, now: datetime) -> bool:
    claimed = (
        _due(now).select_for_update(skip_locked=True, of=("self",)).filter(pk=session_id).first()
    )
    if claimed is None:  # moved, cancelled or claimed by another sweep meanwhile
        return False
    # Stamp before sending: the write takes the lock where SELECT FOR UPDATE is a
    # no-op (SQLite), and a failed send rolls the stamp back with the transaction.
    stamped = Session.objects.filter(pk=claimed.pk, reminder_sent_at__isnull=True).update(
        reminder_sent_at=now, updated_at=now
    )
    if not stamped:
        return False
    session_send_emails(session_id=claimed.pk, kind="reminder")
    return True


def session_send_reminders(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Remind both people of each booked session starting within a day; once per time."""
    now = now or timezone.now()
    ids = list(_due(now).order_by("starts_at", "pk").values_list("pk", flat=True)[:limit])
    sent = sweep_each(ids, lambda pk: _remind_one(pk, now), what="Reminder for session")
    if sent:
        audit_log(
            actor=None,
            action="session.reminders_sent",
            summary=f"Session reminders: {sent} sessions",
            data={"reminded": sent},
        )
    return sent
