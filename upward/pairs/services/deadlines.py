"""The answer-deadline sweep: remind people who have not answered, then tell the managers.

Run by the `send_pair_reminders` management command (queued as a task). Each
pair is claimed in its own transaction with SELECT ... FOR UPDATE SKIP LOCKED
and re-checked under the lock, and the row records the sending in the same
transaction: sweeps running side by side never send the same email twice, and
a failed send leaves the row due for the next sweep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from upward.core.audit import audit_log
from upward.notifications.email import absolute_url, send_email
from upward.pairs.models import Answer, Pair, PairStatus
from upward.pairs.services.emails import pair_send_proposal_emails

logger = logging.getLogger(__name__)

# Reminder n is due this long before the deadline; never in a proposal's first day.
REMINDERS_BEFORE_DEADLINE = (timedelta(days=3), timedelta(days=1))
QUIET_AFTER_PUBLISHING = timedelta(days=1)


@dataclass(frozen=True)
class SweepResult:
    reminded: int
    escalated: int


def _due_for_reminder(now: datetime) -> QuerySet[Pair]:
    due = Q()
    for n, before in enumerate(REMINDERS_BEFORE_DEADLINE):
        due |= Q(reminders_sent=n, respond_by__lte=now + before)
    return Pair.objects.filter(
        due,
        status=PairStatus.PROPOSED,
        respond_by__gt=now,
        published_at__lte=now - QUIET_AFTER_PUBLISHING,
        escalated_at__isnull=True,
    )


def _due_for_escalation(now: datetime) -> QuerySet[Pair]:
    return Pair.objects.filter(
        status=PairStatus.PROPOSED, respond_by__lte=now, escalated_at__isnull=True
    )


def _claim(due: QuerySet[Pair], pair_id: int) -> Pair | None:
    return (
        due.select_for_update(skip_locked=True, of=("self",))
        .select_related("program", "mentor__person", "mentee__person")
        .filter(pk=pair_id)
        .first()
    )


@transaction.atomic
def _remind_one(pair_id: int, now: datetime) -> bool:
    pair = _claim(_due_for_reminder(now), pair_id)
    if pair is None:  # answered, reminded or claimed by another sweep meanwhile
        return False
    pair_send_proposal_emails(pair_id=pair.pk, reminder=True)
    Pair.objects.filter(pk=pair.pk).update(reminders_sent=F("reminders_sent") + 1, updated_at=now)
    return True


def _still_waiting_for(pair: Pair) -> list[str]:
    return [
        f"{registration.person.name} ({side})"
        for side, registration, answer in (
            ("mentor", pair.mentor, pair.mentor_answer),
            ("mentee", pair.mentee, pair.mentee_answer),
        )
        if answer == Answer.PENDING
    ]


@transaction.atomic
def _escalate_one(pair_id: int, now: datetime) -> bool:
    pair = _claim(_due_for_escalation(now), pair_id)
    if pair is None:
        return False
    managers = [user.email for user in pair.program.managers.filter(is_active=True)]
    if managers:
        send_email(
            to=managers,
            subject=f"{pair.program.name}: a proposal passed its answer deadline",
            template="pairs/emails/answer_overdue",
            context={
                "pair": pair,
                "program": pair.program,
                "mentor_name": pair.mentor.person.name,
                "mentee_name": pair.mentee.person.name,
                "waiting_for": _still_waiting_for(pair),
                "link": absolute_url(reverse("pairs:program_pairs", args=[pair.program_id])),
            },
        )
    Pair.objects.filter(pk=pair.pk).update(escalated_at=now, updated_at=now)
    return True


def _sweep(ids: list[int], step: Callable[[int, datetime], bool], now: datetime, what: str) -> int:
    done = 0
    for pair_id in ids:
        try:
            if step(pair_id, now):
                done += 1
        except Exception:
            # One bad address must not stop the sweep; the row stays due.
            logger.exception("%s for pair %s failed", what, pair_id)
    return done


def pair_send_answer_reminders(*, now: datetime | None = None, limit: int = 5000) -> SweepResult:
    """Remind people who have not answered; hand overdue proposals to the managers."""
    now = now or timezone.now()
    overdue = list(_due_for_escalation(now).order_by("pk").values_list("pk", flat=True)[:limit])
    escalated = _sweep(overdue, _escalate_one, now, "Escalation")
    due = list(_due_for_reminder(now).order_by("pk").values_list("pk", flat=True)[:limit])
    reminded = _sweep(due, _remind_one, now, "Reminder")
    if reminded or escalated:
        audit_log(
            actor=None,
            action="pair.answer_reminders_sent",
            summary=f"Answer deadlines: {reminded} reminded, {escalated} passed to managers",
            data={"reminded": reminded, "escalated": escalated},
        )
    return SweepResult(reminded=reminded, escalated=escalated)
