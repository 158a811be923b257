"""Template helpers for recruiting: `{% load recruiting %}`."""

from __future__ import annotations

from typing import Any

from django import template

from upward.programs.selectors.recruiting import Funnel

register = template.Library()


@register.simple_tag
def funnel_rows(funnel: Funnel) -> list[dict[str, Any]]:
    """The bars to draw, each as a share of the widest one."""
    rows = [
        ("Invited", funnel["invited"], ""),
        ("Opened", funnel["opened"], ""),
        ("Registered", funnel["registered"], ""),
        ("Declined", funnel["declined"], "is-declined"),
        ("Joined openly", funnel["open_signups"], "is-signup"),
    ]
    widest = max((value for _label, value, _kind in rows), default=0) or 1
    return [
        {"label": label, "value": value, "kind": kind, "percent": round(100 * value / widest)}
        for label, value, kind in rows
    ]
