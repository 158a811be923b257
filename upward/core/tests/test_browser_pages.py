"""Every page of every role, in a real Chromium, under the real Content-Security-Policy.

The demo company gives each role pages full of real content. Each person's pages
are found as in the wording test: from every page without parameters in the URL
configuration, following links (one page of each URL pattern). Chromium then
loads each of them and the test fails on:

- any CSP violation (an inline script or style, an eval, a foreign origin);
- any console error or uncaught exception (a missing static file, a broken script);
- any serious or critical accessibility violation found by axe-core (vendored,
  see vendor/README.md), which runs in the page itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from upward.accounts.models import User
from upward.accounts.tests.factories import UserFactory
from upward.core.testing.crawl import crawl
from upward.core.testing.urls import routes
from upward.demo.company import DEFAULT_SEED, PERSONA_BY_KEY
from upward.demo.services import demo_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# Collected in the page before any of its own scripts run. Playwright injects this
# through the DevTools protocol, which the page's CSP does not govern.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): `
      + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""
SKIPPED = ("/api/v1/", "/admin/", "/accounts/", "/static/")
# Checked for CSP and console errors, but not by axe: the page is Swagger UI as bundled
# by django-ninja, whose markup (nested buttons, grey-on-white version stamps) is not ours.
AXE_EXEMPT = {"/api/docs"}
DEMO_SIZE = 120


def _start_pages() -> list[str]:
    """Every GET page whose URL takes no parameter (the wording test starts at "/" only)."""
    return [
        "/" + route.route
        for route in routes()
        if not route.kwargs and not ("/" + route.route).startswith(SKIPPED)
    ]


def _pages_of(user: User) -> list[str]:
    client = Client()
    client.force_login(user)
    pages = crawl(client, ["/", *_start_pages()], limit=400, per_route=1)
    return [p.url for p in pages if p.status == 200 and "text/html" in p.content_type]


def _signed_in_context(browser: Any, live_server: Any, user: User) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    context.add_init_script(WATCH_CSP)
    return context


def _problems_on(page: Any, url: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return [f"status {response.status if response else None}"]
    if "script-src 'self'" not in (response.headers.get("content-security-policy") or ""):
        errors.append("no Content-Security-Policy header")
    errors += [f"csp: {v}" for v in page.evaluate("window.__cspViolations")]
    if urlsplit(url).path not in AXE_EXEMPT:
        page.evaluate(AXE)  # through DevTools, like the watcher above: the page's CSP stays whole
        errors += [f"axe: {v}" for v in page.evaluate(RUN_AXE)]
    return errors


@pytest.fixture
def demo_people(db: None) -> dict[str, User]:
    demo_seed(size=DEMO_SIZE, seed=DEFAULT_SEED)
    people = {key: User.objects.get(email=p.email) for key, p in PERSONA_BY_KEY.items()}
    # Someone with a login and a directory entry who takes part in nothing.
    people["outsider"] = UserFactory(email="olly.outsider@example.com", full_name="Olly Outsider")
    return people


def test_every_page_of_every_role_passes_csp_and_axe_in_chromium(browser, live_server, demo_people):
    # Each problem with the pages it appears on: one broken layout reads as one line.
    problems: dict[str, list[str]] = {}
    visited = 0
    for role, user in demo_people.items():
        urls = _pages_of(user)
        assert len(urls) >= 3, role
        context = _signed_in_context(browser, live_server, user)
        try:
            for url in urls:
                page = context.new_page()
                for problem in _problems_on(page, live_server.url + url):
                    problems.setdefault(problem, []).append(f"{role} {url}")
                page.close()
                visited += 1
        finally:
            context.close()
    assert visited > 60
    if os.environ.get("UPWARD_BROWSER_REPORT"):
        Path(os.environ["UPWARD_BROWSER_REPORT"]).write_text(json.dumps(problems, indent=1))
    assert problems == {}
