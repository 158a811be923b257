"""The time zone a signed-in person reads pages in, kept in their session.

Every date-time on a page shows in the zone of the person behind the login
(Person.timezone); UTC for a login with no person in the directory, for
a zone name we do not know, and for visitors who are not signed in.

The zone's name is read at sign-in and kept in the session, which every
signed-in request loads anyway: local times cost no query per page, and a
page's query count stays the same for everyone.

Staleness, by choice: an HR import that moves someone to another zone reaches
their pages at their next sign-in, or at the latest REREAD_AFTER_SECONDS after
the zone was last read (then one SELECT and one session write, once, on that
request). Reading the directory on every request would cost a query per page;
never re-reading would leave a moved person on their old clock for as long as
their session lives (two weeks by default).
"""

from __future__ import annotations

import time
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import SESSION_KEY as AUTH_USER_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from upward.core.timezones import zone_or_utc
from upward.people.selectors import timezone_name_for_user

SESSION_KEY = "upward_timezone"
REREAD_AFTER_SECONDS = 60 * 60


def remember_timezone(request: HttpRequest, user: Any) -> str:
    """Read the zone of `user`'s person into the session; returns the name ("" if none)."""
    name = timezone_name_for_user(user.pk)
    request.session[SESSION_KEY] = {"name": name, "read_at": int(time.time())}
    return name


def _is_fresh(stored: Any) -> bool:
    read_at = stored.get("read_at") if isinstance(stored, dict) else None
    if not isinstance(read_at, int):
        return False  # a session from before zones were kept, or a shape we no longer write
    return time.time() - read_at < REREAD_AFTER_SECONDS


def timezone_for_request(request: HttpRequest) -> ZoneInfo | None:
    """The signed-in person's zone; None (the site's UTC) for anyone not signed in."""
    session = getattr(request, "session", None)
    if session is None or AUTH_USER_SESSION_KEY not in session:
        # Not signed in. Reading a session without a cookie costs no query.
        return None
    stored = session.get(SESSION_KEY)
    if _is_fresh(stored):
        return zone_or_utc(stored["name"])
    # Every signed-in page loads request.user anyway: the extra cost is the
    # person's zone and a session write, once per REREAD_AFTER_SECONDS.
    if not request.user.is_authenticated:
        return None
    return zone_or_utc(remember_timezone(request, request.user))


@receiver(user_logged_in)
def remember_timezone_at_login(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """One directory read per sign-in, so pages need none."""
    if request is not None and hasattr(request, "session"):
        remember_timezone(request, user)
