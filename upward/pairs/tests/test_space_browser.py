"""In a real browser: a live pair signs its agreement, sets goals, sees its kick-off progress."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from upward.pairs.tests.space_fixtures import live_pair, running_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set UPWARD_SCREENSHOTS=/some/dir to keep a picture of each step.
SCREENSHOTS = os.environ.get("UPWARD_SCREENSHOTS", "")


def snap(page, name):  # type: ignore[no-untyped-def]
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_a_pair_signs_its_agreement_and_sets_goals(  # type: ignore[no-untyped-def]
    browser, live_server, login_in_browser, mentor, mentee, program_manager
):
    program = running_program(
        managers=[program_manager],
        name="Digital leaders 2026",
        agreement_text="Rules of the road for {program}.\n\nWe meet {cadence}.",
    )
    pair = live_pair(mentor_user=mentor, mentee_user=mentee, program=program)
    mentee_page = browser.new_page()
    mentor_page = browser.new_page()

    login_in_browser(mentee_page, mentee.email)
    mentee_page.get_by_role("link", name="My pairs").first.click()
    mentee_page.get_by_role("link", name="Jo Junior").click()
    expect(mentee_page.get_by_role("heading", name="Getting started: 0 of 4 done")).to_be_visible()
    snap(mentee_page, "space-detail-new")
    mentee_page.get_by_role("button", name="Accept version 1").click()
    expect(mentee_page.get_by_text("You accepted version 1.")).to_be_visible()
    mentee_page.get_by_text("Add a learning goal").click()
    mentee_page.get_by_label("Goal", exact=True).fill("Understand how TikTok reaches customers")
    mentee_page.get_by_role("button", name="Add goal").click()
    expect(mentee_page.get_by_text("Goal added.")).to_be_visible()

    login_in_browser(mentor_page, mentor.email)
    mentor_page.goto(f"{live_server.url}/pairs/{pair.pk}/")
    mentor_page.get_by_role("button", name="Accept version 1").click()
    expect(mentor_page.get_by_text("Version 1 is now in force")).to_be_visible()
    mentor_page.get_by_text("Add a development goal").click()
    mentor_page.get_by_label("Goal", exact=True).fill("Present to an executive audience")
    mentor_page.get_by_role("button", name="Add goal").click()
    expect(mentor_page.get_by_role("heading", name="Getting started: 3 of 4 done")).to_be_visible()
    snap(mentor_page, "space-detail-kicked-off")

    mentor_page.get_by_role("link", name="Propose an edit").click()
    mentor_page.get_by_label("The agreement, as you propose it").fill("Shorter rules.")
    mentor_page.get_by_role("button", name="Propose this version").click()
    expect(mentor_page.get_by_text("pending until Sam Senior accepts it")).to_be_visible()
    mentee_page.reload()
    expect(mentee_page.get_by_role("button", name="Accept version 2")).to_be_visible()
    snap(mentee_page, "space-detail-pending-edit")
    mentee_page.get_by_role("link", name="History (2 versions)").click()
    snap(mentee_page, "space-agreement-history")

    manager_page = browser.new_page()
    login_in_browser(manager_page, program_manager.email)
    manager_page.goto(f"{live_server.url}/programs/{pair.program_id}/pairs/{pair.pk}/")
    expect(manager_page.get_by_role("heading", name="Jo Junior and Sam Senior")).to_be_visible()
    expect(manager_page.get_by_text("Shorter rules.")).to_have_count(0)
    snap(manager_page, "space-manager-detail")
    for each in (mentee_page, mentor_page, manager_page):
        each.close()
