"""Shared set-up for the match-run tests: a program in matching status, managed by
`program_manager`, and a fast bulk builder for programs of thousands of people."""

from __future__ import annotations

import random
from typing import Any

from django.utils import timezone

from upward.people.models import LINE_SEPARATOR, Department, Person
from upward.programs.models import (
    ParticipantRole,
    Program,
    Registration,
    RegistrationSkill,
    Skill,
    SkillFamily,
)
from upward.programs.tests.factories import RegistrationFactory, SkillFactory


def register(program: Program, person: Person, role: str, **fields: Any) -> Registration:
    fields.setdefault("guide_read_at", timezone.now() if role == ParticipantRole.MENTOR else None)
    return RegistrationFactory(program=program, person=person, role=role, **fields)


def skill(slug: str, family: str = "social-media") -> Skill:
    fam, _ = SkillFamily.objects.get_or_create(slug=family, defaults={"name": family.title()})
    return SkillFactory(family=fam, slug=slug, name=slug.title())


def bulk_program(program: Program, mentors: int, mentees: int, *, seed: int = 7) -> None:
    """`mentors` + `mentees` registered people in a handful of queries (bulk_create)."""
    rng = random.Random(seed)
    depts = [Department.objects.get_or_create(name=n)[0] for n in ("Sales", "Tech", "Ops", "HR")]
    fam, _ = SkillFamily.objects.get_or_create(slug="digital", defaults={"name": "Digital"})
    skills = [
        Skill.objects.get_or_create(
            slug=f"bulk-skill-{k}", defaults={"family": fam, "name": f"S{k}"}
        )[0]
        for k in range(12)
    ]
    base = Person.objects.count() + program.pk * 100_000
    people = [
        Person(
            employee_id=f"B{base + k}",
            name=f"Person {base + k}",
            email=f"bulk{base + k}@example.com",
            level=rng.randint(1, 3) if k < mentors else rng.randint(5, 9),
            department=rng.choice(depts),
            location=rng.choice(["London", "Paris", "Berlin"]),
        )
        for k in range(mentors + mentees)
    ]
    Person.objects.bulk_create(people)
    people = list(Person.objects.filter(employee_id__startswith="B").order_by("id"))[-len(people) :]
    for p in people:
        p.line_path = f"{LINE_SEPARATOR}{p.pk}{LINE_SEPARATOR}"
    Person.objects.bulk_update(people, ["line_path"], batch_size=500)
    slots = [f"{d}-{h:02d}" for d in ("mon", "tue", "wed", "thu", "fri") for h in range(9, 17)]
    now = timezone.now()
    regs = [
        Registration(
            program=program,
            person=p,
            role=ParticipantRole.MENTOR if k < mentors else ParticipantRole.MENTEE,
            timezone="Europe/London",
            languages=["en"],
            availability=rng.sample(slots, 4),
            goals=rng.choice(["learn tiktok and ai", "understand gen z customers", "data skills"]),
            guide_read_at=now,
            capacity=2 if k < mentors else 1,
        )
        for k, p in enumerate(people)
    ]
    Registration.objects.bulk_create(regs, batch_size=500)
    regs = list(Registration.objects.filter(program=program).order_by("id"))
    links = [
        RegistrationSkill(registration=r, skill=s, priority=n)
        for r in regs
        for n, s in enumerate(rng.sample(skills, 3))
    ]
    RegistrationSkill.objects.bulk_create(links, batch_size=1000)
