"""Self-identification encrypted at rest: keys from the environment, rotation by a command."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from upward import env
from upward.core.crypto import decrypt_text, encrypt_text
from upward.pairs.tests.space_fixtures import live_pair
from upward.programs.models import SelfIdentification


def test_a_missing_key_stops_production_start_up_with_the_way_to_make_one(monkeypatch, tmp_path):
    monkeypatch.delenv("UPWARD_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Fernet.generate_key"):
        env.encryption_keys("UPWARD_ENCRYPTION_KEYS", debug=False, base_dir=tmp_path)


def test_a_key_that_is_not_a_fernet_key_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("UPWARD_ENCRYPTION_KEYS", f"{Fernet.generate_key().decode()},short")
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key"):
        env.encryption_keys("UPWARD_ENCRYPTION_KEYS", debug=False, base_dir=tmp_path)


def test_development_generates_one_key_into_var_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("UPWARD_ENCRYPTION_KEYS", raising=False)
    first = env.encryption_keys("UPWARD_ENCRYPTION_KEYS", debug=True, base_dir=tmp_path)
    again = env.encryption_keys("UPWARD_ENCRYPTION_KEYS", debug=True, base_dir=tmp_path)
    assert first == again and len(first) == 1
    assert (tmp_path / "var" / "encryption_key").stat().st_mode & 0o777 == 0o600


def _stored(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM programs_selfidentification WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_answers_are_stored_as_tokens_and_read_back_as_answers(mentor, mentee):
    pair = live_pair(mentor_user=mentor, mentee_user=mentee)
    record = SelfIdentification.objects.create(
        registration=pair.mentor, consent_given_at=pair.created_at, answers={"ethnicity": "x-1"}
    )
    assert "x-1" not in _stored(record.pk)
    assert _stored(record.pk).startswith("gAAAAA")
    assert SelfIdentification.objects.get(pk=record.pk).answers == {"ethnicity": "x-1"}


@pytest.mark.django_db
def test_rotation_re_encrypts_with_the_new_key_so_the_old_one_can_go(mentor, mentee, settings):
    pair = live_pair(mentor_user=mentor, mentee_user=mentee)
    old = settings.UPWARD_ENCRYPTION_KEYS[0]
    record = SelfIdentification.objects.create(
        registration=pair.mentor, consent_given_at=pair.created_at, answers={"a": "b"}
    )
    new = Fernet.generate_key().decode()
    settings.UPWARD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_key", stdout=None)
    settings.UPWARD_ENCRYPTION_KEYS = [new]  # the old key dropped
    assert SelfIdentification.objects.get(pk=record.pk).answers == {"a": "b"}
    settings.UPWARD_ENCRYPTION_KEYS = [old]
    with pytest.raises(ImproperlyConfigured, match="rotate_encryption_key"):
        decrypt_text(_stored(record.pk))
    assert decrypt_text(encrypt_text("same key")) == "same key"
