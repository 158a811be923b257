"""In a real browser: a manager runs a preview on a 60-person program, reads the chart and
the pairs, pins one, and compares two runs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from upward.accounts.tests.factories import DEFAULT_PASSWORD
from upward.matching.models import MatchRun, PairConstraint
from upward.matching.tests.runs_fixtures import bulk_program
from upward.programs.tests.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("UPWARD_SCREENSHOTS", "")


def snap(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_manager_previews_pins_and_compares(page, live_server, login_in_browser, program_manager):
    program = ProgramFactory(name="Digital Leaders", status="matching", managers=[program_manager])
    bulk_program(program, 25, 35)
    login_in_browser(page, program_manager.email, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_role("link", name="Matching", exact=True).click()
    page.get_by_label("Name this run (optional)").fill("defaults")
    page.get_by_role("button", name="Run a preview").click()
    page.get_by_role("heading", name="Proposed pairs (35)").wait_for()
    page.wait_for_function("document.querySelector('canvas[data-chart]').dataset.drawn === '1'")
    snap(page, "run-detail")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/run-top.png")
        page.locator("table.proposals").scroll_into_view_if_needed()
        page.screenshot(path=f"{SCREENSHOTS}/run-table.png")
    page.get_by_role("button", name="Pin").first.click()
    page.get_by_text("Pair pinned").wait_for()
    assert PairConstraint.objects.filter(kind="pin").count() == 1
    page.get_by_role("link", name="Weights and rules").click()
    page.get_by_label("Availability").fill("6")
    snap(page, "settings")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_label("Name this run (optional)").fill("availability 6")
    page.get_by_role("button", name="Run a preview").click()
    page.get_by_role("heading", name="Proposed pairs (35)").wait_for()
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("heading", name="Figures").wait_for()
    snap(page, "compare")
    assert MatchRun.objects.filter(program=program).count() == 2
