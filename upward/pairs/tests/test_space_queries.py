"""The pair page costs a fixed number of SQL queries, however much the pair has written."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import User
from upward.pairs.models import (
    AgreementVersion,
    Goal,
    GoalOwner,
    GoalUpdate,
    Learning,
    Message,
    NoteVisibility,
    Pair,
    Session,
    SessionNote,
    SessionStatus,
)
from upward.pairs.tests.space_fixtures import live_pair, running_program


def _fill(pair: Pair, n: int) -> None:
    """n of everything, written directly."""
    now = timezone.now()
    people = (pair.mentor, pair.mentee)
    for number in range(2, n + 2):  # version 1 came with the live pair
        AgreementVersion.objects.create(
            pair=pair,
            number=number,
            text=f"Text {number}",
            proposed_by=people[number % 2],
            mentor_accepted_at=now,
            mentee_accepted_at=now if number < n + 1 else None,
        )
    for i in range(n):
        goal = Goal.objects.create(pair=pair, owner=GoalOwner.values[i % 2], title=f"Goal {i}")
        for j in range(2):
            GoalUpdate.objects.create(
                goal=goal, author=people[i % 2], status="in_progress", text=f"u{j}"
            )
        session = Session.objects.create(
            pair=pair,
            starts_at=now + timedelta(days=i),
            status=SessionStatus.BOOKED,
            proposed_by=people[i % 2],
            ical_uid=f"{pair.pk}-{i}@test",
        )
        for visibility in NoteVisibility.values:
            SessionNote.objects.create(
                session=session, author=people[i % 2], visibility=visibility, text="n"
            )
        Message.objects.create(pair=pair, author=people[i % 2], text=f"Message {i}")
        Learning.objects.create(
            pair=pair, author=people[i % 2], session=session, text=f"Learned {i}"
        )


def _queries(client: Client, pair: Pair) -> int:
    url = reverse("pairs:detail", args=[pair.pk])
    assert client.get(url).status_code == 200  # warm up: sessions, lazy first version
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pair_page_costs_the_same_with_one_or_many_rows(
    mentor: User, mentee: User, mentor_client: Client
) -> None:
    few = live_pair(mentor_user=mentor, mentee_user=mentee)
    _fill(few, 1)
    few_count = _queries(mentor_client, few)

    # A second pair for the same people in another program, with far more of everything.
    many = live_pair(mentor_user=mentor, mentee_user=mentee)
    _fill(many, 12)
    many_count = _queries(mentor_client, many)

    assert many_count == few_count
    assert few_count <= 25, few_count


def test_the_program_pairs_page_costs_the_same_queries_and_bytes_for_10_or_250_pairs(
    program_manager, program_manager_client
):
    def cost(url: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = program_manager_client.get(url)
        assert response.status_code == 200
        return len(captured), len(response.content)

    small, large = (running_program(managers=[program_manager]) for _ in range(2))
    for _ in range(10):
        live_pair(program=small)
    for _ in range(250):
        live_pair(program=large)
    small_url = reverse("pairs:program_pairs", args=[small.pk])
    large_url = reverse("pairs:program_pairs", args=[large.pk])
    cost(small_url)  # warm the session

    small_queries, _ = cost(small_url)
    large_queries, large_bytes = cost(large_url)
    second_queries, second_bytes = cost(large_url + "?page=2")

    assert small_queries == large_queries == second_queries
    assert abs(large_bytes - second_bytes) < 3_000  # a page of 100 pairs either way
    assert "page 1 of 3" in program_manager_client.get(large_url).content.decode()
