"""Small template helpers shared by every page: `{% load upward_tags %}`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.core.paginator import Page
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from upward.core.text import amount_of
from upward.core.timezones import known_zone

register = template.Library()


@register.simple_tag
def current_nav_url(nav_links: list[tuple[str, str]], path: str) -> str:
    """The URL of the navigation link for `path`: the longest that contains it.

    "/people/import/" belongs to "Import people", not to "Directory" at
    "/people/", though both are prefixes of it.
    """
    best = ""
    for _label, url in nav_links:
        matches = path == url if url == "/" else path.startswith(url)
        if matches and len(url) > len(best):
            best = url
    return best


@register.filter
def initials(name: str) -> str:
    """The letters in an avatar: "Ada Lovelace" gives "AL"."""
    text = str(name)
    if "@" in text:  # a login with no name yet: its email address
        return text[:1].upper() or "?"
    words = [word for word in text.split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.filter
def local_now(timezone_name: str) -> datetime | None:
    """The current time in an IANA time zone, or None for a name we don't know."""
    zone = known_zone(timezone_name)
    return timezone.now().astimezone(zone) if zone is not None else None


@register.filter
def time_with_zone(value: datetime | None, date_format: str = "j M Y, H:i") -> SafeString | str:
    """A `<time>` element reading "2 Mar 2026, 09:00 EST" in the reader's zone.

    The reader's zone is the active one: the signed-in person's on pages
    (people.middleware), the recipient's in emails (send_email). The zone
    is written beside the time because people in a pair or a program live in
    different zones, and "09:00" alone is a guess. The abbreviation keeps a
    line short; the title names the zone in full, and the machine-readable
    value carries the offset.
    """
    if not isinstance(value, datetime):
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    local = timezone.localtime(value).replace(microsecond=0)
    # A day alone ("2 Mar") needs no zone; a time of day does ("09:00 EST").
    shows_time = any(code in date_format for code in "aAfgGhHiPsu")
    abbreviation = (local.tzname() or "") if shows_time else ""
    return format_html(
        '<time datetime="{}" title="{}">{}{}</time>',
        local.isoformat(),
        getattr(local.tzinfo, "key", abbreviation),
        formats.date_format(local, date_format),
        f" {abbreviation}" if abbreviation else "",
    )


@register.filter
def amount(value: Any, unit: str = "") -> str:
    """A number with its unit, the unit's last word agreeing (core.text.amount_of)."""
    return amount_of(value, unit)


@register.filter
def message_role(level_tag: str) -> str:
    """Errors interrupt a screen reader; everything else waits its turn."""
    return "alert" if level_tag in {"error", "warning"} else "status"


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(
    context: template.Context, page: Page[Any], label: str = "Pagination"
) -> dict[str, Any]:
    """Page links that keep the other query parameters (filters) of the URL."""
    paginator = page.paginator
    return {
        "request": context.get("request"),
        "page": page,
        "label": label,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "ellipsis": paginator.ELLIPSIS,
    }
