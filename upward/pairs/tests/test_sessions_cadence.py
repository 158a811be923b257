"""Cadence against the agreed rhythm, cheap for many pairs; suggested slots."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upward.pairs.models import Pair
from upward.pairs.selectors.sessions import cadence, cadence_for_pairs, expected_sessions
from upward.pairs.services.slots import suggest_slots
from upward.pairs.session_display import cadence_line
from upward.pairs.tests.sessions_fixtures import LONDON, NEW_YORK, london_new_york_pair, place
from upward.pairs.tests.space_fixtures import live_pair, running_program

pytestmark = pytest.mark.django_db

LIVE = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
END = date(2027, 12, 31)


@pytest.mark.parametrize(
    ("today", "weeks", "expected"),
    [
        (date(2027, 1, 4), 2, 1),  # the first session is expected straight away
        (date(2027, 1, 17), 2, 1),
        (date(2027, 1, 18), 2, 2),
        (date(2027, 3, 15), 2, 6),  # 10 weeks in
        (date(2027, 3, 15), 1, 11),
        (date(2028, 6, 1), 4, 13),  # capped by the program's end
        (date(2026, 12, 1), 2, 0),  # before going live
    ],
)
def test_expected_sessions(today, weeks, expected):
    assert (
        expected_sessions(live_at=LIVE, cadence_weeks=weeks, ends_on=END, today=today) == expected
    )


def test_a_pair_live_before_the_program_starts_owes_nothing_until_it_starts():
    early = {"live_at": LIVE, "cadence_weeks": 2, "starts_on": date(2027, 2, 1), "ends_on": END}
    assert expected_sessions(**early, today=date(2027, 1, 20)) == 0
    assert expected_sessions(**early, today=date(2027, 2, 1)) == 1
    assert expected_sessions(**early, today=date(2027, 2, 15)) == 2


def test_cadence_line_reads_like_the_issue(pair):
    Pair.objects.filter(pk=pair.pk).update(
        live_at=LIVE, sessions_held=4, last_session_at=datetime(2027, 2, 24, 15, tzinfo=UTC)
    )
    pair.refresh_from_db()
    pair.program.ends_on = END
    pair.program.starts_on = date(2026, 12, 1)
    numbers = cadence(pair, today=date(2027, 3, 15))
    assert cadence_line(numbers) == "4 of 6 expected so far; last one 19 days ago"
    assert numbers.behind == 2


def test_cadence_for_many_pairs_is_one_query_whatever_their_number():
    program = running_program()
    for _ in range(10):
        live_pair(program=program)
    with CaptureQueriesContext(connection) as ten:
        result = cadence_for_pairs(Pair.objects.filter(program=program))
    assert len(result) == 10
    for _ in range(40):
        live_pair(program=program)
    with CaptureQueriesContext(connection) as fifty:
        result = cadence_for_pairs(Pair.objects.filter(program=program), today=program.starts_on)
    assert len(result) == 50
    assert len(ten.captured_queries) == len(fifty.captured_queries) == 1
    assert {c.expected for c in result.values()} == {1}


def test_slots_are_where_both_availabilities_overlap_for_a_whole_session(pair):
    now = datetime(2027, 1, 1, 12, tzinfo=UTC)  # a Friday in winter
    slots = suggest_slots(pair, now=now)
    # London 13:00-15:00 and New York 09:00-11:00 (14:00-16:00 London) share 14:00-15:00 on
    # Tuesdays; Thursday London 15:00-17:00 and New York 07:00-09:00 (12:00-14:00) never meet.
    assert [s.starts_at for s in slots] == [
        datetime(2027, 1, 5, 14, tzinfo=UTC),
        datetime(2027, 1, 12, 14, tzinfo=UTC),
        datetime(2027, 1, 19, 14, tzinfo=UTC),
    ]


def test_slots_follow_each_zones_own_daylight_saving(pair):
    # New York moves to summer time on 14 March 2027, London not until 28 March: for
    # those two weeks the zones are 4 hours apart and the shared time starts an hour
    # earlier in London (13:00, the start of the mentor's block); then 14:00 again.
    slots = suggest_slots(pair, now=datetime(2027, 3, 12, 12, tzinfo=UTC))
    london = [s.starts_at.astimezone(ZoneInfo(LONDON)) for s in slots]
    new_york = [s.starts_at.astimezone(ZoneInfo(NEW_YORK)) for s in slots]
    assert [t.hour for t in london] == [13, 13, 14]
    assert [t.hour for t in new_york] == [9, 9, 9]


def test_a_longer_session_needs_more_shared_hours(pair):
    pair.program.session_minutes = 90
    assert suggest_slots(pair, now=datetime(2027, 1, 1, 12, tzinfo=UTC)) == []


def test_no_overlap_no_suggestions():
    pair = london_new_york_pair()
    place(pair.mentee, NEW_YORK, ["sat-19"])
    assert suggest_slots(pair, now=datetime(2027, 1, 1, 12, tzinfo=UTC)) == []
