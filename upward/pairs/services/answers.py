"""Proposing a pair, the private double opt-in, and the moves that close a pair.

Locking, in one order everywhere so two writers never deadlock: first the
mentor's Registration row (it guards the mentor's capacity), then the Pair row.
Under those locks each service re-reads the state it decides on, so two people
(or a person and a manager) acting at the same moment are applied one after
the other: an answer is recorded exactly once and a mentor never has more live
pairs than places. The mentee side needs no lock: the database allows one
proposed-or-live pair per mentee (pair_one_active_per_mentee).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from upward.accounts.models import User
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.events import event_happened
from upward.pairs.events import pair_changed
from upward.pairs.models import ACTIVE_STATUSES, PAIR_TRANSITIONS, Answer, Pair, PairStatus
from upward.pairs.services.agreement import agreement_start
from upward.pairs.services.locks import lock_mentor, lock_pair
from upward.pairs.services.sessions import sessions_cancel_for_closed_pair
from upward.pairs.tasks import send_pair_live, send_pair_proposal
from upward.programs.models import (
    ParticipantRole,
    Program,
    ProgramStatus,
    Registration,
    RegistrationStatus,
)

ALREADY_ANSWERED = "You have already answered this proposal."
NOT_OPEN = "This proposal is no longer open."
MAX_REASON_LENGTH = 1000


def _transition(pair: Pair, to: str) -> None:
    """Move `pair` to `to`, or refuse: PAIR_TRANSITIONS is the only source of legal moves."""
    if to not in PAIR_TRANSITIONS[pair.status]:
        raise ApplicationError(
            f"A {pair.get_status_display().lower()} pair cannot become {PairStatus(to).label}."
        )
    pair.status = to


def _live_count(mentor_id: int, *, excluding: int | None = None) -> int:
    pairs = Pair.objects.filter(mentor_id=mentor_id, status=PairStatus.LIVE)
    if excluding is not None:
        pairs = pairs.exclude(pk=excluding)
    return pairs.count()


def _side_of(pair: Pair, actor: Registration) -> str:
    if actor.pk == pair.mentor_id:
        return ParticipantRole.MENTOR
    if actor.pk == pair.mentee_id:
        return ParticipantRole.MENTEE
    raise ApplicationError("Only the two people in a proposal can answer it.")


def _send_after_commit(task: Task[[int], int], pair_id: int) -> None:
    transaction.on_commit(lambda: task.enqueue(pair_id))


@transaction.atomic
def pair_propose(
    *,
    program: Program,
    mentor: Registration,
    mentee: Registration,
    actor: User | None,
    respond_by: datetime | None,
    score: float | None = None,
    reasons: Sequence[str] = (),
    source_run_id: int | None = None,
    requested_by_mentee: bool = False,
    now: datetime | None = None,
) -> Pair:
    """Create a proposed pair awaiting answers; the caller emails it (send_proposal=True).

    Refuses (ApplicationError) when either person is not a live participant in
    the right role, the mentee already has a proposed or live pair, the two were
    proposed to each other before, or the mentor has no place left counting
    pairs still awaiting answers. In self-service the mentee's request is their
    "comfortable" answer, so only the mentor is asked.
    """
    now = now or timezone.now()
    if program.status not in (ProgramStatus.MATCHING, ProgramStatus.RUNNING):
        raise ApplicationError("Pairs are proposed only while the program is matching or running.")
    locked_mentor = lock_mentor(mentor.pk)
    for registration, role in ((locked_mentor, ParticipantRole.MENTOR), (mentee, "mentee")):
        if (
            registration.program_id != program.pk
            or registration.role != role
            or registration.status != RegistrationStatus.REGISTERED
        ):
            raise ApplicationError(f"{registration.person} is not a {role} in {program}.")
    if Pair.objects.filter(mentor=locked_mentor, mentee=mentee).exists():
        raise ApplicationError("These two were proposed to each other before.")
    if Pair.objects.filter(mentee=mentee, status__in=ACTIVE_STATUSES).exists():
        raise ApplicationError(f"{mentee.person} already has a proposed or live pair.")
    taken = Pair.objects.filter(mentor=locked_mentor, status__in=ACTIVE_STATUSES).count()
    if taken >= locked_mentor.capacity:
        raise ApplicationError(f"{locked_mentor.person} has no place left.")
    pair = Pair(
        program=program,
        mentor=locked_mentor,
        mentee=mentee,
        status=PairStatus.PROPOSED,
        score=score,
        reasons=list(reasons),
        source_run_id=source_run_id,
        published_at=now,
        respond_by=respond_by,
    )
    if requested_by_mentee:
        pair.mentee_answer = Answer.COMFORTABLE
        pair.mentee_answered_at = now
    pair.full_clean(validate_constraints=False)  # the database checks them, race-free
    try:
        with transaction.atomic():
            pair.save()
    except IntegrityError:
        # Another writer proposed this mentee (or this pairing) a moment ago.
        raise ApplicationError(f"{mentee.person} already has a proposed pair.") from None
    audit_log(
        actor=actor,
        action="pair.proposed",
        summary=f"Proposed {locked_mentor.person} (mentor) with {mentee.person} (mentee)",
        target=pair,
        data={
            "program": program.pk,
            "run": source_run_id,
            "self_service": requested_by_mentee,
        },
    )
    _send_after_commit(send_pair_proposal, pair.pk)
    return pair


@transaction.atomic
def pair_answer(*, pair_id: int, actor: Registration, comfortable: bool, reason: str = "") -> Pair:
    """Record one person's private answer; the pair goes live when both are comfortable.

    `actor` is the person answering, in their role (their registration).

    A "not comfortable" closes the proposal at once. The other person is never
    told why, nor that it was a decline: their pages say "we are finding the
    best fit for you". The reason is kept for managers only.
    """
    pair = lock_pair(pair_id)
    side = _side_of(pair, actor)
    if getattr(pair, f"{side}_answer") != Answer.PENDING:
        raise ApplicationError(ALREADY_ANSWERED)
    if pair.status != PairStatus.PROPOSED:
        raise ApplicationError(NOT_OPEN)
    reason = reason.strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise ApplicationError(f"Keep the reason under {MAX_REASON_LENGTH} characters.")
    now = timezone.now()
    fields = [f"{side}_answer", f"{side}_answered_at", "status", "updated_at"]
    setattr(pair, f"{side}_answer", Answer.COMFORTABLE if comfortable else Answer.NOT_COMFORTABLE)
    setattr(pair, f"{side}_answered_at", now)
    if not comfortable:
        setattr(pair, f"{side}_decline_reason", reason)
        _transition(pair, PairStatus.DECLINED)
        pair.closed_at = now
        fields += [f"{side}_decline_reason", "closed_at"]
    elif pair.mentor_answer == Answer.COMFORTABLE and pair.mentee_answer == Answer.COMFORTABLE:
        if _live_count(pair.mentor_id, excluding=pair.pk) >= pair.mentor.capacity:
            raise ApplicationError(
                "This mentor has no place left, so the pair cannot start. "
                "Your program manager will be in touch."
            )
        _transition(pair, PairStatus.LIVE)
        pair.live_at = now
        fields.append("live_at")
    pair.full_clean(validate_constraints=False)
    pair.save(update_fields=fields)
    if pair.status == PairStatus.LIVE:
        # The agreement's first version exists from the start: a page view never writes it.
        agreement_start(pair=pair)
        pair_changed(pair.pk)
    audit_log(
        actor=actor.person.user,
        action="pair.answered",
        summary=f"The {side} answered proposal {pair.pk}",
        target=pair,
        data={"side": side, "comfortable": comfortable, "status": pair.status},
    )
    if pair.status == PairStatus.LIVE:
        _send_after_commit(send_pair_live, pair.pk)
        event_happened("pair.live", _event_data(pair), program_id=pair.program_id)
    return pair


@transaction.atomic
def pair_withdraw(*, pair_id: int, actor: User, reason: str = "") -> Pair:
    """A manager takes back a proposal nobody should answer any more (e.g. no answer in time).

    To both people it reads like any other closed proposal: "we are finding
    the best fit for you". The pairing is not proposed again.
    """
    pair = lock_pair(pair_id)
    if pair.status != PairStatus.PROPOSED:
        raise ApplicationError("Only a proposal still awaiting answers can be withdrawn.")
    _transition(pair, PairStatus.DECLINED)
    pair.closed_at = timezone.now()
    pair.close_reason = reason.strip()[:MAX_REASON_LENGTH] or "Withdrawn by a program manager."
    pair.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    audit_log(
        actor=actor, action="pair.withdrawn", summary=f"Withdrew proposal {pair.pk}", target=pair
    )
    return pair


def _close_live(
    pair_id: int, actor: User | None, to: str, reason: str, action: str, now: datetime | None
) -> Pair:
    """Close a live pair; sessions still ahead are cancelled in both calendars."""
    pair = lock_pair(pair_id)
    _transition(pair, to)
    pair.closed_at = now or timezone.now()
    pair.close_reason = reason.strip()[:MAX_REASON_LENGTH]
    pair.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    cancelled = sessions_cancel_for_closed_pair(pair=pair, now=pair.closed_at)
    pair_changed(pair.pk)
    audit_log(
        actor=actor,
        action=action,
        summary=f"Pair {pair.pk}: {pair.status}",
        target=pair,
        data={"sessions_cancelled": cancelled},
    )
    event_happened(
        "pair.ended", {**_event_data(pair), "status": pair.status}, program_id=pair.program_id
    )
    return pair


def _event_data(pair: Pair) -> dict[str, object]:
    return {"pair_id": pair.pk, "program_id": pair.program_id, "program_name": pair.program.name}


@transaction.atomic
def pair_end(
    *, pair_id: int, actor: User | None, reason: str = "", now: datetime | None = None
) -> Pair:
    """End a live pair early (issue 6 adds who may, and what the two are told)."""
    return _close_live(pair_id, actor, PairStatus.ENDED, reason, "pair.ended", now)


@transaction.atomic
def pair_complete(
    *, pair_id: int, actor: User | None, reason: str = "", now: datetime | None = None
) -> Pair:
    """Mark a live pair as having completed the program."""
    return _close_live(pair_id, actor, PairStatus.COMPLETED, reason, "pair.completed", now)
