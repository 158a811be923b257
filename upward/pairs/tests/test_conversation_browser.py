"""In a real browser: the mentor writes in the thread (htmx posts without a reload, the
poll brings the partner's reply), a script is shown as text, notes default to private."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from upward.pairs.models import Message, NoteVisibility, SessionNote
from upward.pairs.services.conversation import message_post
from upward.pairs.tests.conversation_fixtures import make_session, personas_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("UPWARD_SCREENSHOTS", "")


def snap(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_mentor_posts_without_a_reload_and_sees_the_reply_arrive(
    page, live_server, login_in_browser, mentor, mentee, program_manager
):
    pair = personas_pair(mentor, mentee, program_manager)
    message_post(pair=pair, actor=pair.mentee, text="<script>alert(1)</script> hi Jo")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login_in_browser(page, mentor.email)
    page.goto(f"{live_server.url}/pairs/{pair.pk}/messages/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("<script>alert(1)</script> hi Jo").is_visible()

    page.evaluate("window.__noReload = true")
    page.get_by_label("Message").fill("Shall we try Reels next week?")
    page.get_by_role("button", name="Send").click()
    page.locator("#thread").get_by_text("Shall we try Reels next week?").wait_for()
    assert page.evaluate("window.__noReload === true")  # htmx swapped it in, no reload
    assert page.get_by_label("Message").input_value() == ""

    message_post(pair=pair, actor=pair.mentee, text="Yes, Tuesday works")
    page.locator("#thread").get_by_text("Yes, Tuesday works").wait_for(timeout=15_000)
    snap(page, "conversation-thread")
    assert Message.objects.filter(text="Shall we try Reels next week?").count() == 1
    assert page.locator("#thread li").count() == 3
    assert dialogs == []


def test_a_new_note_is_private_unless_shared(
    page, live_server, login_in_browser, mentor, mentee, program_manager
):
    pair = personas_pair(mentor, mentee, program_manager)
    session = make_session(pair)
    login_in_browser(page, mentor.email)
    page.goto(f"{live_server.url}/pairs/{pair.pk}/sessions/{session.pk}/notes/")
    assert page.get_by_label("Private: only I can read it").is_checked()
    page.get_by_role("textbox", name="Your note").fill("Sam seemed tired; ask about workload")
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Sam seemed tired; ask about workload").wait_for()
    snap(page, "conversation-notes")
    assert SessionNote.objects.get().visibility == NoteVisibility.PRIVATE
