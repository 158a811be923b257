"""In a real browser: an administrator makes an API token and uses it, grants a role, and
adds a webhook that a real receiver gets; a program manager is held at MFA set-up."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from upward.accounts.models import Role
from upward.api.tests.receiver import start_receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_made_in_the_browser_works_with_curl_like_calls(
    page, live_server, login_in_browser, administrator
):
    login_in_browser(page, administrator.email)
    page.goto(f"{live_server.url}/settings/api-tokens/")
    page.get_by_label("Name").fill("Warehouse sync")
    page.get_by_label("Scope").select_option("write")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token").inner_text().strip()
    assert secret.startswith("upw_")
    me = requests.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"}, timeout=10
    )
    assert me.json()["email"] == administrator.email
    page.reload()
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Warehouse sync").click()
    again = requests.get(
        f"{live_server.url}/api/v1/me", headers={"Authorization": f"Bearer {secret}"}, timeout=10
    )
    assert again.status_code == 401


def test_an_administrator_grants_a_role_from_the_roles_page(
    page, live_server, login_in_browser, administrator, mentor
):
    login_in_browser(page, administrator.email)
    page.get_by_role("link", name="Roles").click()
    page.get_by_label("Name or email").fill("Jo Junior")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Role of Jo Junior").first.select_option("program_manager")
    page.get_by_role("button", name="Save role of Jo Junior").first.click()
    expect(page.get_by_text("is now Program manager")).to_be_visible()
    mentor.refresh_from_db()
    assert mentor.role == Role.PROGRAM_MANAGER


def test_a_webhook_added_in_the_browser_reaches_a_real_receiver(
    page, live_server, login_in_browser, administrator, settings
):
    settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = True
    receiver, server = start_receiver()
    try:
        login_in_browser(page, administrator.email)
        page.get_by_role("link", name="Webhooks").click()
        page.get_by_role("button", name="Add a webhook").click()
        page.get_by_label("URL").fill(receiver.url)
        page.get_by_label("A pair went live").check()
        page.get_by_role("button", name="Add webhook").click()
        receiver.secret = page.locator("#webhook-secret").inner_text().strip()
        page.get_by_role("button", name="Send a test message").click()
        assert receiver.received and receiver.received[0].verified
        expect(page.locator("body")).to_contain_text("HTTP 200")
    finally:
        server.shutdown()
        server.server_close()


def test_a_manager_without_mfa_is_held_at_its_setup(
    page, live_server, login_in_browser, program_manager, settings
):
    settings.UPWARD_MFA_REQUIRED = True
    login_in_browser(page, program_manager.email)
    page.goto(f"{live_server.url}/programs/")
    assert page.url.endswith("/accounts/2fa/")
