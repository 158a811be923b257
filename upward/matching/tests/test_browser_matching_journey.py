"""The whole matching journey in a real browser, each person from their own login.

The manager previews a run, adjusts it (pins a pair), publishes; the mentor and
the mentee each confirm privately; the pair is live. Set UPWARD_SCREENSHOTS to
a folder to keep a screenshot of each step.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from upward.accounts.models import User
from upward.accounts.tests.factories import DEFAULT_PASSWORD
from upward.pairs.models import Pair, PairStatus
from upward.pairs.tests.optin_fixtures import in_matching, register
from upward.programs.models import ParticipantRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("UPWARD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _sign_out(page: Any) -> None:
    page.context.clear_cookies()


def test_manager_publishes_and_both_people_confirm_from_their_own_login(
    page: Any,
    live_server: Any,
    login_in_browser: Any,
    program_manager: User,
    mentor: User,
    mentee: User,
) -> None:
    program = in_matching(managers=[program_manager])
    register(program, ParticipantRole.MENTOR, user=mentor)
    register(program, ParticipantRole.MENTEE, user=mentee)
    register(program, ParticipantRole.MENTOR, name="Ana Analyst", skills=("sql",))
    register(program, ParticipantRole.MENTEE, name="Dana Director", skills=("sql",))

    # The manager previews a run and adjusts it.
    login_in_browser(page, program_manager.email, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/programs/{program.pk}/matching/runs/")
    page.get_by_role("button", name="Run a preview").click()
    page.get_by_role("heading", name=re.compile(r"Proposed pairs")).wait_for()
    page.get_by_role("button", name="Pin Jo Junior with Sam Senior").click()
    _shot(page, "1-run-adjusted")

    # ... and publishes it.
    page.get_by_role("button", name="Review and publish").click()
    _shot(page, "2-publish-confirm")
    page.get_by_role("button", name="Publish and ask everyone").click()
    page.get_by_role("heading", name="Pairs and answers").wait_for()
    assert page.get_by_text("2 proposals sent").is_visible()
    _shot(page, "3-pairs-and-answers")
    _sign_out(page)

    # The mentor confirms privately.
    # Each person finds the proposal on their home page after signing in.
    login_in_browser(page, mentor.email, DEFAULT_PASSWORD)
    page.get_by_role("button", name="See why and answer").click()
    page.get_by_role("heading", name="We propose Sam Senior as your mentee").wait_for()
    _shot(page, "4-mentor-proposal")
    page.get_by_label("I am comfortable with this pairing").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("we'll let you know once your partner has answered").wait_for()
    _shot(page, "5-mentor-waiting")
    _sign_out(page)

    # The mentee confirms privately; the pair is live.
    login_in_browser(page, mentee.email, DEFAULT_PASSWORD)
    page.get_by_role("button", name="See why and answer").click()
    page.get_by_label("I am comfortable with this pairing").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text(
        "Your pair is live: sign the agreement, set goals, book the first session."
    ).wait_for()
    _shot(page, "6-mentee-live")

    pair = Pair.objects.get(mentor__person__user=mentor)
    assert pair.status == PairStatus.LIVE
    assert pair.mentee.person.user == mentee
