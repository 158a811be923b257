"""'My programs': each program a person joined, with the step that is theirs now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from upward.pairs.models import Answer, PairStatus
from upward.pairs.tests.optin_fixtures import propose, register
from upward.pairs.tests.space_fixtures import live_pair
from upward.programs.models import ParticipantRole, ProgramStatus
from upward.programs.tests.factories import ProgramFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_my_programs_lists_registrations_or_explains_how_to_join(mentor_client, mentor):
    empty = mentor_client.get(reverse("home:my_programs")).content.decode()
    assert "You haven't joined a program yet" in empty or "You haven&#x27;t joined" in empty

    registration = RegistrationFactory(person=mentor.person, guide_read_at=None)
    html = mentor_client.get(reverse("home:my_programs")).content.decode()

    assert registration.program.name in html
    assert "Read your preparation guide before matching." in html
    assert reverse("programs:registration_guide", args=[registration.pk]) in html


def test_a_live_pair_leads_to_the_pair_not_to_a_past_matching_date(mentor_client, mentor):
    pair = live_pair(mentor_user=mentor)

    html = mentor_client.get(reverse("home:my_programs")).content.decode()

    assert "Matching on" not in html
    assert f"Your pair with {pair.mentee.person.name} is under way." in html
    assert reverse("pairs:detail", args=[pair.pk]) in html


def test_a_proposal_waiting_for_an_answer_says_so(mentor_client, mentor):
    program = ProgramFactory()
    program.status = ProgramStatus.MATCHING
    program.save(update_fields=["status"])
    pair = propose(
        register(program, ParticipantRole.MENTOR, user=mentor),
        register(program, ParticipantRole.MENTEE),
    )

    html = mentor_client.get(reverse("home:my_programs")).content.decode()

    assert reverse("pairs:proposal", args=[pair.pk]) in html
    assert "See why and answer" in html


def test_a_declined_proposal_reads_as_the_search_going_on(mentor_client, mentor):
    program = ProgramFactory()
    program.status = ProgramStatus.MATCHING
    program.save(update_fields=["status"])
    pair = propose(
        register(program, ParticipantRole.MENTOR, user=mentor),
        register(program, ParticipantRole.MENTEE),
        status=PairStatus.DECLINED,
        mentee_answer=Answer.NOT_COMFORTABLE,
    )

    html = mentor_client.get(reverse("home:my_programs")).content.decode()

    assert "We are finding the best partner for you." in html
    assert pair.mentee.person.name not in html
