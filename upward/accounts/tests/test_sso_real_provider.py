"""Single sign-on end to end against a real OpenID Connect provider in its own process.

The browser is a requests.Session: it follows every redirect between Upward (the live
test server) and the provider, and types the password into the provider's form.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

from upward.accounts.models import User
from upward.accounts.tests.sso_fixtures import PASSWORD
from upward.people.models import Person
from upward.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _csrf(page: requests.Response) -> str:
    found = CSRF.search(page.text)
    assert found, page.text[:500]
    return found.group(1)


def start_sign_in(browser: requests.Session, live_server: Any) -> requests.Response:
    """Press "sign in with SSO" on Upward; land on the provider's password form."""
    login = f"{live_server.url}/accounts/oidc/sso/login/"
    page = browser.get(login)
    return browser.post(login, data={"csrfmiddlewaretoken": _csrf(page)})


def provider_password(
    browser: requests.Session, form: requests.Response, email: str, *, follow: bool = True
) -> requests.Response:
    assert "/login/" in form.url, form.url
    return browser.post(
        form.url,
        data={"csrfmiddlewaretoken": _csrf(form), "username": email, "password": PASSWORD},
        allow_redirects=follow,
    )


def sign_in(live_server: Any, email: str) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    landed = provider_password(browser, start_sign_in(browser, live_server), email)
    return browser, landed


def signed_in_as(browser: requests.Session, live_server: Any) -> str | None:
    me = browser.get(f"{live_server.url}/api/v1/me")
    return me.json()["email"] if me.status_code == 200 else None


def test_a_directory_person_signs_in_and_is_bound_to_their_entry(idp, live_server):
    person = PersonFactory(email="dana.directory@example.com", name="Dana Directory")
    browser, landed = sign_in(live_server, "dana.directory@example.com")
    assert landed.status_code == 200, landed.text[:500]
    assert signed_in_as(browser, live_server) == "dana.directory@example.com"
    person.refresh_from_db()
    assert person.user is not None and person.user.email == "dana.directory@example.com"


def test_an_existing_login_is_reached_by_its_verified_email(idp, live_server, mentor):
    browser, _ = sign_in(live_server, mentor.email)
    assert signed_in_as(browser, live_server) == mentor.email
    assert User.objects.filter(email=mentor.email).count() == 1


def test_a_stranger_from_the_provider_is_refused_clearly(idp, live_server):
    browser, landed = sign_in(live_server, "stranger@elsewhere.example")
    assert landed.status_code == 403
    assert "Upward does not know you yet" in landed.text
    assert signed_in_as(browser, live_server) is None
    assert not User.objects.filter(email="stranger@elsewhere.example").exists()


@pytest.mark.parametrize("fault", ["wrong_audience", "expired", "bad_signature", "nonce_mismatch"])
def test_a_bad_id_token_is_refused(idp, live_server, mentor, fault):
    idp.fault(fault)
    browser, landed = sign_in(live_server, mentor.email)
    assert signed_in_as(browser, live_server) is None, fault
    assert "/accounts/oidc/sso/login/callback/" in landed.url
    assert "Login Failure" in landed.text or "went wrong" in landed.text, landed.text[:800]


def test_a_replayed_state_is_refused(idp, live_server, mentor):
    browser = requests.Session()
    form = start_sign_in(browser, live_server)
    to_callback = provider_password(browser, form, mentor.email, follow=False)
    # Follow the provider's own redirects until it sends the browser back to Upward.
    while "/accounts/oidc/sso/login/callback/" not in to_callback.headers.get("Location", ""):
        to_callback = browser.get(
            urljoin(to_callback.url, to_callback.headers["Location"]), allow_redirects=False
        )
    callback = to_callback.headers["Location"]
    assert "state=" in callback
    first = browser.get(callback)
    assert signed_in_as(browser, live_server) == mentor.email, first.text[:500]
    again = browser.get(callback)
    assert "Login Failure" in again.text or "went wrong" in again.text
    stranger = requests.Session()
    stolen = stranger.get(callback)
    assert signed_in_as(stranger, live_server) is None, stolen.text[:300]


def test_logout_ends_the_upward_session(idp, live_server, mentor):
    browser, _ = sign_in(live_server, mentor.email)
    assert signed_in_as(browser, live_server) == mentor.email
    logout = browser.get(f"{live_server.url}/accounts/logout/")
    browser.post(f"{live_server.url}/accounts/logout/", data={"csrfmiddlewaretoken": _csrf(logout)})
    assert signed_in_as(browser, live_server) is None


def test_sso_only_mode_keeps_passwords_for_break_glass_administrators(
    idp, live_server, settings, administrator, mentor
):
    settings.UPWARD_SSO_ONLY = True
    settings.UPWARD_BREAK_GLASS_EMAILS = [administrator.email]

    def password_sign_in(email: str) -> requests.Session:
        browser = requests.Session()
        page = browser.get(f"{live_server.url}/accounts/login/")
        browser.post(
            f"{live_server.url}/accounts/login/",
            data={"csrfmiddlewaretoken": _csrf(page), "login": email, "password": _password()},
        )
        return browser

    assert signed_in_as(password_sign_in(mentor.email), live_server) is None
    assert signed_in_as(password_sign_in(administrator.email), live_server) == administrator.email
    browser, _ = sign_in(live_server, mentor.email)  # SSO still works for everyone
    assert signed_in_as(browser, live_server) == mentor.email
    assert Person.objects.filter(user=mentor).exists()


def _password() -> str:
    from upward.accounts.tests.factories import DEFAULT_PASSWORD

    return DEFAULT_PASSWORD


@pytest.mark.parametrize(("trust_sso", "lands_on_mfa_setup"), [(True, False), (False, True)])
def test_required_mfa_can_rely_on_the_providers(
    idp, live_server, settings, mentor, trust_sso, lands_on_mfa_setup
):
    from upward.accounts.models import Role

    User.objects.filter(pk=mentor.pk).update(role=Role.PROGRAM_MANAGER)
    settings.UPWARD_MFA_REQUIRED = True
    settings.UPWARD_MFA_TRUST_SSO = trust_sso
    browser, _ = sign_in(live_server, mentor.email)
    programs = browser.get(f"{live_server.url}/programs/")
    assert programs.url.endswith("/accounts/2fa/") is lands_on_mfa_setup
