"""In a real browser: a senior leader registers as a mentee, searching the skills live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from upward.programs.models import Objective, RecruitmentMode, Registration, SelfIdentification
from upward.programs.tests.factories import ProgramFactory, RegistrationQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set UPWARD_SCREENSHOTS=/some/dir to keep a picture of each step.
SCREENSHOTS = os.environ.get("UPWARD_SCREENSHOTS", "")


def snap(page, name):  # type: ignore[no-untyped-def]
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_a_mentee_registers_with_live_skill_search_and_ranked_priorities(
    page, live_server, login_in_browser, mentee
):
    program = ProgramFactory(
        name="Digital leaders 2025",
        slug="digital-leaders",
        recruitment_mode=RecruitmentMode.OPEN,
        objectives=[Objective.DIGITAL_SKILLS.value, Objective.INCLUSION.value],
    )
    RegistrationQuestionFactory(
        program=program, prompt="How confident are you online?", kind="scale"
    )

    login_in_browser(page, mentee.email)
    page.goto(f"{live_server.url}/programs/p/{program.slug}/register/?role=mentee")
    snap(page, "register-mentee")

    # Like a person, wait for the live search to answer before picking.
    page.get_by_label("Search skills").fill("prompt")
    expect(page.get_by_label("LinkedIn", exact=True)).to_have_count(0)
    page.get_by_label("Prompt writing", exact=True).check()
    page.get_by_label("Priority for Prompt writing").fill("1")
    page.get_by_label("Search skills").fill("linkedin")
    expect(page.get_by_label("LinkedIn", exact=True)).to_have_count(1)
    expect(page.get_by_label("Spreadsheet skills", exact=True)).to_have_count(0)
    page.get_by_label("LinkedIn", exact=True).check()
    page.get_by_label("Priority for LinkedIn").fill("2")
    # The first pick, and its rank, survived the second search.
    assert page.get_by_label("Prompt writing", exact=True).is_checked()
    assert page.get_by_label("Priority for Prompt writing").input_value() == "1"
    snap(page, "register-mentee-search")

    page.get_by_label("What do you want to learn, and why now?").fill(
        "Use AI tools with confidence and understand how my younger team works."
    )
    page.get_by_label("Tuesday 09:00").check()
    page.get_by_label("Thursday 13:00").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("I agree to share these answers for this purpose.").check()
    page.get_by_label("Generation", exact=True).select_option("gen_x")
    page.get_by_role("button", name="Register as a mentee").click()
    page.wait_for_url(lambda url: "/registrations/" in url)
    snap(page, "registration-detail")

    registration = Registration.objects.get(person=mentee.person)
    skills = [link.skill.name for link in registration.skill_links.order_by("priority")]
    assert skills == ["Prompt writing", "LinkedIn"]
    assert registration.timezone == "America/New_York"
    assert SelfIdentification.objects.get(registration=registration).answers == {
        "generation": "gen_x"
    }
    expect(page.locator("body")).to_contain_text("You're registered as a mentee")
