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
# The innermost elements that reach past the viewport's right edge, to name the culprit.
WIDEST_ELEMENTS = """(width) => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > width + 1)
  .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
  .slice(0, 6)
  .map((e) => `${e.tagName}.${e.className} in ${e.parentElement.className}`)"""


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


@pytest.mark.parametrize("width", [1280, 375])
def test_the_run_page_fits_the_screen_and_assigns_through_a_search(
    page, live_server, login_in_browser, program_manager, width
):
    program = ProgramFactory(name="Digital Leaders", status="matching", managers=[program_manager])
    bulk_program(program, 25, 35)
    login_in_browser(page, program_manager.email, DEFAULT_PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/programs/{program.pk}/matching/runs/")
    page.get_by_role("button", name="Run a preview").click()
    page.get_by_role("heading", name="Proposed pairs (35)").wait_for()

    overflow = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDEST_ELEMENTS, width)
    assert overflow <= width, f"the page is {overflow} px wide at {width} px: {wide}"
    forbid = page.get_by_role("button", name="Forbid").first
    forbid.scroll_into_view_if_needed()
    box = forbid.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width  # reachable, not off-screen
    snap(page, f"run-detail-{width}")

    # Assign by hand: a name search fills the choices in place (htmx), then assign.
    page.get_by_label("Mentor's name").fill("Person")
    page.get_by_role("radio").first.wait_for()
    assert page.locator("#assign-results input[name=mentor]").count() <= 15
