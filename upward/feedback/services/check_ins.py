"""Check-ins: asked of both people once a session's end has passed, answered privately.

The prompt sweep claims each ended session once (a unique row per person and
session), creates both check-ins and emails each person their own, with
one-tap answers to the first question. The one-tap link carries a signed,
single-use nonce: it records that one answer, for someone not signed in too,
and then only the signed-in form can change it. A check-in expires 14 days
after the session.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.sweeps import sweep_each
from upward.feedback.models import CheckIn, Fit, TookPlace, Usefulness
from upward.feedback.services.health import pair_health_refresh
from upward.feedback.tasks import send_check_in
from upward.notifications.email import absolute_url, send_email
from upward.pairs.models import PairStatus, Session, SessionStatus
from upward.pairs.services.sessions import session_mark_held
from upward.programs.models import Registration

LIFETIME = timedelta(days=14)
TAP_SALT = "upward.feedback.check-in-tap"
MAX_COMMENT = 2000
PROMPTABLE = (SessionStatus.BOOKED, SessionStatus.HELD)


class TapError(ApplicationError):
    """A one-tap link that cannot record anything, with a reason for the page."""


def _ends_at(session: Session) -> datetime:
    return session.starts_at + timedelta(minutes=session.minutes)


def _asks_fit(session: Session) -> bool:
    """The fit question comes after the first session and then every third (1, 4, 7, …)."""
    before = Session.objects.filter(
        pair_id=session.pair_id, status__in=PROMPTABLE, starts_at__lt=session.starts_at
    ).count()
    return before % 3 == 0


def due_sessions(*, now: datetime) -> list[int]:
    """Sessions of live pairs that ended in the last 14 days and have no check-ins yet."""
    candidates = (
        Session.objects.filter(
            status__in=PROMPTABLE,
            pair__status=PairStatus.LIVE,
            starts_at__lte=now,
            starts_at__gte=now - LIFETIME,
            check_ins__isnull=True,
        )
        .order_by("starts_at")
        .values_list("pk", "starts_at", "minutes")
    )
    return [
        pk for pk, starts_at, minutes in candidates if starts_at + timedelta(minutes=minutes) <= now
    ]


def check_ins_prompt(*, now: datetime | None = None) -> int:
    """Create and send the check-ins of every session that has just ended; how many sessions."""
    now = now or timezone.now()
    return sweep_each(due_sessions(now=now), lambda pk: _prompt_one(pk, now), what="check-in")


@transaction.atomic
def _prompt_one(session_id: int, now: datetime) -> bool:
    session = (
        Session.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("pair__program", "pair__mentor__person", "pair__mentee__person")
        .filter(pk=session_id, status__in=PROMPTABLE)
        .first()
    )
    if session is None:
        return False
    ids = check_ins_create(session=session, now=now)
    if not ids:
        return False
    transaction.on_commit(lambda: [send_check_in.enqueue(pk) for pk in ids])
    return True


@transaction.atomic
def check_ins_create(*, session: Session, now: datetime) -> list[int]:
    """Both people's check-ins for a session that has ended, unsent; [] if they exist already.

    The sweep sends them; the demo writes past ones without sending a year of email.
    """
    ends = _ends_at(session)
    if ends > now:
        raise ApplicationError("A check-in is asked once the session has ended.")
    if session.status not in PROMPTABLE:
        raise ApplicationError("Only a session that was booked or held gets a check-in.")
    asks_fit = _asks_fit(session)
    created = []
    for author in (session.pair.mentor, session.pair.mentee):
        check_in = CheckIn(
            session=session,
            pair=session.pair,
            author=author,
            asks_fit=asks_fit,
            due_at=ends,
            expires_at=ends + LIFETIME,
            tap_nonce=secrets.token_hex(16),
        )
        check_in.full_clean(validate_constraints=False)
        created.append(check_in)
    try:
        with transaction.atomic():
            CheckIn.objects.bulk_create(created)
    except IntegrityError:
        return []  # another sweep created them a moment ago
    return [c.pk for c in CheckIn.objects.filter(session=session).order_by("pk")]


def tap_token(check_in: CheckIn, answer: str) -> str:
    return signing.dumps([check_in.pk, check_in.tap_nonce, answer], salt=TAP_SALT, compress=True)


def check_in_send(*, check_in_id: int) -> bool:
    """Email one person their check-in, with the one-tap answers; False if not sent."""
    check_in = (
        CheckIn.objects.select_related(
            "session",
            "pair__program",
            "author__person",
            "pair__mentor__person",
            "pair__mentee__person",
        )
        .filter(pk=check_in_id, answered_at__isnull=True)
        .first()
    )
    if check_in is None or not check_in.tap_nonce:
        return False
    person = check_in.author.person
    if not person.is_active or not person.email:
        return False
    pair = check_in.pair
    partner = pair.mentee if check_in.author_id == pair.mentor_id else pair.mentor
    taps = [
        (label, absolute_url(reverse("feedback:check_in_tap", args=[tap_token(check_in, value)])))
        for value, label in TookPlace.choices
    ]
    send_email(
        to=[person.email],
        subject=f"How was your session with {partner.person.name}? (one tap, private)",
        template="feedback/emails/check_in",
        context={
            "first_name": person.name.split()[0] if person.name else "",
            "partner_name": partner.person.name,
            "session": check_in.session,
            "program": pair.program,
            "taps": taps,
            "link": absolute_url(reverse("feedback:check_in", args=[pair.pk, check_in.pk])),
            "expires_at": check_in.expires_at,
        },
        recipient_timezone=person.timezone,
    )
    return True


def _read_tap(token: str) -> tuple[int, str, str]:
    try:
        check_in_id, nonce, answer = signing.loads(
            token, salt=TAP_SALT, max_age=LIFETIME + timedelta(days=1)
        )
    except signing.SignatureExpired:
        raise TapError(
            "This link has expired: check-ins close 14 days after the session."
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise TapError("This link is not valid: check that you copied all of it.") from None
    if answer not in TookPlace.values or not isinstance(check_in_id, int):
        raise TapError("This link is not valid: check that you copied all of it.")
    return check_in_id, str(nonce), answer


def check_in_for_tap(*, token: str, now: datetime | None = None) -> tuple[CheckIn, str]:
    """The check-in and the answer a one-tap link would record; TapError if it cannot."""
    check_in_id, nonce, answer = _read_tap(token)
    check_in = CheckIn.objects.select_related("pair", "session").filter(pk=check_in_id).first()
    if check_in is None:
        raise TapError("This link is not valid: check that you copied all of it.")
    _check_tappable(check_in, nonce, now or timezone.now())
    return check_in, answer


def _check_tappable(check_in: CheckIn, nonce: str, now: datetime) -> None:
    if not check_in.tap_nonce or not secrets.compare_digest(check_in.tap_nonce, nonce):
        raise TapError("This link has already been used. Your answer is recorded.")
    if now > check_in.expires_at:
        raise TapError("This check-in has closed: check-ins close 14 days after the session.")
    if check_in.session.status == SessionStatus.CANCELLED:
        raise TapError("This session was cancelled, so there is nothing to check in about.")


@transaction.atomic
def check_in_tap(*, token: str, now: datetime | None = None) -> CheckIn:
    """Record the first answer a one-tap link carries; the link is then spent."""
    now = now or timezone.now()
    check_in_id, nonce, answer = _read_tap(token)
    check_in = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("pair", "session", "author__person")
        .filter(pk=check_in_id)
        .first()
    )
    if check_in is None:
        raise TapError("This link is not valid: check that you copied all of it.")
    _check_tappable(check_in, nonce, now)
    return _record(check_in, now=now, took_place=answer, spend_link=True)


@transaction.atomic
def check_in_answer(
    *,
    check_in: CheckIn,
    actor: Registration,
    took_place: str,
    usefulness: int | None = None,
    fit: int | None = None,
    comment: str = "",
    share_comment: bool = False,
    now: datetime | None = None,
) -> CheckIn:
    """Record (or change, until it closes) one person's private check-in."""
    now = now or timezone.now()
    locked = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("pair", "session", "author__person")
        .get(pk=check_in.pk)
    )
    if locked.author_id != actor.pk:
        raise ApplicationError("Only the person it was asked of can answer a check-in.")
    if now > locked.expires_at:
        raise ApplicationError(
            "This check-in has closed: check-ins close 14 days after the session."
        )
    if locked.session.status == SessionStatus.CANCELLED:
        raise ApplicationError("This session was cancelled, so there is nothing to check in about.")
    if took_place not in TookPlace.values:
        raise ApplicationError("Say whether the session took place.")
    if usefulness is not None and usefulness not in Usefulness.values:
        raise ApplicationError("Choose one of the four answers about how useful it was.")
    if fit is not None and (fit not in Fit.values or not locked.asks_fit):
        raise ApplicationError("Choose one of the four answers about the fit.")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise ApplicationError(f"Keep the comment under {MAX_COMMENT} characters.")
    held = took_place == TookPlace.HELD
    locked.usefulness = usefulness if held else None
    locked.fit = fit if locked.asks_fit else None
    locked.comment = comment
    locked.share_comment = share_comment and bool(comment)
    return _record(locked, now=now, took_place=took_place, spend_link=True)


def _record(check_in: CheckIn, *, now: datetime, took_place: str, spend_link: bool) -> CheckIn:
    first = check_in.answered_at is None
    check_in.took_place = took_place
    check_in.answered_at = check_in.answered_at or now
    if spend_link:
        check_in.tap_nonce = ""
    check_in.full_clean(validate_constraints=False)
    check_in.save()
    if took_place == TookPlace.HELD:
        # Read the session again under its own lock (check-in, then session, then pair).
        # The session joined to the locked check-in was read before that lock was
        # granted: after a concurrent answer, it may be held already (on PostgreSQL,
        # 20 simultaneous submissions refused 19 with "Only a booked session ...").
        session = Session.objects.select_for_update().get(pk=check_in.session_id)
        # One "it took place" is enough to count the session held; a disagreement
        # from the other side shows in the pair's health. A session moved to a later
        # time since is not held yet.
        if session.status == SessionStatus.BOOKED and session.starts_at <= now:
            check_in.session = session_mark_held(session=session, actor=check_in.author, now=now)
    audit_log(
        actor=check_in.author.person.user,
        action="check_in.answered" if first else "check_in.updated",
        summary=f"Check-in {check_in.pk} answered",  # never the answers or the comment
        target=check_in,
        data={"pair": check_in.pair_id},
    )
    pair_health_refresh(pair_id=check_in.pair_id, now=now)
    return check_in
