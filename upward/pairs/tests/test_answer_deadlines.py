"""Answer deadlines: reminders to whoever has not answered, then the managers are told."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from upward.accounts.models import User
from upward.pairs.models import Pair
from upward.pairs.services import pair_answer, pair_send_answer_reminders
from upward.pairs.tests.optin_fixtures import propose
from upward.programs.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(mentor_registration: Registration, mentee_registration: Registration) -> Pair:
    now = timezone.now()
    return propose(
        mentor_registration,
        mentee_registration,
        published_at=now - timedelta(days=4),
        respond_by=now + timedelta(days=3),
    )


def test_reminders_go_only_to_people_who_have_not_answered_then_managers_are_told(
    published: Pair,
    mentor: User,
    mentee: User,
    program_manager: User,
    mailoutbox: list[Any],
) -> None:
    pair_answer(pair_id=published.pk, actor=published.mentee, comfortable=True)
    now = timezone.now()

    first = pair_send_answer_reminders(now=now + timedelta(minutes=1))
    assert (first.reminded, first.escalated) == (1, 0)
    assert [m.to for m in mailoutbox] == [[mentor.email]]
    assert "Reminder" in mailoutbox[0].subject

    again = pair_send_answer_reminders(now=now + timedelta(hours=1))
    assert (again.reminded, again.escalated) == (0, 0)  # one reminder per step

    second = pair_send_answer_reminders(now=now + timedelta(days=2, hours=1))
    assert second.reminded == 1 and len(mailoutbox) == 2

    overdue = pair_send_answer_reminders(now=now + timedelta(days=3, hours=1))
    assert (overdue.reminded, overdue.escalated) == (0, 1)
    escalation = mailoutbox[-1]
    assert escalation.to == [program_manager.email]
    assert "Jo Junior (mentor)" in escalation.body
    assert "Sam Senior" in escalation.body
    published.refresh_from_db()
    assert published.escalated_at is not None and published.reminders_sent == 2

    assert pair_send_answer_reminders(now=now + timedelta(days=4)).escalated == 0


def test_nobody_is_reminded_on_the_day_of_the_proposal(
    mentor_registration: Registration, mentee_registration: Registration, mailoutbox: list[Any]
) -> None:
    now = timezone.now()
    propose(
        mentor_registration,
        mentee_registration,
        published_at=now,
        respond_by=now + timedelta(days=2),
    )
    assert pair_send_answer_reminders(now=now).reminded == 0
    assert mailoutbox == []


def test_answered_pairs_get_no_reminders(
    published: Pair, mentor: User, mentee: User, mailoutbox: list[Any]
) -> None:
    pair_answer(pair_id=published.pk, actor=published.mentee, comfortable=False)
    result = pair_send_answer_reminders(now=timezone.now() + timedelta(days=5))
    assert (result.reminded, result.escalated) == (0, 0)
    assert mailoutbox == []


def test_the_command_runs_the_sweep(published: Pair, mailoutbox: list[Any]) -> None:
    call_command("send_pair_reminders", "--now")
    assert len(mailoutbox) == 2  # both are still to answer
