"""In a real browser, the three journeys of the monitor half.

1. A mentor answers a check-in from the link in its email, then says how useful it was.
2. A mentor raises a concern; the program's lead acknowledges it, writes back and resolves it.
3. A manager finds the pair at risk on the board and nudges it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from upward.accounts.models import User
from upward.accounts.tests.factories import DEFAULT_PASSWORD
from upward.feedback.models import CheckIn, Concern, ConcernStatus, Nudge, TookPlace, Usefulness
from upward.feedback.services.check_ins import check_ins_prompt
from upward.feedback.services.health import pair_health_refresh
from upward.pairs.models import Pair, Session
from upward.pairs.tests.sessions_fixtures import book, london_new_york_pair
from upward.pairs.tests.space_fixtures import live_pair
from upward.programs.models import Program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_answers_a_check_in_from_the_email_link(
    page: Any, live_server: Any, login_in_browser: Any, mentor: User, mentee: User
) -> None:
    pair = london_new_york_pair(mentor_user=mentor, mentee_user=mentee)
    session = book(pair)
    # The session took place yesterday (services plan only ahead: move it back).
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=1))
    mail.outbox.clear()
    check_ins_prompt()
    email = next(m for m in mail.outbox if m.to == [mentor.email])
    held_link = re.search(r"- Yes, it took place: (\S+)", email.body)
    assert held_link is not None

    # Not signed in: the link records the answer, then asks to sign in for the rest.
    page.goto(held_link.group(1).replace("http://127.0.0.1:8000", live_server.url))
    page.wait_for_url(re.compile(r"/accounts/login/"))
    mine = CheckIn.objects.get(author=pair.mentor)
    assert mine.took_place == TookPlace.HELD and mine.answered_at is not None

    page.get_by_label("Email").fill(mentor.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=re.compile("Your session of")).wait_for()
    page.get_by_label("Useful", exact=True).check()
    page.get_by_label("Anything else? (optional, private)").fill("We built my first prompt.")
    page.get_by_role("button", name="Update my check-in").click()
    page.get_by_text("Your partner never sees your answers").wait_for()

    mine.refresh_from_db()
    assert mine.usefulness == Usefulness.USEFUL
    assert mine.comment == "We built my first prompt." and not mine.share_comment

    # The same link a second time records nothing and says why.
    page.goto(held_link.group(1).replace("http://127.0.0.1:8000", live_server.url))
    page.get_by_role("heading", name="This link cannot record an answer").wait_for()


def test_a_mentor_raises_a_concern_and_the_lead_acknowledges_and_resolves_it(
    page: Any,
    live_server: Any,
    login_in_browser: Any,
    mentor: User,
    mentee: User,
    program_manager: User,
) -> None:
    pair = london_new_york_pair(mentor_user=mentor, mentee_user=mentee, manager=program_manager)

    login_in_browser(page, mentor.email)
    page.goto(f"{live_server.url}/pairs/{pair.pk}/")
    page.get_by_role("link", name="Raise a confidential concern").click()
    page.get_by_label("Behaviour").check()
    page.get_by_label("What happened?").fill("He dismisses my ideas in front of his team.")
    page.get_by_role("button", name="Send my concern").click()
    page.get_by_text("is not told").wait_for()
    concern = Concern.objects.get()
    page.context.clear_cookies()

    login_in_browser(page, program_manager.email)
    page.get_by_role("link", name="Concerns", exact=True).click()
    page.get_by_role("link", name=re.compile("Behaviour")).first.click()
    page.get_by_text("He dismisses my ideas in front of his team.").wait_for()
    page.get_by_role("button", name="Acknowledge: I have it").click()
    page.get_by_text("Acknowledged: the person who raised it").wait_for()
    page.get_by_label("Your message").fill("Thank you for telling us. Can we talk on Friday?")
    page.get_by_role("button", name="Send").click()
    page.get_by_label("What was done").fill(
        "We talked with both; the pair goes on with a new agenda."
    )
    page.get_by_role("button", name="Resolve").click()
    page.get_by_text("Resolved. The person who raised it can read the outcome.").wait_for()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED
    page.context.clear_cookies()

    login_in_browser(page, mentor.email)
    page.goto(f"{live_server.url}/concerns/{concern.pk}/")
    page.get_by_text("the pair goes on with a new agenda").wait_for()
    page.get_by_text("Can we talk on Friday?").wait_for()


def _at_risk(pair: Pair) -> None:
    """Live for ten weeks without a single session: behind the rhythm and drifting."""
    weeks_ago = timezone.now() - timedelta(weeks=10)
    start = weeks_ago.date()
    Program.objects.filter(pk=pair.program_id).update(
        registration_opens_on=start - timedelta(days=40),
        registration_closes_on=start - timedelta(days=20),
        matching_on=start - timedelta(days=10),
        starts_on=start,
    )
    Pair.objects.filter(pk=pair.pk).update(live_at=weeks_ago)
    pair_health_refresh(pair_id=pair.pk)


def test_a_manager_finds_the_pair_at_risk_on_the_board_and_nudges_it(
    page: Any, live_server: Any, login_in_browser: Any, program_manager: User
) -> None:
    steady = live_pair(manager=program_manager)
    drifting = live_pair(program=steady.program)
    _at_risk(drifting)
    pair_health_refresh(pair_id=steady.pk)
    names = f"{drifting.mentor.person.name} and {drifting.mentee.person.name}"

    login_in_browser(page, program_manager.email)
    page.goto(f"{live_server.url}/programs/{steady.program_id}/")
    page.get_by_role("link", name="Monitoring").click()
    first_row = page.locator("table.board tbody tr").first
    assert "At risk" in first_row.inner_text()
    assert drifting.mentor.person.name in first_row.inner_text()
    assert "no session booked or held yet" in first_row.inner_text().lower()

    mail.outbox.clear()
    first_row.get_by_role("button", name=re.compile("Nudge")).click()
    page.get_by_text(f"Nudged: {names} are reminded.").wait_for()
    page.locator("table.board tbody tr").first.get_by_text(re.compile("Nudged")).wait_for()

    assert Nudge.objects.filter(pair=drifting).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [drifting.mentor.person.email, drifting.mentee.person.email]
    )
