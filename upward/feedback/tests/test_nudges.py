"""Automatic nudges: a drifting pair is reminded once, then its managers are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from upward.feedback.models import Nudge, NudgeKind
from upward.feedback.services.nudges import nudges_automatic
from upward.pairs.models import Pair
from upward.pairs.tests.sessions_fixtures import book

pytestmark = pytest.mark.django_db


def _sweep_on(day: int) -> int:
    """Run the daily sweep `day` days from now, on a frozen clock."""
    moment = timezone.now() + timedelta(days=day)
    with time_machine.travel(moment, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        return nudges_automatic()


def test_a_pair_keeping_its_rhythm_is_left_alone(pair: Pair) -> None:
    # A new pair meets every 2 weeks: 1.5 x the rhythm is 21 days of quiet.
    assert _sweep_on(20) == 0
    assert not Nudge.objects.exists()
    assert mail.outbox == []


def test_a_drifting_pair_gets_one_reminder_a_week_at_most(pair: Pair) -> None:
    assert _sweep_on(22) == 1
    assert _sweep_on(25) == 0

    assert list(Nudge.objects.values_list("kind", flat=True)) == [NudgeKind.PAIR]
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([pair.mentor.person.email, pair.mentee.person.email])
    assert all("Time to book your next session" in m.subject for m in mail.outbox)
    assert f"/pairs/{pair.pk}/sessions/" in mail.outbox[0].body


def test_still_nothing_a_week_later_and_the_managers_are_told(pair: Pair, program_manager) -> None:
    _sweep_on(22)
    mail.outbox.clear()

    assert _sweep_on(30) == 1

    assert Nudge.objects.filter(kind=NudgeKind.MANAGERS).count() == 1
    assert [m.to for m in mail.outbox] == [[program_manager.email]]
    assert "have still not met" in mail.outbox[0].subject
    assert f"/programs/{pair.program_id}/monitoring/" in mail.outbox[0].body


def test_a_pair_that_booked_after_the_reminder_is_not_reported(pair: Pair) -> None:
    _sweep_on(22)
    with time_machine.travel(timezone.now() + timedelta(days=23), tick=False):
        book(pair, timezone.now() + timedelta(days=30))
    mail.outbox.clear()

    assert _sweep_on(30) == 0
    assert not Nudge.objects.filter(kind=NudgeKind.MANAGERS).exists()
    assert mail.outbox == []


def test_a_session_booked_ahead_means_no_nudge(pair: Pair) -> None:
    book(pair, timezone.now() + timedelta(days=40))

    assert _sweep_on(22) == 0


def test_the_nudge_shows_on_the_pairs_health(pair: Pair) -> None:
    _sweep_on(22)

    pair.health.refresh_from_db()
    assert pair.health.board["last_nudge_at"] is not None
