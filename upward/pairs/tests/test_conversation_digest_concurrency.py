"""Several workers sweeping the message digests at the same moment email each person once.

PostgreSQL only: the claim relies on SELECT ... FOR UPDATE SKIP LOCKED, which SQLite
(one writer at a time) does not need.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from upward.pairs.services.conversation import (
    DIGEST_QUIET_PERIOD,
    message_post,
    messages_notify_batch,
)
from upward.pairs.tests.space_fixtures import live_pair

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8


def test_concurrent_sweeps_send_each_digest_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED: run with DATABASE_URL=postgres://...")
    pairs = [live_pair() for _ in range(5)]
    for pair in pairs:
        for number in range(3):
            message_post(pair=pair, actor=pair.mentor, text=f"note {number}")
    later = timezone.now() + DIGEST_QUIET_PERIOD + timedelta(minutes=1)
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            barrier.wait()
            messages_notify_batch(now=later)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=sweep) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        pair.mentee.person.email for pair in pairs
    )
