"""Template helpers for registration pages: `{% load registration_tags %}`."""

from __future__ import annotations

from typing import Any

from django import template

from upward.programs.registration_choices import LANGUAGE_NAMES

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def slot_summary(slots: list[str]) -> str:
    """'tue-09', 'tue-11', 'thu-13' -> 'Tue 09:00-13:00; Thu 13:00-15:00' (with en dashes)."""
    from upward.programs.registration_choices import DAYS, EN_DASH

    by_day: dict[str, list[int]] = {}
    for slot in slots:
        day, _, hour = slot.partition("-")
        if hour.isdigit():
            by_day.setdefault(day, []).append(int(hour))
    parts = []
    for day, day_name in DAYS:
        hours = sorted(by_day.get(day, []))
        if not hours:
            continue
        runs: list[list[int]] = []
        for start in hours:
            if runs and start == runs[-1][1]:
                runs[-1][1] = start + 2
            else:
                runs.append([start, start + 2])
        spans = ", ".join(f"{start:02d}:00{EN_DASH}{end:02d}:00" for start, end in runs)
        parts.append(f"{day_name[:3]} {spans}")
    return "; ".join(parts) or "—"
