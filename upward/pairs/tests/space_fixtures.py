"""A live pair between the mentor and mentee personas, for the pair's space (issue 6).

    from upward.pairs.tests.space_fixtures import live_pair
    pair = live_pair(mentor_user=mentor, mentee_user=mentee)

or the `space_pair` fixture (registered for every test by the root conftest.py).

`live_pair` writes the rows directly (the opt-in services are tested elsewhere):
a running program (managed by `manager` when given), both registrations, and a
LIVE pair with both answers "comfortable". Without users, fresh people are made.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from upward.accounts.models import User
from upward.pairs.models import Answer, Pair, PairStatus
from upward.pairs.services.agreement import agreement_start
from upward.pairs.tests.optin_fixtures import propose, register
from upward.programs.models import ParticipantRole, Program, ProgramStatus
from upward.programs.tests.factories import ProgramFactory


def running_program(*, managers: list[User] | None = None, **kwargs: Any) -> Program:
    program = ProgramFactory(managers=managers or [], **kwargs)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.RUNNING)
    program.refresh_from_db()
    return program


def live_pair(
    *,
    mentor_user: User | None = None,
    mentee_user: User | None = None,
    program: Program | None = None,
    manager: User | None = None,
) -> Pair:
    """A LIVE pair in `program` (a new running program when None)."""
    if program is None:
        program = running_program(managers=[manager] if manager is not None else [])
    mentor = register(program, ParticipantRole.MENTOR, user=mentor_user)
    mentee = register(program, ParticipantRole.MENTEE, user=mentee_user)
    now = timezone.now()
    pair = propose(
        mentor,
        mentee,
        status=PairStatus.LIVE,
        mentor_answer=Answer.COMFORTABLE,
        mentor_answered_at=now - timedelta(days=1),
        mentee_answer=Answer.COMFORTABLE,
        mentee_answered_at=now,
        live_at=now,
    )
    agreement_start(pair=pair)  # as pair_answer does when a pair goes live
    return pair


@pytest.fixture
def space_pair(mentor: User, mentee: User, program_manager: User) -> Pair:
    """The personas' live pair, in a running program that `program_manager` manages."""
    return live_pair(mentor_user=mentor, mentee_user=mentee, manager=program_manager)
