"""Signing in: Argon2 hashes, throttled failures, the same answer for every email."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from upward.accounts.models import Role, User
from upward.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from upward.people.tests.factories import PersonFactory

LOGIN = "account_login"
THROTTLED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts attempts in the cache
    yield
    cache.clear()


def _attempt(client, email, password, ip="192.0.2.10"):
    return client.post(reverse(LOGIN), {"login": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("argon@example.com", "a long passphrase 42")
    assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_a_verified_user_signs_in_with_email_and_password(client):
    user = UserFactory(email="kim@example.com")
    response = _attempt(client, "KIM@example.com", DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    UserFactory(email="known@example.com")
    known = _attempt(client, "known@example.com", "wrong password!")
    unknown = _attempt(client, "nobody@example.com", "wrong password!")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


@pytest.mark.django_db
def test_repeated_failures_are_throttled_for_known_and_unknown_emails_alike(client, caplog):
    UserFactory(email="known@example.com")
    for email, ip in (("known@example.com", "192.0.2.1"), ("nobody@example.com", "192.0.2.2")):
        answers = [_attempt(client, email, "wrong password!", ip) for _ in range(6)]
        assert not any(THROTTLED in a.content.decode() for a in answers[:5])
        assert THROTTLED in answers[5].content.decode(), email
    assert sum("login throttled" in r.getMessage() for r in caplog.records) == 2


@pytest.mark.django_db
def test_throttled_account_refuses_even_the_right_password(client):
    UserFactory(email="known@example.com")
    for _ in range(5):
        _attempt(client, "known@example.com", "wrong password!")
    assert THROTTLED in _attempt(client, "known@example.com", DEFAULT_PASSWORD).content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failed_logins_are_logged_without_the_raw_email(client, caplog):
    with caplog.at_level(logging.WARNING, logger="upward.security"):
        _attempt(client, "secret.person@example.com", "wrong password!")
    messages = [r.getMessage() for r in caplog.records if r.name == "upward.security"]
    assert any(m.startswith("login failed: account=") for m in messages)
    assert not any("secret.person" in m for m in messages)


@pytest.mark.django_db
def test_sign_up_is_open_to_people_in_the_directory(client, mailoutbox):
    PersonFactory(email="new.joiner@example.com", name="New Joiner")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.joiner@example.com",
            "password1": "a sturdy passphrase 7",
            "password2": "a sturdy passphrase 7",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.joiner@example.com")
    assert user.person.name == "New Joiner"
    assert user.role == Role.MEMBER
    assert len(mailoutbox) == 1  # the verification email


@pytest.mark.django_db
def test_sign_up_is_refused_for_an_email_outside_the_directory(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@elsewhere.example",
            "password1": "a sturdy passphrase 7",
            "password2": "a sturdy passphrase 7",
        },
    )
    assert response.status_code == 200
    assert "work email address your HR system lists" in response.content.decode()
    assert not User.objects.filter(email="stranger@elsewhere.example").exists()


@pytest.mark.django_db
def test_unverified_user_cannot_sign_in_until_the_email_is_confirmed(client, mailoutbox):
    User.objects.create_user("fresh@example.com", "a sturdy passphrase 7")
    response = _attempt(client, "fresh@example.com", "a sturdy passphrase 7")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


@pytest.mark.django_db
def test_a_user_turns_on_totp_and_then_needs_a_code_to_sign_in(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    def current_code(secret: str) -> str:
        return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    user = UserFactory(email="careful@example.com")
    _attempt(client, "careful@example.com", DEFAULT_PASSWORD)
    # Changing two-factor settings asks for the password again first.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    client.logout()
    cache.clear()
    response = _attempt(client, "careful@example.com", DEFAULT_PASSWORD)
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_only_administrators_reach_the_admin_site(client, administrator, program_manager):
    client.force_login(program_manager)
    assert client.get("/admin/").status_code == 302
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
