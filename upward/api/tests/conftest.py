"""API test helpers: a token per persona, and a client that sends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from upward.accounts.models import User
from upward.api.tokens import api_token_create


class TokenClient:
    """Django's test client speaking JSON with `Authorization: Bearer <token>`."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.secret = secret

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.secret:
            headers["Authorization"] = f"Bearer {self.secret}"
        return headers

    def get(self, path: str, headers: dict[str, str] | None = None, **query: Any) -> Any:
        return self.client.get(path, query, headers=self._headers(headers))

    def post(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            path,
            data if data is not None else {},
            content_type="application/json",
            headers=self._headers(headers),
        )

    def patch(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.patch(
            path, data or {}, content_type="application/json", headers=self._headers(headers)
        )


def token_for(user: User, scope: str = "write") -> str:
    return api_token_create(actor=user, name="tests", scope=scope).secret


@pytest.fixture
def api_as() -> Any:
    """api_as(user, scope="write") -> a TokenClient; api_as(None) is anonymous."""

    def make(user: User | None, scope: str = "write") -> TokenClient:
        return TokenClient(token_for(user, scope) if user is not None else None)

    return make
