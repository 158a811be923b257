"""The manager's funnel and invitation list: right numbers, fixed queries, own programs only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.people.tests.factories import PersonFactory
from upward.programs.models import InvitationStatus
from upward.programs.selectors.recruiting import recruiting_funnel
from upward.programs.services.invitation_links import invitation_token
from upward.programs.services.recruiting import invitation_decline, invitation_mark_registered
from upward.programs.tests.factories import (
    InvitationFactory,
    ProgramFactory,
    RegistrationFactory,
    make_manager,
)

pytestmark = pytest.mark.django_db


def test_the_funnel_counts_each_stage(recruiting_program, django_assert_num_queries):
    now = timezone.now()
    InvitationFactory.create_batch(3, program=recruiting_program)
    InvitationFactory(program=recruiting_program, status=InvitationStatus.OPENED, opened_at=now)
    registered = InvitationFactory(program=recruiting_program)
    RegistrationFactory(program=recruiting_program, person=registered.person)
    invitation_mark_registered(program=recruiting_program, person=registered.person)
    declined = InvitationFactory(program=recruiting_program)
    invitation_decline(invitation=declined, reason="Too busy this quarter")
    InvitationFactory(program=recruiting_program, status=InvitationStatus.REVOKED)
    RegistrationFactory(program=recruiting_program)  # joined through open registration
    InvitationFactory()  # another program

    with django_assert_num_queries(2):
        funnel = recruiting_funnel(recruiting_program)
    assert funnel == {
        "invited": 6,
        "opened": 3,  # registering or declining implies having opened the link
        "registered": 1,
        "declined": 1,
        "pending": 4,
        "revoked": 1,
        "open_signups": 1,
    }


def test_registering_marks_only_that_persons_invitation(recruiting_program):
    mine = InvitationFactory(program=recruiting_program)
    other = InvitationFactory(program=recruiting_program)
    invitation_mark_registered(program=recruiting_program, person=mine.person)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == InvitationStatus.REGISTERED and mine.responded_at is not None
    assert other.status == InvitationStatus.SENT
    assert invitation_mark_registered(program=recruiting_program, person=PersonFactory()) is None


def test_the_invitee_declines_with_a_reason_the_manager_reads(
    mentee_client, program_manager_client, recruiting_program, mentee, person_of
):
    invitation = InvitationFactory(program=recruiting_program, person=person_of(mentee))
    token = invitation_token(invitation)
    response = mentee_client.post(
        reverse("programs:invitation_decline", args=[token]),
        {"reason": "Not this year, sorry"},
        follow=True,
    )
    assert b"Thank you for letting us know" in response.content
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    overview = program_manager_client.get(
        reverse("programs:recruiting", args=[recruiting_program.pk])
    )
    assert b"Not this year, sorry" in overview.content


def test_accepting_leads_to_the_registration_form_for_the_invited_role(
    mentee_client, recruiting_program, mentee, person_of
):
    invitation = InvitationFactory(
        program=recruiting_program, person=person_of(mentee), role="mentee"
    )
    response = mentee_client.post(
        reverse("programs:invitation_accept", args=[invitation_token(invitation)])
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("programs:register", kwargs={"slug": recruiting_program.slug}) + "?role=mentee"
    )
    invitation.refresh_from_db()
    assert invitation.opened_at is not None


def _queries_for_list(client, program) -> int:
    url = reverse("programs:recruiting_invitations", args=[program.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_invitations_list_costs_the_same_queries_for_10_or_200(
    program_manager_client, recruiting_program, program_manager
):
    InvitationFactory.create_batch(10, program=recruiting_program, invited_by=program_manager)
    with_10 = _queries_for_list(program_manager_client, recruiting_program)
    InvitationFactory.create_batch(190, program=recruiting_program, invited_by=program_manager)
    with_200 = _queries_for_list(program_manager_client, recruiting_program)
    assert with_10 == with_200


def test_the_funnel_page_costs_the_same_queries_however_many_invitations(
    program_manager_client, recruiting_program
):
    url = reverse("programs:recruiting", args=[recruiting_program.pk])
    InvitationFactory.create_batch(3, program=recruiting_program)
    with CaptureQueriesContext(connection) as few:
        program_manager_client.get(url)
    InvitationFactory.create_batch(
        60, program=recruiting_program, status=InvitationStatus.DECLINED, decline_reason="Busy"
    )
    with CaptureQueriesContext(connection) as many:
        program_manager_client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


MANAGER_PAGES = [
    "programs:recruiting",
    "programs:recruiting_invite",
    "programs:recruiting_invitations",
    "programs:recruiting_people_search",
    "programs:recruiting_filter_preview",
]


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_a_manager_of_another_program_gets_404(name, recruiting_program, client):
    other_manager = make_manager(ProgramFactory())
    client.force_login(other_manager)
    assert client.get(reverse(name, args=[recruiting_program.pk])).status_code == 404


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_an_outsider_gets_404(name, recruiting_program, outsider_client):
    assert outsider_client.get(reverse(name, args=[recruiting_program.pk])).status_code == 404


@pytest.mark.parametrize("action", ["programs:invitation_resend", "programs:invitation_revoke"])
def test_nobody_else_can_resend_or_withdraw(action, recruiting_program, client):
    invitation = InvitationFactory(program=recruiting_program)
    client.force_login(make_manager(ProgramFactory()))
    assert (
        client.post(reverse(action, args=[recruiting_program.pk, invitation.pk])).status_code == 404
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT


def test_an_invitation_of_another_program_is_404_even_for_a_manager(
    program_manager_client, recruiting_program
):
    elsewhere = InvitationFactory()
    url = reverse("programs:invitation_revoke", args=[recruiting_program.pk, elsewhere.pk])
    assert program_manager_client.post(url).status_code == 404


def test_an_administrator_sees_every_programs_funnel(administrator_client, recruiting_program):
    url = reverse("programs:recruiting", args=[recruiting_program.pk])
    assert administrator_client.get(url).status_code == 200
