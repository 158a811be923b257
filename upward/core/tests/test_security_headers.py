"""The headers every page carries: a strict Content-Security-Policy and a Permissions-Policy.

Whether the pages actually work under them is the browser test's job
(test_browser_pages.py); these check the promise itself, fast, on every run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("url_name", ["home:home", "people:directory", "programs:list"])
def test_pages_send_a_strict_content_security_policy(administrator_client, url_name):
    response = administrator_client.get(reverse(url_name))
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval, no other origin
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]


def test_the_sign_in_page_sends_it_too(client):
    assert "script-src 'self'" in client.get(reverse("account_login"))["Content-Security-Policy"]


def test_permissions_policy_turns_off_what_upward_never_uses(mentor_client):
    policy = mentor_client.get(reverse("home:home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    # Security keys and the copy-link buttons still work on Upward's own pages.
    assert "publickey-credentials-get=(self)" in policy
    assert "clipboard-write=(self)" in policy


EMAIL_OR_PDF = re.compile(r"/(emails?|notifications)/|report_pdf\.html$")
HANDLER = re.compile(r"\son[a-z]+=", re.I)


def test_no_page_template_has_an_inline_script_handler_or_style_attribute():

    roots = [settings.BASE_DIR / "templates", settings.BASE_DIR / "upward"]
    offenders = []
    for root in roots:
        for path in Path(root).rglob("*.html"):
            html = path.read_text(encoding="utf-8")
            if EMAIL_OR_PDF.search(str(path)):
                continue  # email bodies and the PDF's source never reach a browser page
            for line_number, line in enumerate(html.splitlines(), 1):
                lowered = line.lower()
                inline_script = (
                    "<script" in lowered
                    and "src=" not in lowered
                    and ('type="application/json"' not in lowered)
                )
                handler = HANDLER.search(line) is not None
                style_attribute = ' style="' in lowered
                if inline_script or handler or style_attribute:
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{line_number}")
    assert offenders == []


def test_the_500_page_keeps_its_own_style_under_the_policy(client):
    # 500.html cannot link a stylesheet (no static files when things break): its one
    # <style> block is allowed by hash, computed from the template at start-up.
    import base64
    import hashlib

    html = (settings.BASE_DIR / "templates" / "500.html").read_text(encoding="utf-8")
    block = re.search(r"<style>(.*?)</style>", html, re.S)
    assert block is not None
    digest = base64.b64encode(hashlib.sha256(block.group(1).encode()).digest()).decode()
    csp = _directives(client.get(reverse("account_login"))["Content-Security-Policy"])
    assert f"'sha256-{digest}'" in csp["style-src"]
