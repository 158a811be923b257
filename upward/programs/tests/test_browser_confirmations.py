"""In a real browser, with the keyboard only: a manager asks to delete an agenda template,
reads the confirmation, cancels (it is still there), then confirms (it is gone)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from upward.programs.models import AgendaTemplate
from upward.programs.tests.factories import AgendaTemplateFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("UPWARD_SCREENSHOTS", "")


def snap(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def press(page: Any, control: Any) -> None:
    """Reach a control by focus, as the Tab key does, and activate it with Enter."""
    control.focus()
    expect(control).to_be_focused()
    page.keyboard.press("Enter")


def test_deleting_an_agenda_asks_first_and_cancel_keeps_it(
    page, live_server, login_in_browser, program_manager
):
    program = ProgramFactory(managers=[program_manager], name="Digital Leaders")
    AgendaTemplateFactory(program=program, title="Social media 101")
    AgendaTemplateFactory(program=program, title="AI tools at work")
    agendas_url = f"{live_server.url}/programs/{program.pk}/agendas/"
    login_in_browser(page, program_manager.email)
    page.goto(agendas_url)
    delete = page.get_by_role("button", name="Delete Social media 101")
    question = page.get_by_role("heading", name="Delete the agenda template “Social media 101”?")

    press(page, delete)
    expect(question).to_be_visible()
    expect(page.get_by_text("No session uses it yet.")).to_be_visible()
    snap(page, "confirm-delete-agenda")
    press(page, page.get_by_role("link", name="Cancel"))

    page.wait_for_url(agendas_url)
    expect(page.get_by_role("heading", name="Social media 101")).to_be_visible()
    assert AgendaTemplate.objects.filter(title="Social media 101").exists()

    press(page, delete)
    expect(question).to_be_visible()
    press(page, page.get_by_role("button", name="Delete the agenda template"))

    page.wait_for_url(agendas_url)
    expect(
        page.get_by_role("status").filter(has_text="The agenda template was deleted.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Social media 101")).to_have_count(0)
    expect(page.get_by_role("heading", name="AI tools at work")).to_be_visible()
    assert list(AgendaTemplate.objects.values_list("title", flat=True)) == ["AI tools at work"]
