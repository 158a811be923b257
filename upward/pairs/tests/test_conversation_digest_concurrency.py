"""Several workers sweeping the message digests at the same moment email each person once.

On PostgreSQL the claim relies on SELECT ... FOR UPDATE SKIP LOCKED; on SQLite the
sweeps' IMMEDIATE transactions take the write lock one after the other.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from upward.core.testing.races import run_together
from upward.pairs.services.conversation import (
    DIGEST_QUIET_PERIOD,
    message_post,
    messages_notify_batch,
)
from upward.pairs.tests.space_fixtures import live_pair

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8


def test_concurrent_sweeps_send_each_digest_once():
    pairs = [live_pair() for _ in range(5)]
    for pair in pairs:
        for number in range(3):
            message_post(pair=pair, actor=pair.mentor, text=f"note {number}")
    later = timezone.now() + DIGEST_QUIET_PERIOD + timedelta(minutes=1)

    outcomes = run_together(
        {f"worker {n}": lambda: messages_notify_batch(now=later) for n in range(WORKERS)}
    )

    assert all(outcome.startswith("ok") for outcome in outcomes.values()), outcomes
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        pair.mentee.person.email for pair in pairs
    )
