"""The monitoring board: every live pair's health, in a fixed number of queries, and its actions."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.feedback.models import Nudge, NudgeKind, PairHealth
from upward.feedback.services.health import health_recompute_all
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.people.models import Person

pytestmark = pytest.mark.django_db


def _program_with(n: int, manager):
    program = running_program(managers=[manager])
    pairs = [live_pair(program=program) for _ in range(n)]
    health_recompute_all()
    return program, pairs


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.content)


def test_the_board_costs_the_same_queries_and_bytes_for_10_or_200_pairs(
    program_manager, program_manager_client
):
    small, _ = _program_with(10, program_manager)
    large, _ = _program_with(200, program_manager)
    small_url = reverse("feedback:board", args=[small.pk])
    large_url = reverse("feedback:board", args=[large.pk])
    _queries(program_manager_client, small_url)  # warm the session

    small_queries, _ = _queries(program_manager_client, small_url)
    large_queries, large_bytes = _queries(program_manager_client, large_url)
    second_queries, second_bytes = _queries(program_manager_client, large_url + "?page=4")

    assert small_queries == large_queries == second_queries
    assert abs(large_bytes - second_bytes) < 2_000  # a page of 50 rows either way


def test_pairs_at_risk_come_first_with_their_reasons(program_manager, program_manager_client):
    program, pairs = _program_with(3, program_manager)
    PairHealth.objects.filter(pair=pairs[1]).update(
        state="at_risk", score=30, reasons=["no session booked and none held for 41 days"]
    )

    html = program_manager_client.get(reverse("feedback:board", args=[program.pk])).content.decode()

    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert pairs[1].mentee.person.name in first_row
    assert "No session booked and none held for 41 days" in first_row


def test_the_board_filters_by_state_and_department(program_manager, program_manager_client):
    program, pairs = _program_with(3, program_manager)
    PairHealth.objects.filter(pair=pairs[0]).update(state="at_risk", score=20)
    url = reverse("feedback:board", args=[program.pk])

    at_risk = program_manager_client.get(url, {"state": "at_risk"}).context["rows"]
    department = pairs[2].mentor.person.department
    by_department = program_manager_client.get(url, {"department": department.pk}).context["rows"]

    assert [row.pair for row in at_risk] == [pairs[0]]
    assert pairs[2] in [row.pair for row in by_department]


def test_the_csv_holds_the_visible_columns_and_neutralises_formulas(
    program_manager, program_manager_client
):
    program, pairs = _program_with(2, program_manager)
    Person.objects.filter(pk=pairs[0].mentor.person_id).update(name='=HYPERLINK("http://x","y")')

    response = program_manager_client.get(reverse("feedback:board_csv", args=[program.pk]))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Mentor", "Mentee", "State", "Score"]
    assert len(rows) == 3
    assert '\'=HYPERLINK("http://x","y")' in [row[0] for row in rows]


def test_a_manager_nudges_a_pair_and_the_nudge_shows_on_the_board(
    program_manager, program_manager_client, django_capture_on_commit_callbacks
):
    program, (pair,) = _program_with(1, program_manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = program_manager_client.post(
            reverse("feedback:nudge", args=[program.pk, pair.pk]), {"next": "board"}
        )

    assert response.status_code == 302
    assert Nudge.objects.get().kind == NudgeKind.MANUAL
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor.person.email, pair.mentee.person.email]
    )
    html = program_manager_client.get(reverse("feedback:board", args=[program.pk])).content.decode()
    assert "Nudged " in html


def test_a_manager_writes_to_both_and_an_empty_message_is_a_clear_error(
    program_manager, program_manager_client, django_capture_on_commit_callbacks
):
    program, (pair,) = _program_with(1, program_manager)
    url = reverse("feedback:message_both", args=[program.pk, pair.pk])
    mail.outbox.clear()

    empty = program_manager_client.post(url, {"text": "  "})
    with django_capture_on_commit_callbacks(execute=True):
        sent = program_manager_client.post(url, {"text": "How are the sessions going?"})

    assert empty.status_code == 400 and "Write your message first." in empty.content.decode()
    assert sent.status_code == 302
    assert len(mail.outbox) == 2 and "How are the sessions going?" in mail.outbox[0].body


def test_shared_comments_reach_the_manager_and_private_ones_never(pair, program_manager_client):
    from upward.feedback.models import CheckIn
    from upward.pairs.tests.sessions_fixtures import book, in_days

    session = book(pair, in_days(1))
    for author, comment, shared in (
        (pair.mentor, "SHARED-WORDS", True),
        (pair.mentee, "PRIVATE-WORDS", False),
    ):
        CheckIn.objects.create(
            session=session,
            pair=pair,
            author=author,
            due_at=session.starts_at,
            expires_at=session.starts_at,
            took_place="held",
            comment=comment,
            share_comment=shared,
            answered_at=session.starts_at,
        )

    html = program_manager_client.get(
        reverse("feedback:pair_followup", args=[pair.program_id, pair.pk])
    ).content.decode()

    assert "SHARED-WORDS" in html and "PRIVATE-WORDS" not in html


def test_open_actions_say_what_waits_on_someone(pair, program_manager_client):
    from upward.feedback.models import CheckIn
    from upward.pairs.services.sessions import session_propose
    from upward.pairs.tests.sessions_fixtures import in_days

    session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(3))
    for author in (pair.mentor, pair.mentee):
        CheckIn.objects.create(
            session=session,
            pair=pair,
            author=author,
            due_at=session.starts_at,
            expires_at=session.starts_at + timedelta(days=14),
        )

    page = program_manager_client.get(reverse("feedback:board", args=[pair.program_id]))

    text = page.content.decode()
    assert "2 check-ins unanswered" in text
    assert "1 session proposed, not yet accepted" in text


def test_a_pair_with_a_session_booked_or_nudged_today_is_not_nudged_again(
    pair, program_manager, program_manager_client
):
    from upward.feedback.services.nudges import nudge_send
    from upward.pairs.tests.sessions_fixtures import book, in_days

    url = reverse("feedback:nudge", args=[pair.program_id, pair.pk])
    program_manager_client.post(url, {"note": ""})
    again = program_manager_client.post(url, {"note": ""}, follow=True).content.decode()
    assert "give them a day before another nudge" in again
    assert Nudge.objects.filter(pair=pair).count() == 1

    book(pair, in_days(5))
    from upward.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="session booked ahead"):
        nudge_send(pair=pair, actor=program_manager, now=timezone.now() + timedelta(days=2))
