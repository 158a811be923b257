"""Render an export's nested data as HTML tables: formatting only, no queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


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
    return format_html("{}", value)
