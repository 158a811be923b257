"""Fixtures for the double opt-in: a program in its matching phase, its participants, a pair.

The root conftest.py registers this module, so tests just name the fixtures they use.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from upward.accounts.models import User
from upward.pairs.models import Pair, PairStatus
from upward.people.models import Person
from upward.people.tests.factories import PersonFactory
from upward.programs.models import ParticipantRole, Program, ProgramStatus, Registration
from upward.programs.tests.factories import (
    ProgramFactory,
    RegistrationFactory,
    RegistrationSkillFactory,
    SkillFactory,
    SkillFamilyFactory,
)

REASON = "Teaches the skill Sam Senior wants: tiktok"


def in_matching(**kwargs: Any) -> Program:
    program = ProgramFactory(**kwargs)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.MATCHING)
    program.refresh_from_db()
    return program


def register(
    program: Program,
    role: str,
    *,
    user: User | None = None,
    skills: tuple[str, ...] = ("tiktok",),
    **person: Any,
) -> Registration:
    if user is not None:
        who = Person.objects.get(user=user)
    else:
        defaults = {"level": 2 if role == ParticipantRole.MENTOR else 6}
        who = PersonFactory(**{**defaults, **person})
    registration = RegistrationFactory(program=program, person=who, role=role)
    family = SkillFamilyFactory(name="Social media", slug="social-media")
    for priority, slug in enumerate(skills):
        skill = SkillFactory(family=family, name=slug.title(), slug=slug)
        RegistrationSkillFactory(registration=registration, skill=skill, priority=priority)
    return registration


def propose(mentor: Registration, mentee: Registration, **fields: Any) -> Pair:
    """A published proposal written directly (tests of publishing use the service)."""
    now = timezone.now()
    values: dict[str, Any] = {
        "program": mentor.program,
        "mentor": mentor,
        "mentee": mentee,
        "status": PairStatus.PROPOSED,
        "score": 72.5,
        "reasons": [REASON],
        "published_at": now,
        "respond_by": now + timedelta(days=7),
        **fields,
    }
    return Pair.objects.create(**values)


@pytest.fixture
def matching_program(program_manager: User) -> Program:
    return in_matching(managers=[program_manager])


@pytest.fixture
def mentor_registration(matching_program: Program, mentor: User) -> Registration:
    return register(matching_program, ParticipantRole.MENTOR, user=mentor)


@pytest.fixture
def mentee_registration(matching_program: Program, mentee: User) -> Registration:
    return register(matching_program, ParticipantRole.MENTEE, user=mentee)


@pytest.fixture
def proposed_pair(mentor_registration: Registration, mentee_registration: Registration) -> Pair:
    return propose(mentor_registration, mentee_registration)


def as_participant(pair: Pair, user: User) -> Registration:
    """`user` in the role they act in on `pair` (pair services take the acting registration).

    Someone outside the pair acts through a registration of their own in the program,
    so tests can prove the services refuse them.
    """
    person = Person.objects.get(user=user)
    for registration in (pair.mentor, pair.mentee):
        if registration.person_id == person.pk:
            return registration
    return Registration.objects.filter(program=pair.program, person=person).first() or (
        RegistrationFactory(program=pair.program, person=person, role=ParticipantRole.MENTOR)
    )
