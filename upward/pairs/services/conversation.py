"""Writes for the pair's conversation: session notes, "what I learned" entries, messages,
and the batched email that tells a person their partner wrote.

Audit entries record the fact ("Jo added a private note to session 4"), never
the words: notes and messages are the pair's own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.notifications.email import absolute_url, send_email
from upward.pairs.events import pair_changed
from upward.pairs.models import (
    Learning,
    Message,
    NoteVisibility,
    Pair,
    PairStatus,
    Session,
    SessionNote,
)
from upward.programs.models import Registration

logger = logging.getLogger(__name__)

MESSAGE_MAX_CHARS = 5000
NOTE_MAX_CHARS = 20000
LEARNING_MAX_CHARS = 2000
# A burst of messages becomes one email: nobody is emailed until the writer has
# been quiet this long.
DIGEST_QUIET_PERIOD = timedelta(minutes=10)
DIGEST_FIRST_LINE_CHARS = 140
DIGEST_MAX_LISTED = 10

_LEARNING_STATUSES = (PairStatus.LIVE, PairStatus.ENDED, PairStatus.COMPLETED)


def _clean_text(text: str, *, max_chars: int, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(f"Write something before saving the {what}.")
    if len(text) > max_chars:
        raise ApplicationError(
            f"That {what} is {len(text):,} characters long; the limit is {max_chars:,}."
        )
    return text


def _check_member(pair: Pair, actor: Registration) -> None:
    if actor.pk not in (pair.mentor_id, pair.mentee_id):
        raise ApplicationError("Only the pair's mentor and mentee can write here.")


def _check_live(pair: Pair) -> None:
    if pair.status != PairStatus.LIVE:
        raise ApplicationError("This pair has closed: its conversation can be read, not changed.")


# --- Session notes ---------------------------------------------------------------


@transaction.atomic
def note_add(*, session: Session, actor: Registration, visibility: str, text: str) -> SessionNote:
    """A note on a session. Private notes are read by their author alone."""
    pair = session.pair
    _check_member(pair, actor)
    _check_live(pair)
    if visibility not in NoteVisibility.values:
        raise ApplicationError("Choose who can read the note.")
    note = SessionNote(
        session=session,
        author=actor,
        visibility=visibility,
        text=_clean_text(text, max_chars=NOTE_MAX_CHARS, what="note"),
    )
    note.full_clean()
    note.save()
    audit_log(
        actor=actor.person.user,
        action="note.added",
        summary=f"{actor.person.name} added a {visibility} note to session {session.pk}",
        target=note,
        data={"pair_id": pair.pk, "session_id": session.pk, "visibility": visibility},
    )
    return note


def _lock_own_note(note: SessionNote, actor: Registration) -> SessionNote:
    locked = (
        SessionNote.objects.select_for_update()
        .select_related("session__pair")
        .filter(pk=note.pk, author=actor)
        .first()
    )
    if locked is None:
        raise ApplicationError("Only the author of a note can change it.")
    return locked


@transaction.atomic
def note_update(
    *, note: SessionNote, actor: Registration, visibility: str, text: str
) -> SessionNote:
    """The author rewrites their note, and may share it or make it private again."""
    note = _lock_own_note(note, actor)
    _check_live(note.session.pair)
    if visibility not in NoteVisibility.values:
        raise ApplicationError("Choose who can read the note.")
    note.text = _clean_text(text, max_chars=NOTE_MAX_CHARS, what="note")
    note.visibility = visibility
    note.full_clean()
    note.save(update_fields=["text", "visibility", "updated_at"])
    audit_log(
        actor=actor.person.user,
        action="note.updated",
        summary=f"{actor.person.name} changed a note on session {note.session_id}",
        target=note,
        data={"pair_id": note.session.pair_id, "visibility": visibility},
    )
    return note


@transaction.atomic
def note_delete(*, note: SessionNote, actor: Registration) -> None:
    """The author deletes their note; it is gone for good."""
    note = _lock_own_note(note, actor)
    _check_live(note.session.pair)
    audit_log(
        actor=actor.person.user,
        action="note.deleted",
        summary=f"{actor.person.name} deleted a note on session {note.session_id}",
        target=note,
        data={"pair_id": note.session.pair_id},
    )
    note.delete()


# --- What I learned ----------------------------------------------------------------


@transaction.atomic
def learning_add(
    *, pair: Pair, actor: Registration, text: str, session: Session | None = None
) -> Learning:
    """A "what I learned" entry, from either side; it feeds the program's outcome report.
    Still allowed once the pair has closed: the end is when many people reflect."""
    _check_member(pair, actor)
    if pair.status not in _LEARNING_STATUSES:
        raise ApplicationError("This pair has not started yet.")
    if session is not None and session.pair_id != pair.pk:
        raise ApplicationError("That session belongs to another pair.")
    learning = Learning(
        pair=pair,
        author=actor,
        session=session,
        text=_clean_text(text, max_chars=LEARNING_MAX_CHARS, what="entry"),
    )
    learning.full_clean()
    learning.save()
    audit_log(
        actor=actor.person.user,
        action="learning.added",
        summary=f"{actor.person.name} recorded what they learned",
        target=learning,
        data={"pair_id": pair.pk, "session_id": session.pk if session else None},
    )
    return learning


# --- Messages ------------------------------------------------------------------------


@transaction.atomic
def message_post(*, pair: Pair, actor: Registration, text: str) -> Message:
    """A message in the pair's thread. Stored as typed; every page escapes it.
    The partner hears about it in a batched email (`messages_notify_batch`)."""
    _check_member(pair, actor)
    _check_live(pair)
    message = Message(
        pair=pair,
        author=actor,
        text=_clean_text(text, max_chars=MESSAGE_MAX_CHARS, what="message"),
    )
    message.full_clean()
    message.save()
    audit_log(
        actor=actor.person.user,
        action="message.posted",
        summary=f"{actor.person.name} wrote in the thread of pair {pair.pk}",
        target=message,
        data={"pair_id": pair.pk},
    )
    pair_changed(pair.pk)
    return message


def first_line(text: str, *, limit: int = DIGEST_FIRST_LINE_CHARS) -> str:
    """The first non-empty line of a message, shortened for an email preview."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class DigestResult:
    emails: int = 0
    messages: int = 0
    failed: int = 0  # groups whose email failed; they are retried at the next sweep


def messages_notify_batch(*, now: datetime | None = None) -> DigestResult:
    """Email each person once about the messages their partner sent them.

    A (pair, author) group is due once its newest unnotified message is older
    than the quiet period, so a burst of ten messages is one email. Each group
    is claimed in its own transaction with SELECT ... FOR UPDATE SKIP LOCKED,
    so several workers can sweep at once and nobody is emailed twice. If an
    email fails, that group's transaction rolls back (its messages stay
    unnotified for the next sweep) and the sweep goes on with the others.
    """
    now = now or timezone.now()
    cutoff = now - DIGEST_QUIET_PERIOD
    groups = (
        Message.objects.filter(notified_at__isnull=True)
        .values("pair_id", "author_id")
        .annotate(newest=Max("created_at"))
        .filter(newest__lte=cutoff)
        .order_by("pair_id", "author_id")
    )
    emails = messages = failed = 0
    for group in list(groups):
        try:
            sent = _notify_group(
                pair_id=group["pair_id"], author_id=group["author_id"], cutoff=cutoff, now=now
            )
        except Exception:
            # One unreachable mailbox must not hold up everyone else's digest.
            logger.exception("Message digest for pair %s failed; retrying next sweep", group)
            failed += 1
            continue
        if sent:
            emails += 1
            messages += sent
    return DigestResult(emails=emails, messages=messages, failed=failed)


@transaction.atomic
def _notify_group(*, pair_id: int, author_id: int, cutoff: datetime, now: datetime) -> int:
    """Claim one author's unnotified messages in one pair and email the partner once.
    Returns how many messages the email listed (0 when another worker had them)."""
    claimed = list(
        Message.objects.select_for_update(skip_locked=True)
        .filter(pair_id=pair_id, author_id=author_id, notified_at__isnull=True)
        .order_by("id")
    )
    # Another worker holds them, or the author wrote again since we looked: later.
    if not claimed or max(message.created_at for message in claimed) > cutoff:
        return 0
    pair = Pair.objects.select_related("program", "mentor__person", "mentee__person").get(
        pk=pair_id
    )
    writer, recipient = (
        (pair.mentor, pair.mentee) if pair.mentor_id == author_id else (pair.mentee, pair.mentor)
    )
    Message.objects.filter(pk__in=[message.pk for message in claimed]).update(notified_at=now)
    if not recipient.person.is_active or not recipient.person.email:
        return 0
    sender = writer.person.name
    count = len(claimed)
    subject = (
        f"{sender} sent you a message in {pair.program.name}"
        if count == 1
        else f"{sender} sent you {count} messages in {pair.program.name}"
    )
    send_email(
        to=[recipient.person.email],
        subject=subject,
        template="pairs/emails/message_digest",
        context={
            "first_name": recipient.person.name.split()[0] if recipient.person.name else "",
            "sender": sender,
            "program": pair.program,
            "count": count,
            "previews": [first_line(message.text) for message in claimed[-DIGEST_MAX_LISTED:]],
            "hidden": max(0, count - DIGEST_MAX_LISTED),
            "link": absolute_url(reverse("pairs:messages", args=[pair.pk])),
        },
        recipient_timezone=recipient.person.timezone,
    )
    return count
