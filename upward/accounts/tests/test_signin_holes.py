"""The sign-in holes a probe found (issue 16, part 1), each closed and kept closed.

- the admin site's own login checked the password alone: no second factor, no throttle;
- the password-reset form told a directory address from any other;
- private pages could be cached;
- sessions: other sessions end on a password change, every one on a reset, and
  administrators and managers are signed out after an idle spell.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upward.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from upward.pairs.tests.space_fixtures import live_pair
from upward.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

THROTTLED = "Too many failed login attempts"
NEW_PASSWORD = "a brand new passphrase 31"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts attempts in the cache
    yield
    cache.clear()


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- the admin site's login -------------------------------------------------------


def test_the_admin_login_does_not_skip_the_second_factor(client, administrator):
    Authenticator.objects.create(
        user=administrator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": administrator.email, "password": DEFAULT_PASSWORD, "next": "/admin/"},
    )
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("core:audit_log")).status_code == 302

    # The admin's login is the one sign-in page, where the password leads to the code.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    answer = client.post(
        response["Location"], {"login": administrator.email, "password": DEFAULT_PASSWORD}
    )
    assert answer["Location"].startswith(reverse("mfa_authenticate"))
    assert not _signed_in(client)


def test_the_admin_login_sends_people_to_the_sign_in_page_only_for_local_targets(client):
    response = client.get("/admin/login/", {"next": "https://evil.example/admin/"})
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_a_signed_in_member_is_refused_the_admin_rather_than_sent_round_in_circles(
    mentor_client,
):
    assert mentor_client.get("/admin/").status_code == 302  # the admin's own redirect
    assert mentor_client.get("/admin/login/?next=/admin/").status_code == 403


def test_25_wrong_passwords_then_the_right_one_do_not_open_the_admin(client, administrator):
    for _ in range(25):
        client.post("/admin/login/", {"username": administrator.email, "password": "wrong!"})
    client.post("/admin/login/", {"username": administrator.email, "password": DEFAULT_PASSWORD})
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302

    # Where the admin's login now leads, the same attempts are throttled.
    login = reverse("account_login") + "?next=/admin/"
    for _ in range(25):
        client.post(login, {"login": administrator.email, "password": "wrong!"})
    answer = client.post(login, {"login": administrator.email, "password": DEFAULT_PASSWORD})
    assert THROTTLED in answer.content.decode()
    assert not _signed_in(client)


# --- password reset: no directory enumeration --------------------------------------


def _without_tokens(html: str) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_asking_for_a_reset_link_answers_the_same_for_any_address(client):
    UserFactory(email="has.login@example.com")
    PersonFactory(email="in.directory@example.com")  # in the directory, no login yet
    addresses = ["has.login@example.com", "in.directory@example.com", "stranger@else.example"]

    answers = []
    for address in addresses:
        mail.outbox.clear()
        response = client.post(reverse("account_reset_password"), {"email": address})
        followed = client.get(response["Location"]) if response.status_code == 302 else response
        answers.append(
            (
                response.status_code,
                response.get("Location"),
                _without_tokens(followed.content.decode()),
                len(mail.outbox),  # the same work done: one email each
            )
        )
    assert answers[0][0] == 302
    assert answers[0] == answers[1] == answers[2]
    assert "HR system" not in answers[2][2]


def test_the_sign_in_page_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.com")
    known = client.post(
        reverse("account_login"), {"login": "known@example.com", "password": "wrong!"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "wrong!"}
    )
    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(known.content.decode()).replace(
        "known@example.com", ""
    ) == _without_tokens(unknown.content.decode()).replace("nobody@example.com", "")


# --- private pages are never cached ---------------------------------------------------


def test_every_signed_in_page_says_no_store(mentor, mentee):
    pair = live_pair(mentor_user=mentor, mentee_user=mentee)
    client = Client()
    client.force_login(mentor)
    for url in (
        reverse("home:home"),
        reverse("pairs:detail", args=[pair.pk]),
        reverse("pairs:messages", args=[pair.pk]),
        reverse("pairs:notes", args=[pair.pk]),
        reverse("pairs:sessions", args=[pair.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, url
        assert "public" not in directives and not any(d.startswith("max-age") for d in directives)


def test_a_public_page_keeps_its_own_caching(client):
    assert client.get("/favicon.ico")["Cache-Control"] == "public, max-age=604800"


# --- sessions --------------------------------------------------------------------------


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(mentor):
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.post(
            reverse("account_login"), {"login": mentor.email, "password": DEFAULT_PASSWORD}
        )
        assert _signed_in(browser)
    here.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert here.get(reverse("home:home")).status_code == 200
    assert elsewhere.get(reverse("home:home")).status_code == 302


def test_a_password_reset_ends_every_session_of_the_account(mentor):
    signed_in = [Client(), Client()]
    for browser in signed_in:
        browser.force_login(mentor)
        assert browser.get(reverse("home:home")).status_code == 200

    stranger = Client()
    stranger.post(reverse("account_reset_password"), {"email": mentor.email})
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body)
    assert link is not None
    form_url = stranger.get(link.group(0))["Location"]
    stranger.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    mentor.refresh_from_db()
    assert mentor.check_password(NEW_PASSWORD)

    for browser in signed_in:
        assert browser.get(reverse("home:home")).status_code == 302


@pytest.mark.parametrize("persona", ["administrator", "program_manager"])
def test_administrators_and_managers_are_signed_out_after_12_idle_hours(request, persona):
    user = request.getfixturevalue(persona)
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
        clock.shift(timedelta(hours=11, minutes=59))
        assert client.get(reverse("home:home")).status_code == 200  # activity restarts the clock
        clock.shift(timedelta(hours=11, minutes=59))
        assert client.get(reverse("home:home")).status_code == 200
        clock.shift(timedelta(hours=12, minutes=1))
        response = client.get(reverse("people:directory"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fpeople%2F"
    assert not _signed_in(client)


def test_the_idle_timeout_is_a_setting(settings, administrator):
    settings.UPWARD_PRIVILEGED_IDLE_HOURS = 1
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(administrator)
        assert client.get(reverse("home:home")).status_code == 200
        clock.shift(timedelta(minutes=61))
        assert client.get(reverse("home:home")).status_code == 302


def test_members_keep_their_session_through_an_idle_day(mentor):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("account_login"), {"login": mentor.email, "password": DEFAULT_PASSWORD})
        clock.shift(timedelta(hours=30))
        assert client.get(reverse("home:home")).status_code == 200
