"""Login signals: security logging. Throttling itself is allauth's rate limit."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from upward.accounts.models import SignIn

security_log = logging.getLogger("upward.security")


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "?"
    return str(request.META.get("REMOTE_ADDR", "?"))


def email_fingerprint(email: str) -> str:
    # Enough to correlate repeated attempts on one account in the log without
    # writing raw addresses (often mistyped passwords) into log files.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]


@receiver(user_login_failed)
def log_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    security_log.warning(
        "login failed: account=%s ip=%s", email_fingerprint(email), client_ip(request)
    )


@receiver(user_logged_in)
def log_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    security_log.info("login: user=%s ip=%s", user.pk, client_ip(request))
    if request is not None and hasattr(request, "session"):
        from upward.accounts.idle import stamp

        stamp(request)
    # The person's sign-in history, for their own data export (upward.privacy).
    address = client_ip(request)
    SignIn.objects.create(user=user, at=timezone.now(), ip=address if _is_ip(address) else None)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
