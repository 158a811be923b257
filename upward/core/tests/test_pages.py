"""The site's frame: who reaches which page, the layout, error pages, labelled forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.template import loader
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from upward.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from upward.core.audit import audit_log
from upward.core.templatetags.upward_tags import current_nav_url, initials, local_now
from upward.people.tests.factories import PersonFactory

# Pages anyone may open without signing in, on purpose. A new entry here is a
# security decision: say why beside it.
PUBLIC_PAGES = {
    "core:healthz",  # load balancers probe it
    "core:favicon",  # browsers fetch it before anyone signs in
    # The one-tap answer in a check-in email: its signed, single-use token is the
    # credential for that one answer; its GET writes nothing (mail scanners open links).
    "feedback:check_in_tap",
    # Calendar programs fetch a person's feed without cookies; the unguessable,
    # revocable token in the URL is the credential (unknown or revoked: 404).
    "pairs:calendar_feed",
    # The link in an invitation email: someone not signed in learns only that it is an
    # invitation and how to sign in; the program is named to the invited person alone.
    "programs:invitation",
    # The email-change links: the token sent to one address is the credential for that
    # one step (confirm the new address, or stop the change); the GET writes nothing.
    "accounts:email_change_confirm",
    "accounts:email_change_cancel",
    # The privacy notice: who sees what and how long it is kept, for anyone to read
    # before they sign up or sign in.
    "privacy:notice",
}
# Signing in, signing up, resetting a password: allauth's own, exempt by design.
# The admin site sends visitors to its own login page. The REST API authenticates each
# request itself (a token or the session) and answers 401 (upward/api/tests); its schema
# and docs page are public.
SKIPPED_PREFIXES = ("accounts/", "admin/", "api/")

SAMPLE_VALUES = ("1", "some-slug", "x", "00000000-0000-0000-0000-000000000000")

DASH = "\u2013"  # the en dash between the numbers of "Showing 1-50"


# --- helpers -------------------------------------------------------------------


def _sample_value(regex: str) -> str:
    """A value a URL converter accepts: a common one, or the first of an alternation."""
    for candidate in (*SAMPLE_VALUES, *regex.split("|")):
        if re.fullmatch(regex, candidate):
            return candidate
    raise AssertionError(f"No sample value for a URL converter matching {regex!r}")


def _site_pages() -> Iterator[tuple[str, str, bool]]:
    """(url, name, login_required) for every page of the project outside allauth and admin."""

    def walk(
        patterns: list[object], prefix: str, namespace: str
    ) -> Iterator[tuple[str, str, bool]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = ":".join(part for part in (namespace, pattern.namespace) if part)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                kwargs = {
                    key: _sample_value(converter.regex)
                    for key, converter in pattern.pattern.converters.items()
                }
                required = getattr(pattern.callback, "login_required", True)
                yield reverse(name, kwargs=kwargs), name, required

    yield from walk(get_resolver().url_patterns, "", "")


class _FormControls(HTMLParser):
    """Collects form controls and the labels that name them."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "label":
            self._label_depth += 1
            if attributes.get("for"):
                self.label_for.add(str(attributes["for"]))
        elif tag in {"input", "select", "textarea"}:
            kind = (attributes.get("type") or "").lower()
            if tag == "input" and kind in {"hidden", "submit", "button", "reset", "image"}:
                return
            self.controls.append(
                {**attributes, "_tag": tag, "_wrapped": "1" if self._label_depth else None}
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1


def unlabelled_fields(html: str) -> list[str]:
    """Names of the form controls on a page that no <label> names."""
    parser = _FormControls()
    parser.feed(html)
    missing = []
    for control in parser.controls:
        labelled = control["_wrapped"] or (control.get("id") and control["id"] in parser.label_for)
        if not labelled:
            missing.append(str(control.get("name") or control.get("id") or control["_tag"]))
    return missing


def _without_csrf_tokens(content: bytes) -> str:
    # Each response carries a freshly masked token; nothing else may differ.
    html = content.decode()
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def form_control_count(html: str) -> int:
    parser = _FormControls()
    parser.feed(html)
    return len(parser.controls)


# --- who reaches what ------------------------------------------------------------


def test_the_project_has_pages_to_check():
    names = {name for _url, name, _required in _site_pages()}
    assert {"home:home", "people:directory", "people:detail", "core:audit_log"} <= names


@pytest.mark.django_db
def test_every_page_sends_an_anonymous_visitor_to_sign_in(client):
    login_url = reverse("account_login")
    for url, name, _required in _site_pages():
        if name in PUBLIC_PAGES:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, f"{name} ({url}) answered {response.status_code}"
            assert response["Location"].startswith(login_url), f"{name} redirects elsewhere"


def test_only_the_listed_pages_are_public():
    public = {name for _url, name, required in _site_pages() if not required}
    assert public == PUBLIC_PAGES, (
        "A page opted out of LoginRequiredMiddleware; if that is deliberate, "
        "add it to PUBLIC_PAGES with the reason."
    )


@pytest.mark.django_db
def test_the_admin_site_sends_an_anonymous_visitor_away(client):
    response = client.get("/admin/")
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["people:directory", "people:import", "core:audit_log"])
def test_a_member_is_refused_the_directory_and_admin_pages(mentor_client, url_name):
    response = mentor_client.get(reverse(url_name))
    assert response.status_code == 403
    assert "You don't have access to this page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["people:import", "core:audit_log"])
def test_a_program_manager_is_refused_administrator_pages(program_manager_client, url_name):
    assert program_manager_client.get(reverse(url_name)).status_code == 403


@pytest.mark.django_db
def test_a_member_cannot_see_someone_elses_person_page(mentor_client, mentee, person_of):
    response = mentor_client.get(reverse("people:detail", args=[person_of(mentee).pk]))
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_person_looks_the_same_as_a_hidden_one(mentor_client, mentee, person_of):
    hidden = mentor_client.get(reverse("people:detail", args=[person_of(mentee).pk]))
    missing = mentor_client.get(reverse("people:detail", args=[987654]))
    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf_tokens(hidden.content) == _without_csrf_tokens(missing.content)


# --- the layout --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_layout_has_a_skip_link_main_landmark_and_sign_out_form(mentor_client):
    html = mentor_client.get(reverse("home:home")).content.decode()
    assert '<a class="skip-link" href="#content">' in html
    assert '<main id="content"' in html
    assert f'action="{reverse("account_logout")}"' in html and 'method="post"' in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert "vendor/htmx/htmx.min.js" in html and "vendor/pico/pico.min.css" in html


@pytest.mark.django_db
def test_navigation_follows_the_role(administrator_client, program_manager_client, mentor_client):
    directory, audit = reverse("people:directory"), reverse("core:audit_log")
    admin_html = administrator_client.get(reverse("home:home")).content.decode()
    manager_html = program_manager_client.get(reverse("home:home")).content.decode()
    member_html = mentor_client.get(reverse("home:home")).content.decode()
    assert f'href="{directory}"' in admin_html and f'href="{audit}"' in admin_html
    assert f'href="{directory}"' in manager_html and f'href="{audit}"' not in manager_html
    assert f'href="{directory}"' not in member_html and f'href="{audit}"' not in member_html


@pytest.mark.django_db
def test_the_current_section_is_marked_in_the_navigation(administrator_client):
    html = administrator_client.get(reverse("people:import")).content.decode()
    assert f'href="{reverse("people:import")}" aria-current="page"' in html
    assert f'href="{reverse("people:directory")}" aria-current="page"' not in html


@pytest.mark.django_db
def test_messages_are_announced(client, mentor):
    response = client.post(
        reverse("account_login"),
        {"login": mentor.email, "password": DEFAULT_PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert '<p class="flash flash-success" role="status">' in html


# --- home ------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_gives_administrators_counts_and_their_tools(administrator_client):
    PersonFactory.create_batch(3)
    response = administrator_client.get(reverse("home:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "People in the directory" in html
    assert reverse("people:import") in html and reverse("core:audit_log") in html


@pytest.mark.django_db
def test_home_points_program_managers_to_the_directory(program_manager_client):
    html = program_manager_client.get(reverse("home:home")).content.decode()
    assert reverse("people:directory") in html
    assert "People in the directory" not in html


@pytest.mark.django_db
def test_home_tells_a_member_outside_any_program_what_happens_next(
    mentor_client, mentor, person_of
):
    html = mentor_client.get(reverse("home:home")).content.decode()
    assert "You&#x27;re not in a program yet" in html or "You're not in a program yet" in html
    assert reverse("people:detail", args=[person_of(mentor).pk]) in html


@pytest.mark.django_db
def test_home_works_for_a_login_with_no_directory_entry(client):
    client.force_login(UserFactory())
    response = client.get(reverse("home:home"))
    assert response.status_code == 200
    assert "Your directory entry" not in response.content.decode()


# --- audit log --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_audit_log_is_paginated_newest_first(administrator_client, administrator):
    for number in range(60):
        audit_log(actor=administrator, action="test.event", summary=f"Event number {number}")
    first = administrator_client.get(reverse("core:audit_log")).content.decode()
    assert "Event number 59<" in first and "Event number 5<" not in first
    assert f"Showing <strong>1{DASH}50</strong> of <strong>60</strong>" in first
    assert '?page=2"' in first
    second = administrator_client.get(reverse("core:audit_log") + "?page=2").content.decode()
    assert "Event number 0" in second
    assert 'aria-current="page" aria-label="Page 2, current page"' in second


@pytest.mark.django_db
def test_an_empty_audit_log_says_so(administrator_client):
    html = administrator_client.get(reverse("core:audit_log")).content.decode()
    assert "Nothing recorded yet" in html


# --- sign-in pages (allauth in our layout) ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_sign_in_pages_use_our_layout_and_label_every_field(client, url_name):
    response = client.get(reverse(url_name))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="auth-card"' in html and "Skip to content" in html
    assert form_control_count(html) >= 1
    assert unlabelled_fields(html) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["account_email", "account_change_password", "account_reauthenticate", "mfa_index"]
)
def test_account_pages_use_our_layout_and_label_every_field(mentor_client, url_name):
    response = mentor_client.get(reverse(url_name))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skip to content" in html and '<main id="content"' in html
    assert unlabelled_fields(html) == []


@pytest.mark.django_db
def test_a_failed_sign_in_shows_the_error_beside_the_form(client):
    response = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "x"}
    )
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html


# --- error pages --------------------------------------------------------------------


def test_the_500_page_renders_with_no_context_and_no_database():
    # No django_db mark: any query here would fail the test.
    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html
    assert "{%" not in html


@pytest.mark.django_db
def test_an_unknown_address_gets_our_404_page(mentor_client):
    response = mentor_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


# --- template helpers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ada Lovelace", "AL"), ("Cher", "C"), ("jo.junior@example.com", "J"), ("", "?")],
)
def test_initials_for_avatars(name, expected):
    assert initials(name) == expected


def test_the_current_section_is_the_longest_matching_link():
    links = [("Home", "/"), ("Directory", "/people/"), ("Import people", "/people/import/")]
    assert current_nav_url(links, "/") == "/"
    assert current_nav_url(links, "/people/42/") == "/people/"
    assert current_nav_url(links, "/people/import/") == "/people/import/"
    assert current_nav_url(links, "/accounts/email/") == ""


def test_local_time_is_none_for_an_unknown_zone():
    assert local_now("Europe/Paris") is not None
    assert local_now("Nowhere/Special") is None


@pytest.mark.django_db
def test_the_favicon_is_served_to_anyone(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:4]
        == b"\x00\x00\x01\x00"
    )  # an ICO file
