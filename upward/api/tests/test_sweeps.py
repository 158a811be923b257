from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from upward.api.models import IdempotentReply
from upward.api.sweeps import api_housekeeping, check_ins_overdue_announce
from upward.core import events
from upward.feedback.models import CheckIn
from upward.pairs.tests.sessions_fixtures import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    got: list[tuple[str, dict, int | None]] = []
    monkeypatch.setattr(events, "_listeners", [lambda *args: got.append(args)])
    return got


def _check_in(pair, *, expires_in, answered=False):
    session = book(pair)
    now = timezone.now()
    return CheckIn.objects.create(
        session=session,
        pair=pair,
        author=pair.mentee,
        due_at=now - timedelta(days=3),
        expires_at=now + expires_in,
        answered_at=now if answered else None,
        took_place="held" if answered else "",
    )


def test_an_unanswered_closed_check_in_is_announced_once(space_pair, heard):
    overdue = _check_in(space_pair, expires_in=-timedelta(hours=1))
    _check_in(space_pair, expires_in=timedelta(hours=5))  # still open
    _check_in(space_pair, expires_in=-timedelta(hours=1), answered=True)
    _check_in(space_pair, expires_in=-timedelta(days=5))  # old news
    heard.clear()  # booking the sessions made events of their own
    assert check_ins_overdue_announce() == 1
    assert check_ins_overdue_announce() == 0
    ((event_type, data, program_id),) = heard
    assert event_type == "check_in.overdue"
    assert data["check_in_id"] == overdue.pk
    assert program_id == space_pair.program_id
    assert set(data) == {"check_in_id", "pair_id", "program_id", "program_name"}


def test_housekeeping_forgets_old_idempotency_replies(administrator):
    old = IdempotentReply.objects.create(
        owner="user:1",
        key="a",
        method="POST",
        path="/x",
        request_hash="h",
        status_code=201,
        content_type="application/json",
        body=b"{}",
    )
    IdempotentReply.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    IdempotentReply.objects.create(
        owner="user:1",
        key="b",
        method="POST",
        path="/x",
        request_hash="h",
        status_code=201,
        content_type="application/json",
        body=b"{}",
    )
    assert api_housekeeping()["idempotent_replies"] == 1
    assert list(IdempotentReply.objects.values_list("key", flat=True)) == ["b"]


def test_a_pair_turning_at_risk_is_announced_once_each_time(space_pair, heard):
    from upward.api.sweeps import pairs_at_risk_announce
    from upward.feedback.models import PairHealth

    health = PairHealth.objects.update_or_create(
        pair=space_pair,
        defaults={"state": "at_risk", "score": 20, "reasons": ["x"], "computed_at": timezone.now()},
    )[0]
    heard.clear()
    assert pairs_at_risk_announce() == 1
    assert pairs_at_risk_announce() == 0
    assert [event for event, _data, _program in heard] == ["pair.at_risk"]
    PairHealth.objects.filter(pk=health.pk).update(state="on_track")
    assert pairs_at_risk_announce() == 0
    PairHealth.objects.filter(pk=health.pk).update(state="at_risk")
    assert pairs_at_risk_announce() == 1  # fell back to risk: told again
