"""A member's home page shows the programs they take part in, or a helpful empty state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from upward.programs.models import ParticipantRole, RegistrationStatus
from upward.programs.tests.factories import ProgramFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_registered_mentor_sees_their_program_and_the_guide_to_read(
    mentor, mentor_client, person_of
):
    program = ProgramFactory(name="Digital leadership pilot")
    RegistrationFactory(
        program=program, person=person_of(mentor), role=ParticipantRole.MENTOR, guide_read_at=None
    )

    page = mentor_client.get(reverse("home:home")).content.decode()

    assert "Digital leadership pilot" in page
    assert "Read your preparation guide" in page
    assert "You're not in a program yet" not in page


def test_a_withdrawn_registration_no_longer_shows(mentee, mentee_client, person_of):
    program = ProgramFactory(name="Inclusive leadership circle")
    RegistrationFactory(
        program=program,
        person=person_of(mentee),
        role=ParticipantRole.MENTEE,
        status=RegistrationStatus.WITHDRAWN,
    )

    page = mentee_client.get(reverse("home:home")).content.decode()

    assert "Inclusive leadership circle" not in page
    assert "You're not in a program yet" in page


def test_nobody_sees_another_persons_programs_on_their_home_page(
    mentor, outsider_client, person_of
):
    program = ProgramFactory(name="Digital leadership pilot")
    RegistrationFactory(program=program, person=person_of(mentor), role=ParticipantRole.MENTOR)

    assert (
        "Digital leadership pilot" not in outsider_client.get(reverse("home:home")).content.decode()
    )
