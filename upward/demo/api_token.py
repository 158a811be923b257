"""The demo administrator's API token: documented, like the demo password (docs/api.md)."""

from __future__ import annotations

from typing import Final

from upward.accounts.models import User
from upward.api.models import ApiToken
from upward.api.tokens import api_token_install

# A demo instance is not a secure one: this token is printed by `demo_logins`.
DEMO_API_TOKEN: Final = "upw_demo2026_upward-demo-token-for-the-administrator"  # noqa: S105


def demo_api_token_ensure(*, administrator: User) -> ApiToken:
    return api_token_install(
        actor=administrator, name="Demo token", secret=DEMO_API_TOKEN, days=366
    )


def demo_api_token_ready() -> bool:
    from django.utils import timezone

    prefix = DEMO_API_TOKEN.split("_")[1]
    return ApiToken.objects.filter(
        prefix=prefix, revoked_at=None, expires_at__gt=timezone.now()
    ).exists()
