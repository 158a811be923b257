"""One person submitting the registration form twenty times at once: one registration.

The service locks the person's row before its checks, and a unique constraint
stands behind it. Runs on PostgreSQL (row locks) and on SQLite (serialised writers).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from upward.core.models import AuditEntry
from upward.core.testing.races import run_together
from upward.programs.models import ParticipantRole, RecruitmentMode, Registration
from upward.programs.services.registration import RegistrationData, registration_create
from upward.programs.tests.factories import ProgramFactory, SkillFactory

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_registrations_of_one_person_make_one(
    mentor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    program = ProgramFactory(recruitment_mode=RecruitmentMode.OPEN)
    data = RegistrationData(
        skills=[SkillFactory(), SkillFactory()],
        goals="Show a leader how my generation uses LinkedIn.",
        availability=["tue-09"],
        timezone="Europe/London",
        meeting_preference="either",
        languages=["en"],
    )

    def submit() -> Any:
        return registration_create(
            program=program,
            person=mentor.person,
            role=ParticipantRole.MENTOR,
            data=data,
            actor=mentor,
        )

    outcomes = run_together({f"submit {n}": submit for n in range(THREADS)})

    refused = [o for o in outcomes.values() if o != "ok"]
    assert len(refused) == THREADS - 1, outcomes
    assert all(
        o.startswith(f"refused: You are already registered in {program.name}") for o in refused
    )
    assert Registration.objects.filter(program=program, person=mentor.person).count() == 1
    assert AuditEntry.objects.filter(action="registration.created").count() == 1
    assert len([m for m in mail.outbox if program.name in m.subject]) <= 1
