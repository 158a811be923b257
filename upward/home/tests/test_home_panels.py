"""The home page says what to do next: what needs a manager, what is open to a participant."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from upward.feedback.models import CheckIn
from upward.feedback.services.concerns import concern_raise
from upward.feedback.services.health import pair_health_refresh
from upward.pairs.models import Pair, PairStatus
from upward.pairs.tests.optin_fixtures import propose, register
from upward.pairs.tests.sessions_fixtures import book, in_days
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.programs.models import (
    ParticipantRole,
    Program,
    ProgramStatus,
    RecruitmentMode,
)
from upward.programs.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _home(client) -> str:
    response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_manager_sees_what_needs_them_now(program_manager, program_manager_client) -> None:
    program = running_program(managers=[program_manager])
    drifting = live_pair(program=program)
    start = (timezone.now() - timedelta(weeks=10)).date()
    Program.objects.filter(pk=program.pk).update(
        registration_opens_on=start - timedelta(days=40),
        registration_closes_on=start - timedelta(days=20),
        matching_on=start - timedelta(days=10),
        starts_on=start,
    )
    Pair.objects.filter(pk=drifting.pk).update(live_at=timezone.now() - timedelta(weeks=10))
    pair_health_refresh(pair_id=drifting.pk)
    overdue = propose(
        register(program, ParticipantRole.MENTOR), register(program, ParticipantRole.MENTEE)
    )
    Pair.objects.filter(pk=overdue.pk).update(respond_by=timezone.now() - timedelta(days=1))
    concern_raise(pair=drifting, actor=drifting.mentor, category="other", text="x")

    page = _home(program_manager_client)

    assert "1 concern waiting for you to acknowledge" in page
    assert f"{program.name}: 1 pair at risk" in page
    assert f"{program.name}: 1 proposal past the answer deadline" in page
    assert "Your programs" in page and "The program ends on" in page


def test_a_manager_is_told_when_check_ins_go_unanswered(
    program_manager, program_manager_client
) -> None:
    program = running_program(managers=[program_manager])
    for _ in range(6):
        pair = live_pair(program=program)
        session = book(pair, in_days(2))
        for author in (pair.mentor, pair.mentee):
            CheckIn.objects.create(
                session=session,
                pair=pair,
                author=author,
                due_at=timezone.now() - timedelta(days=2),
                expires_at=timezone.now() + timedelta(days=12),
            )

    assert "only 0 of 12 check-ins answered in 30 days" in _home(program_manager_client)


def test_a_manager_with_nothing_waiting_reads_so(program_manager, program_manager_client) -> None:
    running_program(managers=[program_manager])
    assert "Nothing waiting" in _home(program_manager_client)


def test_a_participant_finds_the_programs_open_to_them(mentor, mentor_client) -> None:
    open_one = ProgramFactory(
        status=ProgramStatus.RECRUITING, recruitment_mode=RecruitmentMode.OPEN, name="Open to all"
    )
    invite_only = ProgramFactory(
        status=ProgramStatus.RECRUITING,
        recruitment_mode=RecruitmentMode.INVITE_ONLY,
        name="By invitation",
    )
    ProgramFactory(
        status=ProgramStatus.RECRUITING,
        recruitment_mode=RecruitmentMode.INVITE_ONLY,
        name="Not for you",
    )
    InvitationFactory(program=invite_only, person=mentor.person)

    page = _home(mentor_client)

    assert "Programs open to you" in page
    assert "Open to all" in page and "By invitation" in page and "Not for you" not in page
    assert reverse("programs:register", args=[open_one.slug]) + "?role=mentor" in page


def test_a_participant_sees_their_next_session(pair, mentor_client) -> None:
    book(pair, in_days(4))
    page = _home(mentor_client)
    assert "Your next session" in page
    assert pair.mentee.person.name in page
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LIVE
