"""Encryption at rest for the most sensitive answers (self-identification).

Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`, through MultiFernet:
UPWARD_ENCRYPTION_KEYS lists keys newest first; everything is encrypted with the
first and decrypted with whichever matches, so a key is rotated by putting a
new one in front and running `manage.py rotate_encryption_key`, then dropping
the old one (docs/privacy.md). The database alone, or a dump of it, reveals
nothing of what the field holds.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.UPWARD_ENCRYPTION_KEYS))


def encrypt_text(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "UPWARD_ENCRYPTION_KEYS: no key decrypts a stored value; was a key dropped "
            "before `manage.py rotate_encryption_key` ran?"
        ) from None


def rotate_token(token: str) -> str:
    """The same value encrypted with the newest key."""
    return fernet().rotate(token.encode()).decode()


class EncryptedJSONField(models.TextField):  # type: ignore[type-arg]
    """JSON, encrypted before it reaches the database. Not searchable in SQL by design:
    readers load the rows and aggregate in Python (upward.reports.selectors.report)."""

    # What django-stubs reads as the attribute's type: the JSON value, not the token.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        return json.loads(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(decrypt_text(value))
            except ImproperlyConfigured:
                return json.loads(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt_text(json.dumps(value, sort_keys=True))

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj))
