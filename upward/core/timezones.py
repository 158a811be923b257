"""Time zones by name, as the directory and the registration form store them."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC_ZONE = ZoneInfo("UTC")


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The IANA zone called `name`; UTC for an empty or unknown name.

    Zone names come from HR files and old rows: a name this machine's tz
    database does not know must never break a page or an email.
    """
    if not name:
        return UTC_ZONE
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC_ZONE
