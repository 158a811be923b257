"""`time_with_zone`: a date-time in the reader's zone, with the zone beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import timezone

SUMMER_NOON_UTC = datetime(2026, 7, 1, 12, 0, 30, 123456, tzinfo=UTC)


def _render(value: object, arg: str = "") -> str:
    source = "{% load upward_tags %}{{ value|time_with_zone" + (f':"{arg}"' if arg else "") + " }}"
    return Template(source).render(Context({"value": value}))


def test_it_shows_the_readers_local_time_with_its_abbreviation_and_an_iso_value():
    with timezone.override("America/New_York"):
        html = _render(SUMMER_NOON_UTC)
    assert html == (
        '<time datetime="2026-07-01T08:00:30-04:00" title="America/New_York">'
        "1 Jul 2026, 08:00 EDT</time>"
    )


def test_it_takes_the_date_format_without_the_zone():
    with timezone.override("Asia/Tokyo"):
        assert ">1 July, 21:00 JST</time>" in _render(SUMMER_NOON_UTC, "j F, H:i")


def test_nothing_is_shown_for_a_missing_value_or_a_plain_date():
    assert _render(None) == ""
    assert _render(date(2026, 7, 1)) == ""


def test_a_day_alone_has_no_zone_beside_it() -> None:
    from datetime import UTC, datetime

    from django.template import Context, Template
    from django.utils import timezone

    with timezone.override("Europe/London"):
        html = Template('{% load upward_tags %}{{ value|time_with_zone:"j M" }}').render(
            Context({"value": datetime(2026, 10, 22, 13, 0, tzinfo=UTC)})
        )
    assert ">22 Oct</time>" in html
