"""Signed invitation links: refused when expired, tampered with, replaced or someone else's."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from upward.core.models import AuditEntry
from upward.programs.models import InvitationStatus
from upward.programs.services.invitation_links import (
    InvitationLinkError,
    invitation_for_link,
    invitation_token,
)
from upward.programs.services.recruiting import invitation_resend, invitation_revoke
from upward.programs.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(recruiting_program, mentee, person_of):
    return InvitationFactory(
        program=recruiting_program,
        person=person_of(mentee),
        role="mentee",
        invited_by=recruiting_program.managers.first(),
    )


def url_for(token: str) -> str:
    return reverse("programs:invitation", args=[token])


def test_the_invitee_sees_the_program_and_can_answer(mentee_client, invitation):
    response = mentee_client.get(url_for(invitation_token(invitation)))
    assert response.status_code == 200
    assert b"Accept and register" in response.content
    assert b"Digital Leaders 2025" in response.content


def test_opening_the_link_is_recorded_once(mentee_client, invitation):
    token = invitation_token(invitation)
    mentee_client.get(url_for(token))
    invitation.refresh_from_db()
    first_open = invitation.opened_at
    assert invitation.status == InvitationStatus.OPENED and first_open is not None
    mentee_client.get(url_for(token))
    invitation.refresh_from_db()
    assert invitation.opened_at == first_open
    assert AuditEntry.objects.filter(action="invitation.opened").count() == 1


def test_an_expired_link_is_refused_and_says_whom_to_ask(mentee_client, invitation, settings):
    settings.UPWARD_INVITATION_LINK_DAYS = 21
    with time_machine.travel(timezone.now() - timedelta(days=22), tick=False):
        token = invitation_token(invitation)
    response = mentee_client.get(url_for(token))
    assert response.status_code == 410
    assert "This invitation link has expired — ask Pat Manager for a new one." in (
        response.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.opened_at is None


def test_a_link_just_inside_its_lifetime_still_works(mentee_client, invitation):
    with time_machine.travel(timezone.now() - timedelta(days=20), tick=False):
        token = invitation_token(invitation)
    assert mentee_client.get(url_for(token)).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token: "x" + token,  # payload
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_is_refused(mentee_client, invitation, tamper):
    response = mentee_client.get(url_for(tamper(invitation_token(invitation))))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


def test_a_token_signed_for_another_purpose_is_refused(mentee_client, invitation):
    forged = signing.dumps([invitation.pk, invitation.nonce], salt="something.else")
    assert mentee_client.get(url_for(forged)).status_code == 400


def test_someone_elses_link_is_refused_without_saying_whose(outsider_client, invitation, mentee):
    response = outsider_client.get(url_for(invitation_token(invitation)))
    assert response.status_code == 403
    body = response.content.decode()
    assert "This invitation was sent to another person" in body
    assert mentee.full_name not in body and mentee.email not in body
    assert "Digital Leaders 2025" not in body
    invitation.refresh_from_db()
    assert invitation.opened_at is None


def test_someone_else_cannot_accept_or_decline(outsider_client, invitation):
    token = invitation_token(invitation)
    assert (
        outsider_client.post(reverse("programs:invitation_decline", args=[token])).status_code
        == 403
    )
    assert (
        outsider_client.post(reverse("programs:invitation_accept", args=[token])).status_code == 403
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT


def test_resending_kills_the_old_link(mentee_client, invitation, program_manager):
    old = invitation_token(invitation)
    invitation_resend(invitation=invitation, actor=program_manager)
    invitation.refresh_from_db()
    response = mentee_client.get(url_for(old))
    assert response.status_code == 410
    assert "replaced by a newer one" in response.content.decode()
    assert mentee_client.get(url_for(invitation_token(invitation))).status_code == 200


def test_a_withdrawn_invitation_is_refused(mentee_client, invitation, program_manager):
    token = invitation_token(invitation)
    invitation_revoke(invitation=invitation, actor=program_manager)
    response = mentee_client.get(url_for(token))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_someone_not_signed_in_is_told_it_is_an_invitation_and_how_to_answer(client, invitation):
    link = url_for(invitation_token(invitation))

    response = client.get(link)

    html = response.content.decode()
    assert response.status_code == 200
    assert "You have an invitation" in html
    back = urlencode({"next": link})
    assert f'href="/accounts/login/?{back}"' in html
    assert f'href="/accounts/signup/?{back}"' in html
    # The link may have been forwarded: nothing names the program or the person.
    assert invitation.program.name not in html and invitation.person.name not in html
    assert InvitationStatus(invitation.status) == InvitationStatus.SENT  # not "opened"


def test_answering_still_needs_a_signed_in_user(client, invitation):
    response = client.post(url_for(invitation_token(invitation)) + "accept/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_invitee_without_a_linked_person_is_recognised_by_email(
    recruiting_program, mentee, person_of
):
    person = person_of(mentee)
    person.user = None
    person.save()
    invitation = InvitationFactory(program=recruiting_program, person=person)
    assert invitation_for_link(token=invitation_token(invitation), user=mentee) == invitation


def test_the_service_raises_a_reasoned_error(invitation, outsider):
    with pytest.raises(InvitationLinkError) as caught:
        invitation_for_link(token=invitation_token(invitation), user=outsider)
    assert caught.value.reason == InvitationLinkError.OTHER_PERSON
