"""In a real browser: the mentor proposes a session, the mentee accepts, both see it
in their own time zone, and the .ics download works. Set UPWARD_SCREENSHOTS to a
folder to keep a screenshot of each step.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from upward.accounts.models import User
from upward.accounts.tests.factories import DEFAULT_PASSWORD
from upward.pairs.models import Session, SessionStatus
from upward.pairs.tests.sessions_fixtures import LONDON, NEW_YORK, london_new_york_pair
from upward.programs.tests.factories import AgendaTemplateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("UPWARD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"sessions-{name}.png"), full_page=True)


def _local(session: Session, zone: str) -> str:
    return f"{session.starts_at.astimezone(ZoneInfo(zone)):%a %d %b %Y, %H:%M}"


def test_mentor_proposes_mentee_accepts_both_see_their_own_time_and_download_the_ics(
    page: Any, live_server: Any, login_in_browser: Any, mentor: User, mentee: User
) -> None:
    pair = london_new_york_pair(mentor_user=mentor, mentee_user=mentee)
    AgendaTemplateFactory(program=pair.program, title="Social media 101 for leaders")
    sessions_url = f"{live_server.url}/pairs/{pair.pk}/sessions/"

    # Jo (London) picks a suggested time and an agenda from the library.
    login_in_browser(page, mentor.email, DEFAULT_PASSWORD)
    page.goto(sessions_url)
    page.get_by_label(re.compile(r"your time · \d\d:\d\d for Sam")).first.check()
    page.get_by_label("Agenda from the program's library").select_option(
        label="Social media 101 for leaders"
    )
    page.get_by_label("Where").fill("https://meet.example.com/jo-sam")
    _shot(page, "1-propose")
    page.get_by_role("button", name="Propose this time").click()
    page.get_by_text("We have asked Sam to accept it.").wait_for()
    session = Session.objects.get(pair=pair)
    assert session.status == SessionStatus.PROPOSED
    page.get_by_text(f"{_local(session, LONDON)}").first.wait_for()
    page.context.clear_cookies()

    # Sam (New York) sees it in New York time and accepts.
    login_in_browser(page, mentee.email, DEFAULT_PASSWORD)
    page.goto(sessions_url)
    page.get_by_text("Jo proposed this time.").wait_for()
    assert _local(session, NEW_YORK) in page.content()
    assert _local(session, LONDON) not in page.content()
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("Booked. The calendar invite is on its way to you both.").wait_for()
    _shot(page, "2-accepted")
    session.refresh_from_db()
    assert session.status == SessionStatus.BOOKED

    # The .ics download parses and carries the UTC start and the session's UID.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    path = download_info.value.path()
    (event,) = Calendar.from_ical(Path(path).read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == session.ical_uid
    assert event.decoded("DTSTART") == session.starts_at
    page.context.clear_cookies()

    # Jo sees it booked, in London time.
    login_in_browser(page, mentor.email, DEFAULT_PASSWORD)
    page.goto(sessions_url)
    page.get_by_text(_local(session, LONDON)).first.wait_for()
    expect(page.locator("body")).to_contain_text("Booked")
    _shot(page, "3-mentor-sees-booked")
