"""Proposing, accepting, moving, cancelling and holding sessions; reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.pairs.models import PairStatus, Session, SessionStatus
from upward.pairs.services.session_emails import session_send_reminders
from upward.pairs.services.sessions import (
    session_accept,
    session_cancel,
    session_counter_propose,
    session_mark_held,
    session_propose,
    session_reschedule,
)
from upward.pairs.tests.sessions_fixtures import book, in_days, london_new_york_pair
from upward.programs.tests.factories import AgendaTemplateFactory

pytestmark = pytest.mark.django_db


def test_a_proposal_waits_for_the_other_person(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(7))
    assert session.status == SessionStatus.PROPOSED
    assert session.minutes == pair.program.session_minutes
    (email,) = mail.outbox
    assert email.to == ["sam.senior@example.com"]  # the proposer is not emailed
    assert "Jo Junior proposed a session" in email.subject
    assert "(America/New_York)" in email.subject  # in Sam's own zone
    with pytest.raises(ApplicationError):
        session_accept(session=session, actor=pair.mentor)
    assert session_accept(session=session, actor=pair.mentee).status == SessionStatus.BOOKED


def test_only_the_pairs_people_plan_and_only_while_live(pair):
    stranger = london_new_york_pair().mentor
    with pytest.raises(ApplicationError):
        session_propose(pair=pair, actor=stranger, starts_at=in_days(7))
    with pytest.raises(ApplicationError):
        session_propose(pair=pair, actor=pair.mentor, starts_at=timezone.now() - timedelta(hours=1))
    pair.status = PairStatus.ENDED
    pair.save(update_fields=["status"])
    with pytest.raises(ApplicationError):
        session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(7))


def test_an_agenda_comes_from_this_programs_library_or_free_text(pair):
    template = AgendaTemplateFactory(program=pair.program, title="Generative AI at work")
    session = session_propose(
        pair=pair, actor=pair.mentor, starts_at=in_days(7), agenda_template=template
    )
    assert session.agenda_template == template
    free = session_propose(pair=pair, actor=pair.mentee, starts_at=in_days(8), agenda="  Reels  ")
    assert free.agenda == "Reels"
    with pytest.raises(ApplicationError):
        session_propose(
            pair=pair,
            actor=pair.mentor,
            starts_at=in_days(9),
            agenda_template=AgendaTemplateFactory(),
        )


def test_the_other_person_proposes_another_time_and_the_first_accepts(pair):
    session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(7))
    session = session_counter_propose(
        session=session, actor=pair.mentee, starts_at=in_days(8), reason="Thursday suits me"
    )
    assert session.proposed_by == pair.mentee
    assert session.starts_at == in_days(8)
    assert session.change_reason == "Thursday suits me"
    assert session.ical_sequence == 0  # no invite went out yet
    with pytest.raises(ApplicationError):
        session_accept(session=session, actor=pair.mentee)
    assert session_accept(session=session, actor=pair.mentor).status == SessionStatus.BOOKED


def test_reschedule_records_who_and_why_and_needs_a_reason(pair):
    session = book(pair)
    with pytest.raises(ApplicationError):
        session_reschedule(session=session, actor=pair.mentee, starts_at=in_days(9), reason=" ")
    session = session_reschedule(
        session=session, actor=pair.mentee, starts_at=in_days(9), reason="Board meeting"
    )
    assert session.status == SessionStatus.BOOKED
    assert (session.changed_by, session.change_reason) == (pair.mentee, "Board meeting")
    assert (session.reschedule_count, session.ical_sequence) == (1, 1)
    assert AuditEntry.objects.filter(action="session.rescheduled").count() == 1


def test_who_cancelled_is_recorded(pair):
    session = session_cancel(session=book(pair), actor=pair.mentee, reason="Travelling")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.changed_by == pair.mentee
    assert session.change_reason == "Travelling"
    assert session.cancelled_at is not None
    with pytest.raises(ApplicationError):
        session_cancel(session=session, actor=pair.mentor, reason="again")


def test_withdrawing_a_proposal_sends_no_calendar_file(pair, django_capture_on_commit_callbacks):
    session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(7))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = session_cancel(session=session, actor=pair.mentor, reason="Wrong week")
    assert session.ical_sequence == 0
    assert all(not message.attachments for message in mail.outbox)


def test_marking_held_keeps_the_pairs_counters(pair):
    first = book(pair, in_days(2))
    second = book(pair, in_days(3))
    with pytest.raises(ApplicationError):  # not started yet
        session_mark_held(session=first, actor=pair.mentor)
    Session.objects.filter(pk=first.pk).update(starts_at=timezone.now() - timedelta(days=9))
    Session.objects.filter(pk=second.pk).update(starts_at=timezone.now() - timedelta(days=2))
    session_mark_held(session=second, actor=pair.mentee)
    session_mark_held(session=first, actor=pair.mentor)
    pair.refresh_from_db()
    assert pair.sessions_held == 2
    second.refresh_from_db()
    assert pair.last_session_at == second.starts_at  # the latest, whatever the order marked
    with pytest.raises(ApplicationError):
        session_mark_held(session=first, actor=pair.mentor)


def test_reminders_go_once_to_both_and_again_after_a_reschedule(pair):
    session = book(pair, timezone.now() + timedelta(hours=20))
    later = book(pair, in_days(5))
    mail.outbox.clear()
    assert session_send_reminders() == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jo.junior@example.com",
        "sam.senior@example.com",
    ]
    assert session_send_reminders() == 0
    session = session_reschedule(
        session=session,
        actor=pair.mentor,
        starts_at=timezone.now() + timedelta(hours=22),
        reason="Later the same day",
    )
    assert session_send_reminders() == 1
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_a_cancelled_session_gets_no_reminder(pair):
    session = book(pair, timezone.now() + timedelta(hours=5))
    session_cancel(session=session, actor=pair.mentor, reason="Sick")
    assert session_send_reminders() == 0


def test_the_reminder_command_runs_the_sweep(pair):
    book(pair, timezone.now() + timedelta(hours=3))
    mail.outbox.clear()
    call_command("send_session_reminders", "--now")
    assert len(mail.outbox) == 2
    call_command("send_session_reminders")  # queued; ImmediateBackend runs it: nothing due
    assert len(mail.outbox) == 2


def test_the_partner_reads_who_cancelled_and_why(pair, django_capture_on_commit_callbacks):
    session = book(pair)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, actor=pair.mentor, reason="I am ill")
    to_sam = next(m for m in mail.outbox if m.to == ["sam.senior@example.com"])
    assert 'Jo Junior said: "I am ill"' in to_sam.body
    to_jo = next(m for m in mail.outbox if m.to == ["jo.junior@example.com"])
    assert 'You said: "I am ill"' in to_jo.body
