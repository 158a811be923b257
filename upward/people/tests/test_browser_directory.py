"""In a real browser: the demo administrator signs in and finds a person."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from upward.demo.logins import demo_login_details
from upward.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_administrator_signs_in_and_finds_a_person_in_the_directory(
    page, live_server, login_in_browser
):
    call_command("seed_demo", verbosity=0)
    admin = next(login for login in demo_login_details() if login.key == "administrator")
    wanted = Person.objects.filter(is_active=True, level=2).order_by("employee_id").first()
    assert wanted is not None

    login_in_browser(page, admin.email, admin.password)
    page.get_by_role("link", name="Directory").first.click()
    page.get_by_label("Search").fill(wanted.name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=wanted.name).first.click()

    assert page.get_by_role("heading", level=1).inner_text().strip() == wanted.name
    expect(page.locator("body")).to_contain_text(wanted.title)
