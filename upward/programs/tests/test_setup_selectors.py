"""Who is eligible, and the manager's list of programs."""

from __future__ import annotations

from datetime import date

import pytest

from upward.people.tests.factories import DepartmentFactory, PersonFactory
from upward.programs.models import ParticipantRole
from upward.programs.selectors.setup import (
    describe_eligibility,
    eligible_counts,
    eligible_people,
    is_eligible,
    program_list_for,
)
from upward.programs.tests.factories import (
    EligibilityFactory,
    KpiFactory,
    ProgramFactory,
    RegistrationFactory,
    make_manager,
)

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 15)
MENTEE = ParticipantRole.MENTEE
MENTOR = ParticipantRole.MENTOR


def test_without_rules_every_active_person_is_eligible() -> None:
    program = ProgramFactory()
    active = PersonFactory()
    PersonFactory(is_active=False)
    assert list(eligible_people(program, MENTOR)) == [active]
    assert is_eligible(program, MENTOR, active) == (True, "")


def test_level_band_tenure_department_and_location_all_apply() -> None:
    program = ProgramFactory()
    sales, finance = DepartmentFactory(name="Sales"), DepartmentFactory(name="Finance")
    rule = EligibilityFactory(
        program=program,
        role=MENTEE,
        min_level=6,
        max_level=8,
        min_tenure_months=12,
        locations=["London"],
    )
    rule.departments.set([sales])
    fits = PersonFactory(level=7, department=sales, location="London", hire_date=date(2024, 6, 15))
    PersonFactory(level=5, department=sales, location="London", hire_date=date(2020, 1, 1))
    PersonFactory(level=9, department=sales, location="London", hire_date=date(2020, 1, 1))
    PersonFactory(level=7, department=sales, location="London", hire_date=date(2024, 6, 16))
    PersonFactory(level=7, department=sales, location="London", hire_date=None)
    PersonFactory(level=7, department=finance, location="London", hire_date=date(2020, 1, 1))
    PersonFactory(level=7, department=sales, location="Paris", hire_date=date(2020, 1, 1))
    PersonFactory(
        level=7, department=sales, location="London", hire_date=date(2020, 1, 1), is_active=False
    )

    assert list(eligible_people(program, MENTEE, today=TODAY)) == [fits]
    assert eligible_counts(program, today=TODAY) == {MENTOR: 8 - 1, MENTEE: 1}


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        ({"level": 2}, "Mentees must be at level 6 or above; your level is 2."),
        ({"level": 9}, "Mentees must be at level 8 or below; your level is 9."),
        (
            {"hire_date": date(2025, 1, 1)},
            "Mentees need at least 12 months with the company; you joined on 01 January 2025.",
        ),
        ({"hire_date": None}, "the directory has no hire date for you"),
        ({"department": "Finance"}, "Mentees must be in Sales; you are in Finance."),
        ({"location": "Paris"}, "Mentees must be based in London; you are in Paris."),
        ({"is_active": False}, "Only current employees can take part."),
    ],
)
def test_is_eligible_gives_one_clear_reason(person, reason) -> None:
    program = ProgramFactory()
    sales = DepartmentFactory(name="Sales")
    rule = EligibilityFactory(
        program=program,
        role=MENTEE,
        min_level=6,
        max_level=8,
        min_tenure_months=12,
        locations=["London"],
    )
    rule.departments.set([sales])
    attributes = {
        "level": 7,
        "department": sales,
        "location": "London",
        "hire_date": date(2020, 1, 1),
    } | person
    if attributes["department"] == "Finance":
        attributes["department"] = DepartmentFactory(name="Finance")
    ok, message = is_eligible(program, MENTEE, PersonFactory(**attributes), today=TODAY)
    assert not ok
    assert reason in message


def test_the_mentor_persona_is_not_an_eligible_mentee(mentor, person_of) -> None:
    program = ProgramFactory()
    EligibilityFactory(program=program, role=MENTEE, min_level=6)
    assert is_eligible(program, MENTEE, person_of(mentor)) == (
        False,
        "Mentees must be at level 6 or above; your level is 2.",
    )


def test_describe_eligibility_reads_like_a_sentence() -> None:
    rule = EligibilityFactory(min_level=1, max_level=3, min_tenure_months=6)
    assert describe_eligibility(rule) == [
        "Levels 1 to 3",
        "At least 6 months with the company",
        "Any department",
        "Any location",
    ]
    assert describe_eligibility(None) == ["Anyone in the directory"]


def test_program_list_counts_without_multiplying(program_manager) -> None:
    program = ProgramFactory(managers=[program_manager])
    make_manager(program)
    KpiFactory.create_batch(3, program=program)
    RegistrationFactory.create_batch(2, program=program, role=MENTOR)
    RegistrationFactory(program=program, role=MENTEE)
    RegistrationFactory(program=program, role=MENTEE, status="withdrawn")
    ProgramFactory()  # someone else's

    [row] = program_list_for(program_manager)
    assert (row.mentor_count, row.mentee_count, row.kpi_count, row.manager_count) == (2, 1, 3, 2)


def test_administrators_list_every_program(administrator) -> None:
    ProgramFactory.create_batch(2)
    assert program_list_for(administrator).count() == 2
