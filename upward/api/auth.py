"""Who is calling: a personal access token, or the signed-in browser session with CSRF."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from upward.api.problems import RateLimited, ScopeError
from upward.api.tokens import token_from_secret

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _check_rate(token_id: int) -> None:
    """A fixed one-minute window per token, counted in the shared cache (every server)."""
    limit = settings.UPWARD_API_RATE_LIMIT_PER_MINUTE
    window = int(time.time() // 60)
    key = f"api-rate:{token_id}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=60 - int(time.time()) % 60)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer upw_…`: hashed, expiring, scoped and rate limited."""

    openapi_description = "A personal access token from Settings → API tokens."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_from_secret(token)
        if api_token is None:
            return None
        _check_rate(api_token.pk)
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise ScopeError
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]  # read by the audit wrapper
        return api_token.user


class BrowserSession(SessionAuth):
    """The signed-in session; writes need the CSRF token (X-CSRFToken), as on the pages."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        from upward.accounts.mfa import mfa_setup_missing

        if mfa_setup_missing(request, user):
            raise ScopeError("Set up two-factor authentication first.")
        return user


api_auth = [TokenAuth(), BrowserSession(csrf=True)]
