"""Twenty people and managers answering the same proposals at the same moment.

Runs on PostgreSQL (row locks: SELECT ... FOR UPDATE) and on SQLite, whose
writers are serialised: there a transaction that finds the database locked is
retried from the start, as a production retry would, so the test still checks
that every decision is taken on fresh data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from upward.accounts.tests.factories import UserFactory
from upward.core.models import AuditEntry
from upward.core.testing.races import run_together
from upward.pairs.models import Answer, Pair, PairStatus
from upward.pairs.services import pair_answer, pair_withdraw
from upward.pairs.tests.optin_fixtures import as_participant, in_matching, propose, register
from upward.people.tests.factories import PersonFactory
from upward.programs.models import ParticipantRole, Registration

THREADS = 20


def _participant(program: Any, role: str, capacity: int = 1) -> tuple[Any, Registration]:
    user = UserFactory()
    PersonFactory(user=user, email=user.email, level=2 if role == ParticipantRole.MENTOR else 6)
    registration = register(program, role, user=user)
    Registration.objects.filter(pk=registration.pk).update(capacity=capacity)
    registration.refresh_from_db()
    return user, registration


@pytest.mark.django_db(transaction=True)
def test_simultaneous_answers_keep_capacity_and_record_each_answer_once(
    program_manager: Any,
) -> None:
    program = in_matching(managers=[program_manager])
    mentor_a, reg_a = _participant(program, ParticipantRole.MENTOR, capacity=2)
    mentor_b, reg_b = _participant(program, ParticipantRole.MENTOR, capacity=1)
    mentees = [_participant(program, ParticipantRole.MENTEE) for _ in range(6)]
    # More proposals than places (as if a manager lowered the capacities after publishing).
    pairs = [propose(reg_a, reg) for _, reg in mentees[:4]]
    pairs += [propose(reg_b, reg) for _, reg in mentees[4:]]

    def answer(pair: Pair, user: Any, yes: bool = True) -> Callable[[], Any]:
        actor = as_participant(pair, user)
        return lambda: pair_answer(pair_id=pair.pk, actor=actor, comfortable=yes, reason="no")

    def withdraw(pair: Pair) -> Callable[[], Any]:
        return lambda: pair_withdraw(pair_id=pair.pk, actor=program_manager)

    jobs: dict[str, Callable[[], Any]] = {}
    for n, pair in enumerate(pairs):
        mentee_user = mentees[n][0]
        mentor_user = mentor_a if n < 4 else mentor_b
        jobs[f"p{n}-mentee-yes"] = answer(pair, mentee_user)
        jobs[f"p{n}-mentor-yes"] = answer(pair, mentor_user)
    jobs |= {
        "p0-mentee-again": answer(pairs[0], mentees[0][0]),
        "p1-mentee-no": answer(pairs[1], mentees[1][0], yes=False),
        "p3-mentor-no": answer(pairs[3], mentor_a, yes=False),
        "p4-mentor-again": answer(pairs[4], mentor_b),
        "p5-mentor-again": answer(pairs[5], mentor_b),
        "p2-withdraw": withdraw(pairs[2]),
        "p5-withdraw": withdraw(pairs[5]),
        "p4-mentee-no": answer(pairs[4], mentees[4][0], yes=False),
    }
    assert len(jobs) == THREADS

    outcomes = run_together(jobs)

    assert len(outcomes) == THREADS
    assert not [o for o in outcomes.values() if not o.startswith(("ok", "refused"))], outcomes
    for mentor_reg in (reg_a, reg_b):
        live = Pair.objects.filter(mentor=mentor_reg, status=PairStatus.LIVE).count()
        assert live <= mentor_reg.capacity
    answers = Counter(
        (entry.target_id, entry.data["side"])
        for entry in AuditEntry.objects.filter(action="pair.answered")
    )
    assert max(answers.values()) == 1  # nobody's answer was recorded twice
    for pair in Pair.objects.all():
        for side in ("mentor", "mentee"):
            recorded = getattr(pair, f"{side}_answer") != Answer.PENDING
            assert recorded == ((str(pair.pk), side) in answers)
            assert recorded == (getattr(pair, f"{side}_answered_at") is not None)
        if pair.status == PairStatus.LIVE:
            assert pair.mentor_answer == pair.mentee_answer == Answer.COMFORTABLE
        if Answer.NOT_COMFORTABLE in (pair.mentor_answer, pair.mentee_answer):
            assert pair.status == PairStatus.DECLINED
    # Each pair of duplicate jobs for one person: exactly one of them was applied.
    for first, second in (
        ("p0-mentee-yes", "p0-mentee-again"),
        ("p1-mentee-yes", "p1-mentee-no"),
        ("p4-mentor-yes", "p4-mentor-again"),
        ("p5-mentor-yes", "p5-mentor-again"),
    ):
        applied = [outcomes[first], outcomes[second]].count("ok")
        assert applied <= 1, (first, outcomes[first], second, outcomes[second])
