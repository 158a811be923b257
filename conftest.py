"""Personas shared by every test: who is acting matters more than how they were built.

- administrator: runs the instance (directory import, audit log, admin site)
- program_manager: the HR / L&D person who runs programs
- mentor: a junior employee (level 2) who teaches
- mentee: a senior leader (level 6) who learns
- outsider: a logged-in employee with no part in any program
Each persona has a Person in the directory linked to its login, and a
`<persona>_client` fixture that is already signed in.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from upward.accounts.models import Role, User
from upward.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from upward.people.models import Person
from upward.people.tests.factories import DepartmentFactory, PersonFactory

# Fixture modules shared by several apps' tests: registered once here, so a test just
# names the fixture it needs (no imports of fixtures into test modules).
pytest_plugins = [
    "upward.programs.tests.recruiting_fixtures",
    "upward.pairs.tests.optin_fixtures",
    "upward.pairs.tests.space_fixtures",
    "upward.pairs.tests.sessions_fixtures",
    "upward.accounts.tests.sso_fixtures",
]


def _persona(email: str, name: str, role: str, **person: object) -> User:
    user = UserFactory(email=email, full_name=name, role=role)
    PersonFactory(email=email, name=name, user=user, **person)
    return user


@pytest.fixture
def administrator(db: None) -> User:
    return _persona(
        "ada.admin@example.com", "Ada Admin", Role.ADMINISTRATOR, level=4, title="HR Systems Lead"
    )


@pytest.fixture
def program_manager(db: None) -> User:
    return _persona(
        "pat.manager@example.com",
        "Pat Manager",
        Role.PROGRAM_MANAGER,
        level=4,
        title="Learning & Development Manager",
        department=DepartmentFactory(name="People & Culture"),
    )


@pytest.fixture
def mentee(db: None) -> User:
    return _persona(
        "sam.senior@example.com",
        "Sam Senior",
        Role.MEMBER,
        level=6,
        title="VP Sales",
        department=DepartmentFactory(name="Sales"),
        location="New York",
        timezone="America/New_York",
    )


@pytest.fixture
def mentor(db: None) -> User:
    return _persona(
        "jo.junior@example.com",
        "Jo Junior",
        Role.MEMBER,
        level=2,
        title="Social Media Analyst",
        department=DepartmentFactory(name="Marketing"),
    )


@pytest.fixture
def outsider(db: None) -> User:
    return _persona("olly.outsider@example.com", "Olly Outsider", Role.MEMBER, level=3)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def administrator_client(administrator: User) -> Client:
    return _client_for(administrator)


@pytest.fixture
def program_manager_client(program_manager: User) -> Client:
    return _client_for(program_manager)


@pytest.fixture
def mentor_client(mentor: User) -> Client:
    return _client_for(mentor)


@pytest.fixture
def mentee_client(mentee: User) -> Client:
    return _client_for(mentee)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return _client_for(outsider)


@pytest.fixture
def person_of() -> object:
    """person_of(user) -> the user's directory entry."""

    def lookup(user: User) -> Person:
        return Person.objects.get(user=user)

    return lookup


# --- Browser tests -----------------------------------------------------------
# Playwright for Python drives Debian's chromium (never a downloaded browser).
# Browser tests carry @pytest.mark.browser and use `page` with `live_server`.

CHROMIUM = os.environ.get("UPWARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it, so its absence there is a broken build
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # refuses to run beside one unless told that this test thread is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_in_browser(live_server: Any) -> Any:
    """login_in_browser(page, email, password): sign in through the real login form."""

    def sign_in(page: Any, email: str, password: str = DEFAULT_PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login" not in url)

    return sign_in


# ---- the optional embeddings extra ----------------------------------------------------

EMBEDDINGS_INSTALLED = importlib.util.find_spec("sentence_transformers") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the real-model tests where the 1.5 GB extra is not installed: they run in
    their own environment (``make test-embeddings``, part of ``.ci/run``)."""
    if EMBEDDINGS_INSTALLED:
        return
    left_out = [item for item in items if item.get_closest_marker("embeddings")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("embeddings")]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not EMBEDDINGS_INSTALLED:
        terminalreporter.write_line(
            "The real-model goal-embedding tests need the embeddings extra and were left out "
            "here: `make test-embeddings` runs them (.ci/run does)."
        )
