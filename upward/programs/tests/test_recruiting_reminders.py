"""Reminders: to those who have not answered, at most two, each claimed once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from upward.programs.models import Invitation, InvitationStatus
from upward.programs.services.invitation_sending import MAX_REMINDERS, invitation_send_reminders
from upward.programs.tests.factories import InvitationFactory
from upward.programs.tests.recruiting_fixtures import link_in

pytestmark = pytest.mark.django_db


def sent_days_ago(program, days, **extra):
    return InvitationFactory(
        program=program, sent_at=timezone.now() - timedelta(days=days), **extra
    )


def test_people_who_have_not_answered_get_a_reminder(recruiting_program, mailoutbox):
    waiting = sent_days_ago(recruiting_program, 6)
    invitation_send_reminders()
    [message] = mailoutbox
    assert message.to == [waiting.person.email]
    assert message.subject == "Reminder: your invitation to Digital Leaders 2025"
    assert "/programs/invitation/" in link_in(message.body)
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 1 and waiting.last_reminded_at is not None


def test_one_sweep_reminds_each_person_once(recruiting_program, mailoutbox):
    sent_days_ago(recruiting_program, 30)
    assert invitation_send_reminders() == 1
    assert invitation_send_reminders() == 0
    assert len(mailoutbox) == 1


def test_people_who_answered_or_were_just_invited_are_left_alone(recruiting_program, mailoutbox):
    for status in (
        InvitationStatus.REGISTERED,
        InvitationStatus.DECLINED,
        InvitationStatus.REVOKED,
    ):
        sent_days_ago(recruiting_program, 10, status=status)
    sent_days_ago(recruiting_program, 1)  # too recent
    InvitationFactory(program=recruiting_program, sent_at=None)  # email not sent yet
    assert invitation_send_reminders() == 0
    assert mailoutbox == []


def test_opened_but_unanswered_invitations_are_reminded(recruiting_program, mailoutbox):
    sent_days_ago(recruiting_program, 6, status=InvitationStatus.OPENED, opened_at=timezone.now())
    assert invitation_send_reminders() == 1


def test_at_most_two_reminders_spaced_out(recruiting_program, mailoutbox):
    invitation = sent_days_ago(recruiting_program, 40)
    now = timezone.now()
    assert invitation_send_reminders(now=now) == 1
    assert invitation_send_reminders(now=now + timedelta(days=1)) == 0  # too soon again
    assert invitation_send_reminders(now=now + timedelta(days=6)) == 1
    assert invitation_send_reminders(now=now + timedelta(days=12)) == 0  # limit reached
    invitation.refresh_from_db()
    assert invitation.reminders_sent == MAX_REMINDERS == 2
    assert len(mailoutbox) == 2


def test_no_reminders_once_registration_has_closed(recruiting_program, mailoutbox):
    sent_days_ago(recruiting_program, 10)
    recruiting_program.registration_closes_on = timezone.localdate() - timedelta(days=1)
    recruiting_program.save()
    assert invitation_send_reminders() == 0


def test_a_failing_address_does_not_stop_the_sweep(recruiting_program, mailoutbox, monkeypatch):
    first = sent_days_ago(recruiting_program, 10)
    second = sent_days_ago(recruiting_program, 10)
    from upward.programs.services import invitation_sending

    real = invitation_sending.send_email

    def flaky(**kwargs):
        if kwargs["to"] == [first.person.email]:
            raise OSError("SMTP said no")
        real(**kwargs)

    monkeypatch.setattr(invitation_sending, "send_email", flaky)
    assert invitation_send_reminders() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reminders_sent, second.reminders_sent) == (0, 1)  # first stays due


def test_the_command_queues_the_sweep(recruiting_program, mailoutbox, capsys):
    sent_days_ago(recruiting_program, 10)
    call_command("send_invitation_reminders")  # the test settings run tasks inline
    assert len(mailoutbox) == 1
    assert "Queued the reminder sweep" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writes"
)
def test_a_row_claimed_by_another_worker_is_skipped(recruiting_program, mailoutbox):
    claimed = sent_days_ago(recruiting_program, 10)
    free = sent_days_ago(recruiting_program, 10)
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Invitation.objects.select_for_update().get(pk=claimed.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    assert locked.wait(10)
    try:
        assert invitation_send_reminders() == 1
    finally:
        release.set()
        worker.join()
    assert [message.to for message in mailoutbox] == [[free.person.email]]
    claimed.refresh_from_db()
    assert claimed.reminders_sent == 0
