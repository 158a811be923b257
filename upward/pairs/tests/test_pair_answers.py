"""The private double opt-in: answers, going live, declines, withdrawal, capacity."""

from __future__ import annotations

from typing import Any

import pytest

from upward.accounts.models import User
from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.pairs.models import Answer, Pair, PairStatus
from upward.pairs.services import (
    pair_answer,
    pair_complete,
    pair_end,
    pair_propose,
    pair_withdraw,
)
from upward.pairs.tests.optin_fixtures import as_participant, propose, register
from upward.programs.models import ParticipantRole, Program, Registration

pytestmark = pytest.mark.django_db


def _answer(pair: Pair, user: User, comfortable: bool = True, reason: str = "") -> Pair:
    return pair_answer(
        pair_id=pair.pk, actor=as_participant(pair, user), comfortable=comfortable, reason=reason
    )


def test_pair_goes_live_only_when_both_are_comfortable_and_both_get_next_steps(
    proposed_pair: Pair,
    mentor: User,
    mentee: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = _answer(proposed_pair, mentee)
    assert first.status == PairStatus.PROPOSED
    assert mailoutbox == []  # nobody is told how the other answered

    with django_capture_on_commit_callbacks(execute=True):
        pair = _answer(proposed_pair, mentor)

    assert pair.status == PairStatus.LIVE and pair.live_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == [mentor.email, mentee.email]
    for message in mailoutbox:
        assert "sign the agreement" in message.body.lower()
        assert "book the first session" in message.body.lower()


def test_answering_twice_is_refused(proposed_pair: Pair, mentee: User) -> None:
    _answer(proposed_pair, mentee)
    with pytest.raises(ApplicationError, match="You have already answered"):
        _answer(proposed_pair, mentee, comfortable=False)
    proposed_pair.refresh_from_db()
    assert proposed_pair.mentee_answer == Answer.COMFORTABLE
    assert AuditEntry.objects.filter(action="pair.answered").count() == 1


def test_not_comfortable_closes_the_proposal_and_keeps_the_reason_for_managers(
    proposed_pair: Pair, mentor: User, mentee: User
) -> None:
    pair = _answer(proposed_pair, mentor, comfortable=False, reason="  We sit in one team  ")

    assert pair.status == PairStatus.DECLINED
    assert pair.mentor_decline_reason == "We sit in one team"
    with pytest.raises(ApplicationError, match="no longer open"):
        _answer(proposed_pair, mentee)


def test_a_participant_cannot_answer_someone_elses_proposal(
    proposed_pair: Pair, outsider: User, program_manager: User
) -> None:
    for user in (outsider, program_manager):
        with pytest.raises(ApplicationError, match="Only the two people"):
            _answer(proposed_pair, user)
    proposed_pair.refresh_from_db()
    assert (proposed_pair.mentor_answer, proposed_pair.mentee_answer) == ("pending", "pending")


def test_a_withdrawn_proposal_cannot_be_answered_any_more(
    proposed_pair: Pair, mentee: User, program_manager: User
) -> None:
    pair_withdraw(pair_id=proposed_pair.pk, actor=program_manager, reason="No answer in time")
    with pytest.raises(ApplicationError, match="no longer open"):
        _answer(proposed_pair, mentee)
    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.DECLINED
    assert proposed_pair.close_reason == "No answer in time"


def test_a_mentor_never_has_more_live_pairs_than_places(
    matching_program: Program, mentor_registration: Registration, mentor: User
) -> None:
    # Two proposals for a one-place mentor can only exist if a manager lowered the
    # capacity afterwards; the second pair must still not go live.
    first_mentee = register(matching_program, ParticipantRole.MENTEE)
    second_mentee = register(matching_program, ParticipantRole.MENTEE)
    pairs = [
        propose(mentor_registration, m, mentee_answer="yes") for m in (first_mentee, second_mentee)
    ]

    assert _answer(pairs[0], mentor).status == PairStatus.LIVE
    with pytest.raises(ApplicationError, match="no place left"):
        _answer(pairs[1], mentor)

    assert Pair.objects.filter(mentor=mentor_registration, status=PairStatus.LIVE).count() == 1
    pairs[1].refresh_from_db()
    assert pairs[1].mentor_answer == Answer.PENDING  # refused answers are not recorded


def test_pair_propose_checks_places_repeats_and_the_mentees_other_pair(
    matching_program: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    program_manager: User,
) -> None:
    kwargs: dict[str, Any] = {
        "program": matching_program,
        "actor": program_manager,
        "respond_by": None,
    }
    pair = pair_propose(mentor=mentor_registration, mentee=mentee_registration, **kwargs)
    other_mentor = register(matching_program, ParticipantRole.MENTOR)
    other_mentee = register(matching_program, ParticipantRole.MENTEE)

    with pytest.raises(ApplicationError, match="already has a proposed or live pair"):
        pair_propose(mentor=other_mentor, mentee=mentee_registration, **kwargs)
    with pytest.raises(ApplicationError, match="no place left"):
        pair_propose(mentor=mentor_registration, mentee=other_mentee, **kwargs)

    pair_withdraw(pair_id=pair.pk, actor=program_manager)
    with pytest.raises(ApplicationError, match="proposed to each other before"):
        pair_propose(mentor=mentor_registration, mentee=mentee_registration, **kwargs)
    with pytest.raises(ApplicationError, match="is not a mentor"):
        pair_propose(mentor=other_mentee, mentee=mentee_registration, **kwargs)


def test_only_legal_transitions(
    proposed_pair: Pair, program_manager: User, mentor: User, mentee: User
) -> None:
    with pytest.raises(ApplicationError, match="cannot become"):
        pair_end(pair_id=proposed_pair.pk, actor=program_manager)
    _answer(proposed_pair, mentor)
    _answer(proposed_pair, mentee)
    assert pair_complete(pair_id=proposed_pair.pk, actor=program_manager).status == "completed"
    with pytest.raises(ApplicationError, match="cannot become"):
        pair_end(pair_id=proposed_pair.pk, actor=program_manager)
    with pytest.raises(ApplicationError, match="Only a proposal"):
        pair_withdraw(pair_id=proposed_pair.pk, actor=program_manager)
