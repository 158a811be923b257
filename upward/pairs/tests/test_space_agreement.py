"""The agreement: versioned, pending until both accept the same latest version."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.pairs.models import AgreementVersion, Pair
from upward.pairs.services.agreement import agreement_accept, agreement_propose, agreement_start
from upward.pairs.tests.space_fixtures import live_pair, running_program


def _accept_url(pair: Pair, version: AgreementVersion) -> str:
    return reverse("pairs:agreement_accept", args=[pair.pk, version.pk])


def test_version_one_is_the_program_s_text_filled_in(mentor_client: Client, mentor, mentee) -> None:
    program = running_program(agreement_text="We meet {cadence} in {program}.", cadence_weeks=3)
    pair = live_pair(mentor_user=mentor, mentee_user=mentee, program=program)

    response = mentor_client.get(reverse("pairs:detail", args=[pair.pk]))

    version = pair.agreement_versions.get()
    assert version.number == 1 and version.proposed_by is None
    assert version.text == f"We meet every 3 weeks in {program.name}."
    assert not version.in_force
    assert "Pending" in response.content.decode()


@pytest.mark.django_db
def test_a_program_without_text_starts_from_sensible_rules() -> None:
    program = running_program(agreement_text="")
    pair = live_pair(program=program)
    text = agreement_start(pair=pair).text
    assert "Confidentiality" in text and "Rescheduling" in text and "{" not in text


def test_in_force_once_both_accept_then_an_edit_is_pending_until_the_other_accepts(
    space_pair: Pair,
    mentor_client: Client,
    mentee_client: Client,
) -> None:
    v1 = agreement_start(pair=space_pair)
    mentor_client.post(_accept_url(space_pair, v1))
    v1.refresh_from_db()
    assert v1.mentor_accepted_at and not v1.in_force

    mentee_client.post(_accept_url(space_pair, v1))
    v1.refresh_from_db()
    assert v1.in_force
    page = mentee_client.get(reverse("pairs:detail", args=[space_pair.pk])).content.decode()
    assert "In force" in page

    response = mentee_client.post(
        reverse("pairs:agreement_edit", args=[space_pair.pk]),
        {"text": v1.text + "\nNo phones during sessions.", "change_note": "Phones"},
    )
    assert response.status_code == 302
    v2 = space_pair.agreement_versions.get(number=2)
    assert v2.mentee_accepted_at and not v2.mentor_accepted_at and not v2.in_force
    assert v2.proposed_by == space_pair.mentee
    page = mentor_client.get(reverse("pairs:detail", args=[space_pair.pk])).content.decode()
    assert "Pending" in page and "Accept version 2" in page and "No phones" in page

    mentor_client.post(_accept_url(space_pair, v2))
    v2.refresh_from_db()
    assert v2.in_force


def test_an_older_version_cannot_be_accepted(space_pair: Pair) -> None:
    v1 = agreement_start(pair=space_pair)
    agreement_propose(pair=space_pair, actor=space_pair.mentor, text="Version two")
    with pytest.raises(ApplicationError, match="newer version"):
        agreement_accept(version=v1, actor=space_pair.mentee)
    v1.refresh_from_db()
    assert v1.mentee_accepted_at is None


def test_accepting_twice_and_proposing_the_same_text_are_refused(space_pair: Pair) -> None:
    v1 = agreement_start(pair=space_pair)
    agreement_accept(version=v1, actor=space_pair.mentor)
    with pytest.raises(ApplicationError):
        agreement_accept(version=v1, actor=space_pair.mentor)
    with pytest.raises(ApplicationError):
        agreement_propose(pair=space_pair, actor=space_pair.mentee, text=v1.text)


def test_a_stranger_registration_cannot_propose_or_accept(space_pair: Pair) -> None:
    stranger = live_pair().mentor
    v1 = agreement_start(pair=space_pair)
    with pytest.raises(ApplicationError):
        agreement_propose(pair=space_pair, actor=stranger, text="Mine now")
    with pytest.raises(ApplicationError):
        agreement_accept(version=v1, actor=stranger)


def test_history_is_readable_by_both(
    space_pair: Pair,
    mentor_client: Client,
    mentee_client: Client,
) -> None:
    agreement_start(pair=space_pair)
    agreement_propose(
        pair=space_pair, actor=space_pair.mentor, text="Second text", change_note="Shorter"
    )
    for client in (mentor_client, mentee_client):
        html = client.get(reverse("pairs:agreement_history", args=[space_pair.pk])).content.decode()
        assert "Version 1" in html and "Version 2" in html and "Second text" in html
        assert "Shorter" in html


def test_the_audit_log_records_the_fact_never_the_text(space_pair: Pair) -> None:
    agreement_start(pair=space_pair)
    agreement_propose(pair=space_pair, actor=space_pair.mentor, text="CONFIDENTIAL-WORDS")
    entries = AuditEntry.objects.filter(action__startswith="agreement.")
    assert entries.count() == 2
    assert all("CONFIDENTIAL" not in f"{e.summary}{e.data}" for e in entries)


def test_a_closed_pair_s_agreement_is_read_only(
    space_pair: Pair,
    mentor_client: Client,
) -> None:
    v1 = agreement_start(pair=space_pair)
    Pair.objects.filter(pk=space_pair.pk).update(status="ended")
    assert mentor_client.post(_accept_url(space_pair, v1)).status_code == 302
    v1.refresh_from_db()
    assert v1.mentor_accepted_at is None
    assert (
        mentor_client.get(reverse("pairs:agreement_edit", args=[space_pair.pk])).status_code == 404
    )
    page = mentor_client.get(reverse("pairs:detail", args=[space_pair.pk])).content.decode()
    assert "Accept version" not in page


def test_the_partner_is_emailed_about_an_edit_without_its_words(
    space_pair: Pair, mailoutbox: list, django_capture_on_commit_callbacks
) -> None:
    agreement_start(pair=space_pair)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_propose(pair=space_pair, actor=space_pair.mentor, text="CONFIDENTIAL-WORDS")
    assert [m.to for m in mailoutbox] == [[space_pair.mentee.person.email]]
    message = mailoutbox[0]
    assert "Jo Junior proposed an edit" in message.subject
    assert "CONFIDENTIAL" not in message.body
    assert f"/pairs/{space_pair.pk}/#agreement" in message.body
