"""Confidential concerns: raised by one person of a pair, handled by neutral people only.

Who handles a concern is decided once, when it is raised: the program's
concern contacts (its managers when none are named), less anyone who must never
read it: the other person of the pair, and everyone in either person's
reporting line upwards. If nobody is left, the administrators, under the same
exclusion. Escalation (not acknowledged within 3 working days) adds the
administrators, under the same exclusion again. The concern's words stay with
it: emails say only that a concern was raised, and the audit log records who
did what, never the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import Role, User
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.events import event_happened
from upward.core.sweeps import sweep_each
from upward.feedback.models import (
    CONCERN_TRANSITIONS,
    Concern,
    ConcernCategory,
    ConcernContact,
    ConcernHandler,
    ConcernMessage,
    ConcernStatus,
    HandlerReason,
)
from upward.feedback.services.health import pair_health_refresh
from upward.notifications.email import absolute_url, send_email
from upward.pairs.models import Pair, PairStatus
from upward.people.models import Person
from upward.programs.models import Program, Registration

MAX_TEXT = 5000
ESCALATE_AFTER_WORKING_DAYS = 3


def excluded_users(pair: Pair) -> set[int]:
    """Logins that must never read a concern about `pair`: both people and their lines up."""
    person_ids = {pair.mentor.person_id, pair.mentee.person_id}
    for registration in (pair.mentor, pair.mentee):
        person_ids.update(registration.person.ancestor_ids)
    return set(
        Person.objects.filter(pk__in=person_ids, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )


def _contacts(program: Program) -> list[User]:
    named = list(
        User.objects.filter(pk__in=ConcernContact.objects.filter(program=program).values("user_id"))
    )
    if named:
        return named
    return list(User.objects.filter(program_manager_links__program=program))


def _administrators() -> list[User]:
    return list(User.objects.filter(role=Role.ADMINISTRATOR, is_active=True))


def concern_handlers_for(pair: Pair) -> tuple[list[User], str]:
    """(the people a new concern about `pair` goes to, why them)."""
    excluded = excluded_users(pair)
    contacts = [u for u in _contacts(pair.program) if u.is_active and u.pk not in excluded]
    if contacts:
        return contacts, HandlerReason.CONTACT
    admins = [u for u in _administrators() if u.pk not in excluded]
    return admins, HandlerReason.ADMINISTRATOR


def _lock_pair_of(registration: Registration, pair: Pair) -> Pair:
    locked = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "mentor__person", "mentee__person")
        .get(pk=pair.pk)
    )
    if registration.pk not in (locked.mentor_id, locked.mentee_id):
        raise ApplicationError("You can raise a concern only about a pair you are in.")
    if locked.status not in (PairStatus.LIVE, PairStatus.ENDED, PairStatus.COMPLETED):
        raise ApplicationError("A concern is raised about a pair that has started.")
    return locked


@transaction.atomic
def concern_raise(*, pair: Pair, actor: Registration, category: str, text: str) -> Concern:
    """Raise a confidential concern; its handlers are told that one exists, nothing more."""
    locked = _lock_pair_of(actor, pair)
    if category not in ConcernCategory.values:
        raise ApplicationError("Choose what the concern is about.")
    text = text.strip()
    if not text:
        raise ApplicationError("Say what happened, in your own words.")
    if len(text) > MAX_TEXT:
        raise ApplicationError(f"Keep it under {MAX_TEXT} characters; you can add more later.")
    about = locked.mentee if actor.pk == locked.mentor_id else locked.mentor
    concern = Concern(
        program=locked.program,
        pair=locked,
        raised_by=actor,
        about=about,
        category=category,
        text=text,
    )
    concern.full_clean()
    concern.save()
    handlers, reason = concern_handlers_for(locked)
    ConcernHandler.objects.bulk_create(
        [ConcernHandler(concern=concern, user=user, reason=reason) for user in handlers]
    )
    # The audit log names no raiser: administrators read it, and one of them may sit in
    # either person's reporting line. The handlers know who raised it from the concern.
    audit_log(
        actor=None,
        action="concern.raised",
        summary=f"A concern was raised in {locked.program.name}",  # never the words
        target=concern,
        data={"handlers": [u.pk for u in handlers], "routed_to": reason},
    )
    _notify(concern, handlers, escalated=False)
    pair_health_refresh(pair_id=locked.pk)
    # Only that a concern exists: never its words, its category or anyone's name.
    event_happened(
        "concern.raised",
        {"program_id": locked.program_id, "program_name": locked.program.name},
        program_id=locked.program_id,
    )
    return concern


def _notify(concern: Concern, users: Iterable[User], *, escalated: bool) -> None:
    concern_id, program_name = concern.pk, concern.program.name
    recipients = [(u.email, u.get_short_name()) for u in users if u.email]

    def send() -> None:
        link = absolute_url(reverse("feedback:concern", args=[concern_id]))
        for email, name in recipients:
            send_email(
                to=[email],
                subject=(
                    f"A concern in {program_name} has waited 3 working days"
                    if escalated
                    else f"A confidential concern was raised in {program_name}"
                ),
                template="feedback/emails/concern_raised",
                context={
                    "first_name": name,
                    "program_name": program_name,
                    "link": link,
                    "escalated": escalated,
                },
            )

    transaction.on_commit(send)


def _tell(concern: Concern, *, to_raiser: bool, news: str, except_user: User | None = None) -> None:
    """A content-free email about a concern's thread: what happened, never what was written.

    To the raiser (`to_raiser`) or to its handlers, each reading the news and a link.
    """
    program_name = concern.program.name
    if to_raiser:
        person = concern.raised_by.person
        recipients = (
            [(person.email, person.name.split()[0] if person.name else "")]
            if person.is_active and person.email
            else []
        )
        subject = f"News about the concern you raised in {program_name}"
    else:
        handlers = User.objects.filter(
            pk__in=ConcernHandler.objects.filter(concern=concern).values("user_id"), is_active=True
        )
        if except_user is not None:
            handlers = handlers.exclude(pk=except_user.pk)
        recipients = [(u.email, u.get_short_name()) for u in handlers if u.email]
        subject = f"News about a concern you handle in {program_name}"
    concern_id = concern.pk

    def send() -> None:
        link = absolute_url(reverse("feedback:concern", args=[concern_id]))
        for email, name in recipients:
            send_email(
                to=[email],
                subject=subject,
                template="feedback/emails/concern_news",
                context={
                    "first_name": name,
                    "program_name": program_name,
                    "news": news,
                    "link": link,
                    "to_raiser": to_raiser,
                },
            )

    transaction.on_commit(send)


def _lock(concern: Concern) -> Concern:
    return (
        Concern.objects.select_for_update(of=("self",))
        .select_related("program", "pair", "raised_by__person")
        .get(pk=concern.pk)
    )


def is_handler(concern: Concern, user: User) -> bool:
    return ConcernHandler.objects.filter(concern=concern, user=user).exists()


def _move(concern: Concern, to: str) -> None:
    if to not in CONCERN_TRANSITIONS[concern.status]:
        raise ApplicationError(
            f"A concern that is {concern.get_status_display().lower()} cannot be {to}."
        )
    concern.status = to


@transaction.atomic
def concern_acknowledge(*, concern: Concern, actor: User, now: datetime | None = None) -> Concern:
    locked = _lock(concern)
    if not is_handler(locked, actor):
        raise ApplicationError("Only the people handling this concern can acknowledge it.")
    _move(locked, ConcernStatus.ACKNOWLEDGED)
    locked.acknowledged_at = now or timezone.now()
    locked.save(update_fields=["status", "acknowledged_at", "updated_at"])
    audit_log(
        actor=actor, action="concern.acknowledged", summary="Concern acknowledged", target=locked
    )
    _tell(locked, to_raiser=True, news="Someone who handles it has acknowledged it: they have it.")
    return locked


@transaction.atomic
def concern_resolve(
    *, concern: Concern, actor: User, outcome: str, now: datetime | None = None
) -> Concern:
    locked = _lock(concern)
    if not is_handler(locked, actor):
        raise ApplicationError("Only the people handling this concern can resolve it.")
    outcome = outcome.strip()
    if not outcome:
        raise ApplicationError("Say what was done: the person who raised it reads this.")
    if len(outcome) > MAX_TEXT:
        raise ApplicationError(f"Keep the outcome under {MAX_TEXT} characters.")
    _move(locked, ConcernStatus.RESOLVED)
    locked.outcome = outcome
    locked.closed_at = now or timezone.now()
    locked.acknowledged_at = locked.acknowledged_at or locked.closed_at
    locked.save(update_fields=["status", "outcome", "closed_at", "acknowledged_at", "updated_at"])
    audit_log(actor=actor, action="concern.resolved", summary="Concern resolved", target=locked)
    pair_health_refresh(pair_id=locked.pair_id)
    _tell(locked, to_raiser=True, news="It has been resolved: you can read what was done.")
    return locked


@transaction.atomic
def concern_withdraw(
    *, concern: Concern, actor: Registration, now: datetime | None = None
) -> Concern:
    locked = _lock(concern)
    if locked.raised_by_id != actor.pk:
        raise ApplicationError("Only the person who raised a concern can withdraw it.")
    _move(locked, ConcernStatus.WITHDRAWN)
    locked.closed_at = now or timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    audit_log(
        actor=None,  # as when it was raised: the raiser stays out of the log
        action="concern.withdrawn",
        summary="Concern withdrawn",
        target=locked,
    )
    _tell(locked, to_raiser=False, news="The person who raised it has withdrawn it.")
    pair_health_refresh(pair_id=locked.pair_id)
    return locked


@transaction.atomic
def concern_message_post(*, concern: Concern, actor: User, text: str) -> ConcernMessage:
    """A message in the concern's private thread, from its raiser or a handler."""
    locked = _lock(concern)
    from_raiser = locked.raised_by.person.user_id == actor.pk
    if not from_raiser and not is_handler(locked, actor):
        raise ApplicationError(
            "Only the person who raised the concern and its handlers write here."
        )
    text = text.strip()
    if not text:
        raise ApplicationError("Write something first.")
    if len(text) > MAX_TEXT:
        raise ApplicationError(f"Keep the message under {MAX_TEXT} characters.")
    message = ConcernMessage(concern=locked, author=actor, from_raiser=from_raiser, text=text)
    message.full_clean()
    message.save()
    audit_log(
        actor=None if from_raiser else actor,
        action="concern.message_posted",
        summary="A message in a concern's thread",
        target=locked,
        data={"from_raiser": from_raiser},
    )
    if from_raiser:
        _tell(locked, to_raiser=False, news="The person who raised it has written a message.")
    else:
        _tell(locked, to_raiser=True, news="Someone who handles it has written to you.")
        _tell(
            locked,
            to_raiser=False,
            news="Another person handling it has written in its thread.",
            except_user=actor,
        )
    return message


def working_days_after(start: datetime, days: int) -> datetime:
    """`start` plus `days` working days (Monday to Friday)."""
    moment, left = start, days
    while left:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def concerns_escalate(*, now: datetime | None = None) -> int:
    """Add the administrators to concerns nobody acknowledged in 3 working days."""
    now = now or timezone.now()
    waiting = Concern.objects.filter(
        status=ConcernStatus.OPEN, escalated_at__isnull=True
    ).values_list("pk", "created_at")
    due = [
        pk
        for pk, created in waiting
        if working_days_after(created, ESCALATE_AFTER_WORKING_DAYS) <= now
    ]
    return sweep_each(due, lambda pk: _escalate_one(pk, now), what="concern escalation")


@transaction.atomic
def _escalate_one(concern_id: int, now: datetime) -> bool:
    concern = (
        Concern.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("program", "pair__mentor__person", "pair__mentee__person")
        .filter(pk=concern_id, status=ConcernStatus.OPEN, escalated_at__isnull=True)
        .first()
    )
    if concern is None:
        return False
    excluded = excluded_users(concern.pair)
    already = set(ConcernHandler.objects.filter(concern=concern).values_list("user_id", flat=True))
    added = [u for u in _administrators() if u.pk not in excluded and u.pk not in already]
    ConcernHandler.objects.bulk_create(
        [ConcernHandler(concern=concern, user=u, reason=HandlerReason.ESCALATION) for u in added]
    )
    concern.escalated_at = now
    concern.save(update_fields=["escalated_at", "updated_at"])
    audit_log(
        actor=None,
        action="concern.escalated",
        summary="Concern not acknowledged in 3 working days: administrators added",
        target=concern,
        data={"added": [u.pk for u in added]},
    )
    _notify(concern, added, escalated=True)
    return True


@transaction.atomic
def concern_contacts_set(*, program: Program, actor: User, users: Iterable[User]) -> list[User]:
    """Name the people a program's concerns go to (an empty list: its managers)."""
    chosen = {u.pk: u for u in users}
    ConcernContact.objects.filter(program=program).exclude(user_id__in=chosen).delete()
    existing = set(ConcernContact.objects.filter(program=program).values_list("user_id", flat=True))
    ConcernContact.objects.bulk_create(
        [ConcernContact(program=program, user=u) for pk, u in chosen.items() if pk not in existing]
    )
    audit_log(
        actor=actor,
        action="program.concern_contacts_updated",
        summary=f"Concern contacts of “{program.name}” set",
        target=program,
        data={"users": sorted(chosen)},
    )
    return list(chosen.values())


__all__ = [
    "concern_acknowledge",
    "concern_contacts_set",
    "concern_handlers_for",
    "concern_message_post",
    "concern_raise",
    "concern_resolve",
    "concern_withdraw",
    "concerns_escalate",
    "excluded_users",
]
