"""Nudges: a reminder to a pair that is drifting, by the daily sweep or by a manager.

The automatic rule (docs/managers/monitoring.md): a live pair with no session
booked ahead and none held for more than 1.5 x its program's rhythm gets a
reminder to both people, with a link to propose a time. If a week later there is
still nothing, the program's managers are told. Never more than one nudge a
week to a pair, and never while a session is booked. Every nudge is recorded
and shown on the monitoring board.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import User
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.sweeps import sweep_each
from upward.feedback.models import Nudge, NudgeKind
from upward.notifications.email import absolute_url, send_email
from upward.pairs.events import pair_changed
from upward.pairs.models import Pair, PairStatus, Session, SessionStatus

QUIET_FACTOR = 1.5
AT_MOST_EVERY = timedelta(days=7)
MANUAL_AT_MOST_EVERY = timedelta(days=1)
MAX_MESSAGE = 2000


def _booked_ahead(pair: Pair, now: datetime) -> bool:
    return Session.objects.filter(
        pair=pair, status__in=(SessionStatus.BOOKED, SessionStatus.PROPOSED), starts_at__gt=now
    ).exists()


def _last_nudge(pair: Pair, *kinds: str) -> datetime | None:
    found: datetime | None = Nudge.objects.filter(pair=pair, kind__in=kinds).aggregate(
        m=Max("created_at")
    )["m"]
    return found


def _lock_live(pair: Pair) -> Pair:
    locked = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "mentor__person", "mentee__person")
        .get(pk=pair.pk)
    )
    if locked.status != PairStatus.LIVE:
        raise ApplicationError("Only a live pair can be nudged.")
    return locked


def _email_both(pair: Pair, *, template: str, subject: str, note: str, sender: str) -> None:
    people = [
        (pair.mentor.person, pair.mentee.person),
        (pair.mentee.person, pair.mentor.person),
    ]
    link = absolute_url(reverse("pairs:sessions", args=[pair.pk]))
    recipients = [
        (me.email, me.name.split()[0] if me.name else "", partner.name, me.timezone)
        for me, partner in people
        if me.is_active and me.email
    ]
    program_name = pair.program.name

    def send() -> None:
        for email, first_name, partner_name, zone in recipients:
            send_email(
                to=[email],
                subject=subject.format(partner=partner_name),
                template=template,
                context={
                    "first_name": first_name,
                    "partner_name": partner_name,
                    "program_name": program_name,
                    "note": note,
                    "sender": sender,
                    "link": link,
                },
                recipient_timezone=zone,
            )

    transaction.on_commit(send)


@transaction.atomic
def nudge_send(*, pair: Pair, actor: User, note: str = "", now: datetime | None = None) -> Nudge:
    """A manager's nudge: both people are reminded to book their next session."""
    now = now or timezone.now()
    locked = _lock_live(pair)
    if _booked_ahead(locked, now):
        raise ApplicationError(
            "They have a session booked ahead: no need to remind them to book one."
        )
    latest = _last_nudge(locked, NudgeKind.MANUAL, NudgeKind.PAIR)
    if latest is not None and latest > now - MANUAL_AT_MOST_EVERY:
        raise ApplicationError(
            "They were reminded less than a day ago; give them a day before another nudge."
        )
    note = note.strip()[:MAX_MESSAGE]
    nudge = Nudge.objects.create(pair=locked, kind=NudgeKind.MANUAL, sent_by=actor, note=note)
    pair_changed(locked.pk)  # the board shows the date of the last nudge
    _email_both(
        locked,
        template="feedback/emails/nudge",
        subject="Time to book your next session with {partner}",
        note=note,
        sender=actor.get_full_name(),
    )
    audit_log(actor=actor, action="pair.nudged", summary=f"Pair {locked.pk} nudged", target=locked)
    return nudge


@transaction.atomic
def pair_message_to_both(*, pair: Pair, actor: User, text: str) -> Nudge:
    """A manager writes to both people of a pair (by email; kept on the board)."""
    text = text.strip()
    if not text:
        raise ApplicationError("Write your message first.")
    if len(text) > MAX_MESSAGE:
        raise ApplicationError(f"Keep the message under {MAX_MESSAGE} characters.")
    locked = _lock_live(pair)
    nudge = Nudge.objects.create(pair=locked, kind=NudgeKind.MESSAGE, sent_by=actor, note=text)
    pair_changed(locked.pk)
    _email_both(
        locked,
        template="feedback/emails/manager_message",
        subject=f"A message from {actor.get_full_name()} about your pair in {locked.program.name}",
        note=text,
        sender=actor.get_full_name(),
    )
    audit_log(
        actor=actor,
        action="pair.manager_message_sent",
        summary=f"A manager wrote to both people of pair {locked.pk}",
        target=locked,
    )
    return nudge


def _quiet_for(pair: Pair, now: datetime) -> timedelta:
    last_held = Session.objects.filter(pair=pair, status=SessionStatus.HELD).aggregate(
        m=Max("starts_at")
    )["m"]
    start: datetime = pair.live_at or pair.created_at
    latest: datetime = max(last_held, start) if last_held is not None else start
    return now - latest


def drifting_pair_ids(*, now: datetime) -> list[int]:
    """Live pairs with nothing ahead, nudged not in the last week: the sweep checks each."""
    recently = Nudge.objects.filter(created_at__gt=now - AT_MOST_EVERY).values("pair_id")
    booked = Session.objects.filter(
        status__in=(SessionStatus.BOOKED, SessionStatus.PROPOSED), starts_at__gt=now
    ).values("pair_id")
    return list(
        Pair.objects.filter(status=PairStatus.LIVE)
        .exclude(Q(pk__in=recently) | Q(pk__in=booked))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def nudges_automatic(*, now: datetime | None = None) -> int:
    """Remind drifting pairs, then tell managers about pairs still drifting a week later."""
    now = now or timezone.now()
    return sweep_each(
        drifting_pair_ids(now=now), lambda pk: nudge_if_drifting(pair_id=pk, now=now), what="nudge"
    )


@transaction.atomic
def nudge_if_drifting(*, pair_id: int, now: datetime) -> bool:
    """Remind one pair, or tell its managers, if the rule says so; False if nothing was due."""
    pair = (
        Pair.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("program", "mentor__person", "mentee__person")
        .filter(pk=pair_id, status=PairStatus.LIVE)
        .first()
    )
    if pair is None or _booked_ahead(pair, now):
        return False
    latest = _last_nudge(pair, *NudgeKind.values)
    if latest is not None and latest > now - AT_MOST_EVERY:
        return False
    rhythm = timedelta(weeks=max(1, pair.program.cadence_weeks))
    if _quiet_for(pair, now) <= QUIET_FACTOR * rhythm:
        return False
    reminded = _last_nudge(pair, NudgeKind.PAIR)
    if (
        reminded is not None
        and reminded <= now - AT_MOST_EVERY
        and not _activity_since(pair, reminded)
    ):
        _tell_managers(pair)
        Nudge.objects.create(pair=pair, kind=NudgeKind.MANAGERS)
        pair_changed(pair.pk)
        audit_log(
            actor=None,
            action="pair.managers_told",
            summary=f"Pair {pair.pk} still drifting",
            target=pair,
        )
        return True
    Nudge.objects.create(pair=pair, kind=NudgeKind.PAIR)
    pair_changed(pair.pk)
    _email_both(
        pair,
        template="feedback/emails/nudge",
        subject="Time to book your next session with {partner}",
        note="",
        sender="",
    )
    audit_log(actor=None, action="pair.nudged", summary=f"Pair {pair.pk} reminded", target=pair)
    return True


def _activity_since(pair: Pair, moment: datetime) -> bool:
    return Session.objects.filter(pair=pair, created_at__gt=moment).exists()


def _tell_managers(pair: Pair) -> None:
    managers = list(
        User.objects.filter(program_manager_links__program=pair.program_id, is_active=True)
    )
    link = absolute_url(reverse("feedback:board", args=[pair.program_id]))
    names = f"{pair.mentor.person.name} and {pair.mentee.person.name}"
    program_name = pair.program.name
    recipients = [(m.email, m.get_short_name()) for m in managers if m.email]

    def send() -> None:
        for email, first_name in recipients:
            send_email(
                to=[email],
                subject=f"{names} have still not met ({program_name})",
                template="feedback/emails/still_drifting",
                context={
                    "first_name": first_name,
                    "names": names,
                    "program_name": program_name,
                    "link": link,
                },
            )

    transaction.on_commit(send)
