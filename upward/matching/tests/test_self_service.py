"""Self-service: a mentee picks among their top suggestions; the mentor confirms privately."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from upward.accounts.models import User
from upward.matching.models import MatchSettings
from upward.pairs.models import Answer, Pair, PairStatus
from upward.pairs.tests.optin_fixtures import register
from upward.programs.models import ParticipantRole, Program, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def self_service(matching_program: Program) -> Program:
    MatchSettings.objects.create(program=matching_program, self_service=True)
    return matching_program


def test_mentee_requests_a_suggested_mentor_who_then_confirms(
    self_service: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    mentee_client: Client,
    mentor_client: Client,
    mentor: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = reverse("matching:suggestions", args=[mentee_registration.pk])
    page = mentee_client.get(url).content.decode()
    assert "Jo Junior" in page and "Teaches the skill" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = mentee_client.post(url, {"mentor": mentor_registration.pk})

    pair = Pair.objects.get()
    assert response.status_code == 302
    assert pair.status == PairStatus.PROPOSED
    assert pair.mentee_answer == Answer.COMFORTABLE and pair.mentor_answer == Answer.PENDING
    assert [m.to for m in mailoutbox] == [[mentor.email]]  # only the mentor is asked

    proposal = reverse("pairs:proposal", args=[pair.pk])
    assert mentor_client.post(proposal, {"answer": "yes"}).status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.LIVE


def test_mentee_cannot_request_a_mentor_outside_their_suggestions(
    self_service: Program,
    mentee_registration: Registration,
    mentee_client: Client,
) -> None:
    too_senior = register(self_service, ParticipantRole.MENTOR, level=9)
    url = reverse("matching:suggestions", args=[mentee_registration.pk])
    response = mentee_client.post(url, {"mentor": too_senior.pk})
    assert response.status_code == 400
    assert not Pair.objects.exists()


def test_self_service_is_off_unless_the_program_turns_it_on(
    matching_program: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    mentee_client: Client,
) -> None:
    url = reverse("matching:suggestions", args=[mentee_registration.pk])
    page = mentee_client.get(url).content.decode()
    assert "the program managers propose the pairs" in page
    assert mentee_client.post(url, {"mentor": mentor_registration.pk}).status_code == 400
    assert not Pair.objects.exists()


def test_nobody_else_sees_a_mentees_suggestions(
    self_service: Program,
    mentee_registration: Registration,
    mentor_client: Client,
    program_manager_client: Client,
) -> None:
    url = reverse("matching:suggestions", args=[mentee_registration.pk])
    assert mentor_client.get(url).status_code == 404
    assert program_manager_client.get(url).status_code == 404
