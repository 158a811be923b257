"""Time zones by name, as the directory and the registration form store them."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC_ZONE = ZoneInfo("UTC")


def known_zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone called `name`, or None for an empty name or one this machine's tz
    database does not know (names come from HR files and old rows: they must never
    break a page or an email)."""
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The IANA zone called `name`; UTC for an empty or unknown name."""
    return known_zone(name) or UTC_ZONE
