"""Personal access tokens: create, revoke, authenticate. Writes are audited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from upward.api.models import ApiToken, TokenScope
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError

TOKEN_START = "upw_"  # noqa: S105  (a prefix, not a secret)
MAX_TOKEN_DAYS = 366


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token: shown once, never stored


@transaction.atomic
def api_token_create(
    *, actor: Any, name: str, scope: str = TokenScope.READ, days: int | None = None
) -> NewToken:
    name = name.strip()
    if not name:
        raise ApplicationError("name: give the token a name, such as the script that uses it.")
    if len(name) > 100:
        raise ApplicationError("name: at most 100 characters.")
    if scope not in TokenScope.values:
        raise ApplicationError("scope: choose read or write.")
    days = settings.UPWARD_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ApplicationError(f"days: a token lives from 1 to {MAX_TOKEN_DAYS} days.")
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=actor,
        name=name,
        prefix=prefix,
        token_hash=_hash(secret),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_log(
        actor=actor,
        action="api_token.created",
        summary=f"API token “{name}” created ({token.get_scope_display()}, {days} days)",
        target=token,
        data={"scope": scope, "days": days},
    )
    return NewToken(token=token, secret=secret)


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def get_own_token(user: Any, token_id: int) -> ApiToken:
    try:
        return tokens_of(user).get(pk=token_id)
    except ApiToken.DoesNotExist:
        raise Http404("No such token") from None


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_log(
            actor=actor,
            action="api_token.revoked",
            summary=f"API token “{token.name}” revoked",
            target=token,
        )
    return token


def token_from_secret(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live token behind `secret`, or None (unknown, wrong, revoked, expired, inactive)."""
    if not secret.startswith(TOKEN_START):
        return None
    prefix = secret[len(TOKEN_START) :].split("_", 1)[0]
    token = (
        ApiToken.objects.select_related("user", "user__person")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, _hash(secret)):
        return None
    now = now or timezone.now()
    if token.expires_at <= now or not token.user.is_active:
        return None
    # One write a minute at most: last-used is for people, not an access log.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_audit_write(*, token: ApiToken, method: str, path: str, status: int) -> None:
    """Every write made with a token leaves an entry, whatever the service audited."""
    audit_log(
        actor=token.user,
        action="api_token.used",
        summary=f"API token “{token.name}”: {method} {path[:300]} → {status}",
        target=token,
        data={"method": method, "path": path[:500], "status": status},
    )


@transaction.atomic
def api_token_install(*, actor: Any, name: str, secret: str, days: int) -> ApiToken:
    """Store a read-and-write token whose secret is already known, or renew it.

    Only for the demo, whose token is documented like its password: a real token's
    secret is made by `api_token_create` and never known to Upward again.
    """
    if not secret.startswith(TOKEN_START) or secret.count("_") < 2:
        raise ApplicationError("secret: upw_<prefix>_<random>.")
    prefix = secret[len(TOKEN_START) :].split("_", 1)[0]
    token = ApiToken.objects.select_for_update().filter(prefix=prefix).first()
    if token is None:
        token = ApiToken(prefix=prefix)
    token.user = actor
    token.name = name
    token.token_hash = _hash(secret)
    token.scope = TokenScope.WRITE
    token.expires_at = timezone.now() + timedelta(days=days)
    token.revoked_at = None
    token.full_clean()
    token.save()
    return token
