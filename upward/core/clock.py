"""The one clock services read: the site's date and time, the same whoever is looking.

Pages activate the reader's time zone (people.middleware) so that dates show in
their own zone; `timezone.localdate()` then answers the reader's today. Rules
of the domain ("is registration open?", "has the program ended?") must not
depend on who looks, so services and selectors take the day from here: the
site's zone (settings.TIME_ZONE, UTC).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def today() -> date:
    """The site's current date."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def day_of(moment: datetime) -> date:
    """The site's date at `moment` (an aware date-time)."""
    return timezone.localdate(moment, timezone=timezone.get_default_timezone())
