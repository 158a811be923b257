"""In a real browser: a manager creates a program from a template and invites a senior leader;
the invitee opens the email from the mail folder, registers, and shows up in the funnel."""

from __future__ import annotations

import email
import os
import re
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from upward.programs.models import Invitation, InvitationStatus, Program, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set UPWARD_SCREENSHOTS=/some/dir to keep a picture of each step.
SCREENSHOTS = os.environ.get("UPWARD_SCREENSHOTS", "")
LINK = re.compile(r"https?://\S+/programs/invitation/[^/\s]+/")


def snap(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def mail_in(folder: Path) -> list[Message]:
    """The messages Django's file-based backend wrote, one file per connection."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        # Each message is followed by a line of 79 dashes.
        for raw in path.read_bytes().split(b"-" * 79):
            if raw.strip():
                messages.append(email.message_from_bytes(raw.strip()))
    return messages


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no plain-text part")


def test_a_manager_invites_a_leader_who_registers_and_appears_in_the_funnel(
    page, live_server, login_in_browser, program_manager, mentee, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.SITE_URL = live_server.url

    # The manager creates a program from a template and opens recruiting.
    login_in_browser(page, program_manager.email)
    page.goto(f"{live_server.url}/programs/new/")
    page.get_by_label("Digital and social-media skills for leaders").check()
    page.get_by_label("Program name").fill("Digital Leaders 2025")
    page.get_by_role("button", name="Create program").click()
    page.get_by_role("button", name="Open recruiting").click()
    page.get_by_text("Status: Recruiting").wait_for()
    program = Program.objects.get(name="Digital Leaders 2025")
    assert program.status == "recruiting"

    # ... and invites Sam Senior as a mentee, found through the directory search.
    page.get_by_role("button", name="Invite people").click()  # a link styled as a button
    page.get_by_label("Mentee: a senior leader who learns").check()
    page.get_by_label("Search the directory").fill("Sam")
    page.get_by_label("Sam Senior").check()  # appears once the live search answers
    snap(page, "recruiting-invite")
    page.get_by_role("button", name="Invite selected").click()
    page.wait_for_url(lambda url: "/recruiting/invitations/" in url)
    expect(page.get_by_text("Invited 1 person")).to_be_visible()
    snap(page, "recruiting-invitations")

    # The invitation email is in the mail folder, with a personal link.
    [message] = mail_in(tmp_path)
    assert message["To"] == mentee.email
    assert message["Subject"] == "You're invited to Digital Leaders 2025"
    body = text_of(message)
    assert body.startswith("Hello Sam,")
    link = LINK.search(body)
    assert link, body

    # Sam opens it, accepts and registers as a mentee.
    page.context.clear_cookies()
    login_in_browser(page, mentee.email)
    page.goto(link.group(0))
    expect(
        page.get_by_role("heading", name="You're invited to Digital Leaders 2025")
    ).to_be_visible()
    snap(page, "recruiting-landing")
    page.get_by_role("button", name="Accept and register").click()
    page.wait_for_url(lambda url: "/register/" in url)
    # Wait for the live search to answer: its answer replaces the list, and a box ticked
    # before it arrives would be lost with the old list.
    with page.expect_response(lambda response: "/register/skills/" in response.url):
        page.get_by_label("Search skills").fill("prompt")
    page.get_by_label("Prompt writing", exact=True).check()
    page.get_by_label("Priority for Prompt writing").fill("1")
    page.get_by_label("What do you want to learn, and why now?").fill(
        "Use AI tools with confidence and understand how my younger team works."
    )
    page.get_by_label("Tuesday 09:00").check()
    page.get_by_role("button", name="Register as a mentee").click()
    page.wait_for_url(lambda url: "/registrations/" in url)
    assert Registration.objects.filter(program=program, person__user=mentee).exists()
    invitation = Invitation.objects.get(program=program)
    assert invitation.status == InvitationStatus.REGISTERED

    # The manager sees Sam in the funnel.
    page.context.clear_cookies()
    login_in_browser(page, program_manager.email)
    page.goto(f"{live_server.url}/programs/{program.pk}/recruiting/")
    funnel = page.get_by_role("list", name="Recruiting funnel")
    expect(funnel).to_be_visible()
    snap(page, "recruiting-funnel")
    assert [item.inner_text().split() for item in funnel.get_by_role("listitem").all()] == [
        ["Invited", "1"],
        ["Opened", "1"],
        ["Registered", "1"],
        ["Declined", "0"],
        ["Joined", "openly", "0"],
    ]
    page.goto(f"{live_server.url}/programs/{program.pk}/recruiting/invitations/")
    expect(page.get_by_role("row", name=re.compile("Sam Senior"))).to_contain_text("Registered")
