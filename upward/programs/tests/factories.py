"""Factories for programs and everything hanging off them.

Dates are relative to today so a freshly built program is always in a
believable state: registration open now, matching soon, a 9-month run.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone as dj_timezone

from upward.accounts.models import Role, User
from upward.accounts.tests.factories import UserFactory
from upward.people.tests.factories import PersonFactory
from upward.programs.models import (
    AgendaTemplate,
    Eligibility,
    Invitation,
    Kpi,
    Objective,
    ParticipantRole,
    PreparationGuide,
    Program,
    ProgramManager,
    ProgramStatus,
    Registration,
    RegistrationQuestion,
    RegistrationSkill,
    SelfIdentification,
    Skill,
    SkillFamily,
)


def _today() -> date:
    return dj_timezone.localdate()


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    """A program recruiting now; pass `managers=[user, ...]` to link managers."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Reverse mentoring cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    description = "Junior colleagues teach senior leaders; both learn."
    objectives = factory.LazyFunction(lambda: [Objective.DIGITAL_SKILLS.value])
    status = ProgramStatus.RECRUITING
    registration_opens_on = factory.LazyFunction(lambda: _today() - timedelta(days=7))
    registration_closes_on = factory.LazyFunction(lambda: _today() + timedelta(days=21))
    matching_on = factory.LazyFunction(lambda: _today() + timedelta(days=28))
    starts_on = factory.LazyFunction(lambda: _today() + timedelta(days=35))
    ends_on = factory.LazyFunction(lambda: _today() + timedelta(days=35 + 273))
    cadence_weeks = 2
    session_minutes = 45
    agreement_text = (
        "We meet {cadence} for {session_minutes} minutes from {starts_on} to {ends_on}. "
        "What is said in {program} stays between us."
    )

    @factory.post_generation
    def managers(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for user in extracted:
                ProgramManager.objects.create(program=self, user=user)


def make_manager(program: Program, user: User | None = None) -> User:
    """Link `user` (or a new program-manager login) as a manager of `program`."""
    if user is None:
        user = UserFactory(role=Role.PROGRAM_MANAGER)
        PersonFactory(email=user.email, name=user.full_name, user=user, level=4)
    ProgramManager.objects.get_or_create(program=program, user=user)
    return user


class ProgramManagerFactory(factory.django.DjangoModelFactory[ProgramManager]):
    class Meta:
        model = ProgramManager

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory, role=Role.PROGRAM_MANAGER)


class KpiFactory(factory.django.DjangoModelFactory[Kpi]):
    class Meta:
        model = Kpi

    program = factory.SubFactory(ProgramFactory)
    kind = "cadence_kept"
    name = "Share of pairs meeting at the agreed cadence"
    target = Decimal("80")
    unit = "%"
    position = factory.Sequence(lambda n: n)


class EligibilityFactory(factory.django.DjangoModelFactory[Eligibility]):
    """Mentor eligibility by default; pass role=ParticipantRole.MENTEE for the other side."""

    class Meta:
        model = Eligibility
        django_get_or_create = ("program", "role")

    program = factory.SubFactory(ProgramFactory)
    role = ParticipantRole.MENTOR
    min_level = None
    max_level = None
    min_tenure_months = 0


class RegistrationQuestionFactory(factory.django.DjangoModelFactory[RegistrationQuestion]):
    class Meta:
        model = RegistrationQuestion

    program = factory.SubFactory(ProgramFactory)
    prompt = "What would make this program a success for you?"
    position = factory.Sequence(lambda n: n)


class AgendaTemplateFactory(factory.django.DjangoModelFactory[AgendaTemplate]):
    class Meta:
        model = AgendaTemplate

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Session outline {n}")
    summary = "A first conversation."
    outline = "Introductions\nWhat each of us wants to learn\nAgree the next session"
    minutes = 45
    position = factory.Sequence(lambda n: n)


class PreparationGuideFactory(factory.django.DjangoModelFactory[PreparationGuide]):
    class Meta:
        model = PreparationGuide
        django_get_or_create = ("program", "role")

    program = factory.SubFactory(ProgramFactory)
    role = ParticipantRole.MENTOR
    title = "Before your first session"
    body = "Prepare one concrete thing to show. Keep what you hear confidential."


class SkillFamilyFactory(factory.django.DjangoModelFactory[SkillFamily]):
    class Meta:
        model = SkillFamily
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Skill family {n}")
    slug = factory.Sequence(lambda n: f"family-{n}")


class SkillFactory(factory.django.DjangoModelFactory[Skill]):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    family = factory.SubFactory(SkillFamilyFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")
    keywords = ""


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    nonce = factory.Sequence(lambda n: f"nonce{n:027d}")
    sent_at = factory.LazyFunction(dj_timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    """A live registration; mentors have read their guide unless guide_read_at=None."""

    class Meta:
        model = Registration

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    role = ParticipantRole.MENTOR
    goals = "Help a senior leader get comfortable with new tools."
    timezone = "Europe/London"
    availability = factory.LazyFunction(lambda: ["tue-09", "thu-14"])
    languages = factory.LazyFunction(lambda: ["en"])
    guide_read_at = factory.LazyFunction(dj_timezone.now)


class RegistrationSkillFactory(factory.django.DjangoModelFactory[RegistrationSkill]):
    class Meta:
        model = RegistrationSkill

    registration = factory.SubFactory(RegistrationFactory)
    skill = factory.SubFactory(SkillFactory)
    priority = 0


class SelfIdentificationFactory(factory.django.DjangoModelFactory[SelfIdentification]):
    class Meta:
        model = SelfIdentification

    registration = factory.SubFactory(RegistrationFactory)
    consent_given_at = factory.LazyFunction(dj_timezone.now)
    purpose_version = "2025-1"
    answers = factory.LazyFunction(dict)
