"""Render an export's nested data as HTML tables: formatting only, no queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join

register = template.Library()

ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?)?")


@register.filter
def section_title(name: str) -> str:
    return name.replace("_", " ").capitalize()


@register.simple_tag
def render_value(value: Any) -> str:
    return _html(value)


def _html(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return format_html("<p>{}</p>", "Nothing.")
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((section_title(str(k)), _html(v)) for k, v in value.items()),
        )
        return format_html("<table>{}</table>", rows)
    if isinstance(value, list):
        if not value:
            return format_html("<p>{}</p>", "Nothing.")
        return format_html(
            "<ol>{}</ol>", format_html_join("", "<li>{}</li>", ((_html(v),) for v in value))
        )
    if value is None or value == "":
        return format_html("<span>{}</span>", "—")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        when = _moment(value)
        if when is not None:
            return format_html('<time datetime="{}">{}</time>', value, when)
        return linebreaksbr(value)
    return format_html("{}", value)


def _moment(text: str) -> str | None:
    """An ISO timestamp or date of the export, as people read them (UTC)."""
    if not ISO_MOMENT.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:
        return f"{moment:%-d %B %Y}"
    return f"{moment.astimezone(UTC):%-d %B %Y, %H:%M} UTC"


@register.filter
def retention_run_summary(run: Any, labels: dict[str, str]) -> str:
    """'messages between partners: 3, audit log entries: 1', or 'nothing deleted'."""
    parts = [
        f"{labels.get(key, key).lower()}: {number:,}"
        for key, number in run.deleted.items()
        if number
    ]
    return ", ".join(parts) if parts else "nothing deleted"
