"""An idle timeout for the people who can change the most: administrators and managers.

A session lasts SESSION_COOKIE_AGE (two weeks) for everyone. A forgotten signed-in
browser of an administrator or a program manager opens the directory, the audit
log and every program's pairs, so theirs ends after UPWARD_PRIVILEGED_IDLE_HOURS
without a request. Members keep the long session: their pages show only their own
pair.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from upward.accounts.signals import client_ip, security_log

SESSION_KEY = "upward_last_seen"
# Re-stamping at most once a minute keeps a busy manager's pages from writing
# their session row on every request; the timeout is in hours.
STAMP_EVERY = timedelta(minutes=1)


def _privileged(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can_manage_programs)


def stamp(request: HttpRequest) -> None:
    """Record activity now (also at sign-in, so an unused session cannot start late)."""
    request.session[SESSION_KEY] = timezone.now().timestamp()


class PrivilegedIdleTimeoutMiddleware:
    """Sign out an administrator or manager idle for longer than the setting allows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if _privileged(user):
            last_seen = request.session.get(SESSION_KEY)
            idle = None if last_seen is None else timezone.now().timestamp() - float(last_seen)
            limit = timedelta(hours=settings.UPWARD_PRIVILEGED_IDLE_HOURS)
            if idle is not None and idle > limit.total_seconds():
                security_log.info("idle session ended: user=%s ip=%s", user.pk, client_ip(request))
                logout(request)
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
            if idle is None or idle > STAMP_EVERY.total_seconds():
                stamp(request)
        return self.get_response(request)
