"""Reads for pairs, and the one place that decides what each participant may see.

A participant reaches a pair only through get_pair_for_user (404 otherwise)
and sees it only through `participant_pair`, which turns the true state into
what that person may know: their partner's answer is never shown before both
answered, and a proposal closed by someone else (the partner said no, or a
manager withdrew it) reads "we are finding the best fit for you".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from upward.pairs.models import Answer, Pair, PairStatus
from upward.programs.models import ParticipantRole, Program, Registration

# Differences the program asked for may involve self-identified attributes;
# participants only ever read the ones that come from the directory.
_PUBLIC_DIFFERENCES = ("departments", "locations", "time zones", "levels")


def participant_reasons(reasons: list[str]) -> list[str]:
    """The engine's reasons a participant may read about their pairing."""
    return [
        reason
        for reason in reasons
        if not reason.startswith("Different ")
        or any(label in reason for label in _PUBLIC_DIFFERENCES)
    ]


def _with_people(pairs: QuerySet[Pair]) -> QuerySet[Pair]:
    return pairs.select_related(
        "program", "mentor__person__department", "mentee__person__department"
    )


def _of_user(user: Any) -> QuerySet[Pair]:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return Pair.objects.none()
    return _with_people(Pair.objects.filter(Q(mentor__person=person) | Q(mentee__person=person)))


def get_pair_for_user(user: Any, pair_id: int) -> Pair:
    """A pair the user is the mentor or mentee of; 404 for anything else."""
    try:
        return _of_user(user).get(pk=pair_id)
    except Pair.DoesNotExist:
        raise Http404("No such proposal") from None


def get_program_pair(program: Program, pair_id: int, *, space_only: bool = False) -> Pair:
    """A pair of `program`, already reached through the manager's guard; 404 otherwise.

    `space_only` limits it to live, ended and completed pairs (not proposals).
    """
    pairs = Pair.objects.filter(program=program)
    if space_only:
        pairs = pairs.filter(status__in=(PairStatus.LIVE, PairStatus.ENDED, PairStatus.COMPLETED))
    try:
        pair = _with_people(pairs).get(pk=pair_id)
    except Pair.DoesNotExist:
        raise Http404("No such pair") from None
    pair.program = program
    return pair


class ViewState:
    ANSWER = "answer"  # asked, not answered yet
    WAITING = "waiting"  # answered yes, partner not yet
    LIVE = "live"
    DECLINED_BY_ME = "declined_by_me"
    FINDING = "finding"  # closed by someone else: "we are finding the best fit for you"
    CLOSED = "closed"  # ended or completed


@dataclass(frozen=True)
class ParticipantPair:
    pair: Pair
    side: str
    me: Registration
    partner: Registration
    state: str

    @property
    def shows_partner(self) -> bool:
        return self.state != ViewState.FINDING

    @property
    def partner_role(self) -> str:
        return "mentee" if self.side == ParticipantRole.MENTOR else "mentor"

    @property
    def reasons(self) -> list[str]:
        return participant_reasons(self.pair.reasons) if self.shows_partner else []


def participant_pair(pair: Pair, user: Any) -> ParticipantPair:
    """What `user` (the mentor or the mentee of `pair`) may know about it."""
    person = getattr(user, "person", None)
    if person is not None and pair.mentor.person_id == person.pk:
        side, me, partner, mine = (
            ParticipantRole.MENTOR,
            pair.mentor,
            pair.mentee,
            pair.mentor_answer,
        )
    elif person is not None and pair.mentee.person_id == person.pk:
        side, me, partner, mine = (
            ParticipantRole.MENTEE,
            pair.mentee,
            pair.mentor,
            pair.mentee_answer,
        )
    else:
        raise Http404("No such proposal")
    if pair.status == PairStatus.PROPOSED:
        state = ViewState.ANSWER if mine == Answer.PENDING else ViewState.WAITING
    elif pair.status == PairStatus.LIVE:
        state = ViewState.LIVE
    elif pair.status == PairStatus.DECLINED:
        state = ViewState.DECLINED_BY_ME if mine == Answer.NOT_COMFORTABLE else ViewState.FINDING
    else:
        state = ViewState.CLOSED
    return ParticipantPair(pair=pair, side=side, me=me, partner=partner, state=state)


def pairs_for_participant(user: Any) -> list[ParticipantPair]:
    """The user's pairs, newest first; a closed proposal is left out once a newer one exists."""
    views = [participant_pair(pair, user) for pair in _of_user(user).order_by("-created_at", "-id")]
    newest_for: set[int] = set()
    shown = []
    for view in views:
        superseded = view.me.pk in newest_for
        newest_for.add(view.me.pk)
        if superseded and view.state in (ViewState.FINDING, ViewState.DECLINED_BY_ME):
            continue
        shown.append(view)
    return shown


def latest_pair_by_registration(user: Any) -> dict[int, ParticipantPair]:
    """Each of the user's registrations with the newest pair they may know about."""
    latest: dict[int, ParticipantPair] = {}
    for view in pairs_for_participant(user):
        latest.setdefault(view.me.pk, view)
    return latest


def pending_proposals(user: Any) -> list[ParticipantPair]:
    """Proposals waiting for this user's answer (the home page and 'My programs' show them)."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return []
    pairs = _with_people(
        Pair.objects.filter(status=PairStatus.PROPOSED).filter(
            Q(mentor__person=person, mentor_answer=Answer.PENDING)
            | Q(mentee__person=person, mentee_answer=Answer.PENDING)
        )
    ).order_by("respond_by", "id")
    return [participant_pair(pair, user) for pair in pairs]


def program_pairs(program: Program) -> QuerySet[Pair]:
    """Every pair of a program, for its managers (answers and reasons included)."""
    return _with_people(Pair.objects.filter(program=program)).order_by(
        "status", "mentee__person__name", "id"
    )


def pair_status_counts(program: Program) -> dict[str, int]:
    """How many pairs of the program are in each state, in one query."""
    counts = dict.fromkeys(PairStatus.values, 0)
    for status, count in (
        Pair.objects.filter(program=program).values_list("status").annotate(n=Count("pk"))
    ):
        counts[status] = count
    return counts
