"""The public program page: who sees it, and the join buttons for eligible people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from upward.programs.models import ProgramStatus, RecruitmentMode
from upward.programs.tests.factories import InvitationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def page_url(program):
    return reverse("programs:program_page", args=[program.slug])


@pytest.fixture
def open_program(recruiting_program):
    recruiting_program.recruitment_mode = RecruitmentMode.OPEN
    recruiting_program.save()
    return recruiting_program


def test_an_eligible_mentor_can_join_an_open_program(mentor_client, open_program):
    response = mentor_client.get(page_url(open_program))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Join as a mentor" in body
    register = reverse("programs:register", kwargs={"slug": open_program.slug})
    assert f'href="{register}?role=mentor"' in body
    assert f'href="{register}?role=mentee"' not in body
    assert "What each role commits to" in body
    assert "45 minutes every 2 weeks" in body


def test_a_senior_leader_is_offered_the_mentee_role(mentee_client, open_program):
    body = mentee_client.get(page_url(open_program)).content.decode()
    assert "Join as a mentee" in body
    assert "?role=mentor" not in body


def test_someone_eligible_for_neither_role_is_told_why(outsider_client, open_program):
    open_program.eligibility.filter(role="mentor").update(max_level=2)
    body = outsider_client.get(page_url(open_program)).content.decode()
    assert "do not include you" in body
    assert "?role=" not in body


def test_an_invite_only_program_is_hidden_from_people_not_invited(
    outsider_client, recruiting_program
):
    assert outsider_client.get(page_url(recruiting_program)).status_code == 404


def test_an_invited_person_sees_the_invite_only_program(
    mentee_client, recruiting_program, mentee, person_of
):
    InvitationFactory(program=recruiting_program, person=person_of(mentee), role="mentee")
    body = mentee_client.get(page_url(recruiting_program)).content.decode()
    assert "Join as a mentee" in body


def test_a_draft_is_visible_only_to_its_managers(
    program_manager_client, mentor_client, open_program
):
    open_program.status = ProgramStatus.DRAFT
    open_program.save()
    assert mentor_client.get(page_url(open_program)).status_code == 404
    response = program_manager_client.get(page_url(open_program))
    assert response.status_code == 200
    assert b"You manage this program" in response.content


def test_the_manager_sees_the_shareable_link(program_manager_client, open_program):
    body = program_manager_client.get(page_url(open_program)).content.decode()
    assert f"http://testserver{page_url(open_program)}" in body or page_url(open_program) in body


def test_a_registered_person_sees_their_registration(
    mentor_client, open_program, mentor, person_of
):
    RegistrationFactory(program=open_program, person=person_of(mentor), role="mentor")
    body = mentor_client.get(page_url(open_program)).content.decode()
    assert "You are registered as a mentor" in body.replace("mentor (junior, teaches)", "mentor")


def test_no_join_buttons_once_registration_has_closed(mentor_client, open_program):
    open_program.registration_closes_on = timezone.localdate() - timedelta(days=1)
    open_program.save()
    body = mentor_client.get(page_url(open_program)).content.decode()
    assert "Join as" not in body
    assert "has closed" in body


def test_the_page_needs_sign_in(client, open_program):
    assert client.get(page_url(open_program)).status_code == 302
