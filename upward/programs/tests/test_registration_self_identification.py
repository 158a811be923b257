"""Optional self-identification on the pages: consent, withdrawal, and who never sees it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from upward.programs.models import Objective, Registration, SelfIdentification
from upward.programs.tests.factories import (
    RegistrationFactory,
    SelfIdentificationFactory,
    SkillFactory,
    make_manager,
)
from upward.programs.tests.test_registration_views import form_data, open_program, register_url

pytestmark = pytest.mark.django_db


def inclusion_program() -> Any:
    return open_program(objectives=[Objective.INCLUSION.value])


def test_self_identification_is_offered_only_with_an_inclusion_objective(mentor_client):
    with_inclusion = mentor_client.get(register_url(inclusion_program())).content.decode()
    without = mentor_client.get(register_url(open_program())).content.decode()

    assert "groups of fewer than 5 people are never shown" in with_inclusion
    assert 'name="sid_consent"' in with_inclusion
    assert 'name="sid_consent" checked' not in with_inclusion
    assert "sid_consent" not in without


def test_self_identification_without_consent_is_not_stored(mentor_client):
    program = inclusion_program()

    response = mentor_client.post(
        register_url(program), form_data([SkillFactory()], sid_generation="gen_z")
    )

    assert response.status_code == 400
    assert "nothing is stored without your consent" in response.content.decode()
    assert not SelfIdentification.objects.exists()
    assert not Registration.objects.exists()


def test_self_identification_with_consent_is_stored(mentor_client, mentor):
    program = inclusion_program()

    mentor_client.post(
        register_url(program),
        form_data([SkillFactory()], sid_consent="on", sid_generation="gen_z", sid_disability="no"),
    )

    record = SelfIdentification.objects.get(registration__person=mentor.person)
    assert record.answers == {"generation": "gen_z", "disability": "no"}


def test_registering_without_self_identification_is_fine(mentor_client, mentor):
    mentor_client.post(register_url(inclusion_program()), form_data([SkillFactory()]))

    assert Registration.objects.filter(person=mentor.person).exists()
    assert not SelfIdentification.objects.exists()


def test_a_participant_withdraws_consent_from_their_page(mentor_client, mentor):
    registration = RegistrationFactory(program=inclusion_program(), person=mentor.person)
    SelfIdentificationFactory(registration=registration, answers={"generation": "gen_z"})

    mentor_client.post(reverse("programs:self_identification_withdraw", args=[registration.pk]))

    assert not SelfIdentification.objects.exists()


def test_withdrawing_from_the_program_deletes_self_identification(mentor_client, mentor):
    registration = RegistrationFactory(program=inclusion_program(), person=mentor.person)
    SelfIdentificationFactory(registration=registration, answers={"generation": "gen_z"})

    mentor_client.post(reverse("programs:registration_withdraw", args=[registration.pk]))

    assert not SelfIdentification.objects.exists()


def test_managers_never_see_self_identification(program_manager, program_manager_client):
    program = inclusion_program()
    make_manager(program, program_manager)
    registration = RegistrationFactory(program=program)
    SelfIdentificationFactory(
        registration=registration,
        answers={"generation": "gen_x", "gender_identity": "Agender-7731", "disability": "yes"},
    )

    pages = [
        program_manager_client.get(reverse("programs:registrations", args=[program.pk])),
        program_manager_client.get(reverse("programs:overview", args=[program.pk])),
    ]

    for response in pages:
        assert response.status_code == 200
        html = response.content.decode().lower()
        assert registration.person.name.lower() in html or "registrations" in html
        for secret in ["agender-7731", "gen_x", "gen x", "self-identification", "about you"]:
            assert secret not in html
