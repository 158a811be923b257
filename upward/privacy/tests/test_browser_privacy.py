"""In a real browser: a participant downloads their data; an administrator erases a person
and lifts the tombstone; the retention page and the privacy notice read right."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from upward.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_downloads_their_data_from_the_account_menu(
    page, live_server, login_in_browser, marked_mentor, mentor
):
    login_in_browser(page, mentor.email)
    page.locator("summary.user-menu, details.user-menu > summary").first.click()
    page.get_by_role("link", name="Your data").click()
    page.get_by_role("button", name="Prepare my export").click()
    link = page.get_by_role("link", name="Download the ZIP file")
    link.wait_for()
    with page.expect_download() as download_info:
        link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    data = json.loads(archive.read("upward-data.json"))
    assert data["directory_entry"]["name"] == "Jo Junior"
    assert marked_mentor.mine["private_note"] in json.dumps(data)


def test_an_administrator_erases_a_person_after_typing_their_id(
    page, live_server, login_in_browser, marked_mentor, administrator, mentor
):
    person = Person.objects.get(user=mentor)
    employee_id = person.employee_id
    login_in_browser(page, administrator.email)
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_role("link", name="Export or erase Jo Junior's data").click()
    page.get_by_role("link", name="Erase Jo Junior…").click()
    expect(page.locator("body")).to_contain_text("This cannot be undone.")
    page.get_by_label("Type the person's employee id to confirm").fill("wrong")
    page.get_by_role("button", name="Erase Jo Junior").click()
    expect(page.locator("body")).to_contain_text("That is not this person's employee id.")
    page.get_by_label("Type the person's employee id to confirm").fill(employee_id)
    page.get_by_role("button", name="Erase Jo Junior").click()
    expect(page.locator("body")).to_contain_text("Erased.")
    assert Person.objects.get(pk=person.pk).name == "A former participant"

    page.goto(f"{live_server.url}/privacy/erased/")
    expect(page.locator("body")).to_contain_text("1 erased person")
    page.get_by_role("textbox", name="Employee id").fill(employee_id)
    page.get_by_role("button", name="Lift").click()
    expect(page.locator("body")).to_contain_text("Lifted")


def test_the_retention_page_and_the_notice(page, live_server, login_in_browser, administrator):
    login_in_browser(page, administrator.email)
    page.get_by_role("link", name="Privacy").first.click()
    assert page.get_by_role("heading", name="Retention schedule").is_visible()
    expect(page.locator("body")).to_contain_text("Nothing is due")
    page.get_by_role("link", name="privacy notice").first.click()
    assert page.get_by_role("heading", name="Privacy notice").is_visible()
    expect(page.locator("body")).to_contain_text("Self-identification")


def test_the_stop_link_from_the_notice_stops_an_administrators_email_change(
    page, live_server, login_in_browser, administrator, mentor
):
    import re

    from django.core import mail

    from upward.accounts.models import EmailChange

    login_in_browser(page, administrator.email)
    page.goto(f"{live_server.url}/admin/accounts/user/{mentor.pk}/change/")
    page.get_by_label("Email").fill("someone.else@example.com")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("still signs in with").wait_for()
    notice = next(m for m in mail.outbox if mentor.email in m.to)
    stop = re.search(r"https?://[^/\s]+(/\S+/stop/)", notice.body).group(1)
    fresh = page.context.browser.new_context().new_page()
    fresh.goto(live_server.url + stop)
    fresh.get_by_role("button", name="Stop this change").click()
    fresh.get_by_text("Stopped.").wait_for()
    assert EmailChange.objects.get().cancelled_at is not None
