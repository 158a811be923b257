"""Pages listing registrations cost a fixed number of queries, for 10 or 200 registrations."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.programs.models import ParticipantRole, RegistrationSkill
from upward.programs.tests.factories import (
    ProgramFactory,
    RegistrationFactory,
    SkillFactory,
    make_manager,
)
from upward.programs.views import registration_manage

pytestmark = pytest.mark.django_db


def program_with(count: int, manager: Any) -> Any:
    program = ProgramFactory()
    make_manager(program, manager)
    skills = [SkillFactory() for _ in range(3)]
    registrations = [
        RegistrationFactory(
            program=program,
            role=ParticipantRole.MENTOR if index % 2 else ParticipantRole.MENTEE,
            guide_read_at=None if index % 3 == 0 else timezone.now(),
        )
        for index in range(count)
    ]
    RegistrationSkill.objects.bulk_create(
        RegistrationSkill(registration=registration, skill=skill, priority=position)
        for registration in registrations
        for position, skill in enumerate(skills)
    )
    return program


def queries_for(client: Any, url: str, **params: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_registrations_list_costs_the_same_for_10_and_200(
    program_manager, program_manager_client, monkeypatch
):
    # One page for everything: the count must not depend on the rows shown.
    monkeypatch.setattr(registration_manage, "PAGE_SIZE", 500)
    small = program_with(10, program_manager)
    large = program_with(200, program_manager)

    small_count, _ = queries_for(
        program_manager_client, reverse("programs:registrations", args=[small.pk])
    )
    large_count, html = queries_for(
        program_manager_client, reverse("programs:registrations", args=[large.pk])
    )

    assert html.count('class="cell-primary"') == 200
    assert small_count == large_count


@pytest.mark.parametrize("filters", [{"role": "mentor"}, {"ready": "no"}, {"status": "withdrawn"}])
def test_filtered_lists_cost_the_same_too(
    filters, program_manager, program_manager_client, monkeypatch
):
    monkeypatch.setattr(registration_manage, "PAGE_SIZE", 500)
    small = program_with(10, program_manager)
    large = program_with(200, program_manager)

    small_count, _ = queries_for(
        program_manager_client, reverse("programs:registrations", args=[small.pk]), **filters
    )
    large_count, _ = queries_for(
        program_manager_client, reverse("programs:registrations", args=[large.pk]), **filters
    )

    assert small_count == large_count


def test_my_programs_costs_the_same_for_one_or_many_registrations(mentor, mentor_client):
    RegistrationFactory(person=mentor.person)
    one, _ = queries_for(mentor_client, reverse("home:my_programs"))
    for _ in range(9):
        registration = RegistrationFactory(person=mentor.person)
        registration.skill_links.create(skill=SkillFactory())

    many, html = queries_for(mentor_client, reverse("home:my_programs"))

    assert html.count('class="cell-primary"') == 10
    assert one == many
