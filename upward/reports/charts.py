"""The report's charts as vector images (SVG), for the PDF: drawn by pygal, no script inside.

Reads the same chart data the page gives Chart.js (Table.chart), so the PDF
and the screen show the same numbers.
"""

from __future__ import annotations

import re
from typing import Any

import pygal
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#59636e",
    colors=("#4338ca", "#116329", "#59636e", "#a40e26", "#6c3e00"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=9,
    major_label_font_size=9,
    legend_font_size=10,
    title_font_size=12,
)
SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
STATE_COLOURS = {
    "at_risk": "#a40e26",
    "needs_attention": "#6c3e00",
    "on_track": "#116329",
    "too_early": "#94a3b8",
}


def chart_svg(chart: dict[str, Any], *, width: int = 680, height: int = 260) -> str:
    """One chart as an SVG string (empty when there is nothing to draw)."""
    labels = chart.get("labels") or []
    if not labels:
        return ""
    series = chart.get("datasets") or [{"label": chart.get("label", ""), "values": chart["values"]}]
    horizontal = chart.get("axis") == "y"
    kind: Any = (
        pygal.StackedBar
        if chart.get("stacked")
        else pygal.HorizontalBar
        if horizontal
        else pygal.Bar
    )
    colours = tuple(STATE_COLOURS.get(s.get("state", ""), "") for s in series)
    style = STYLE
    if all(colours):
        style = Style(**{**STYLE.__dict__, "colors": colours})
    drawing = kind(
        style=style,
        width=width,
        height=height,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        x_label_rotation=0 if horizontal else 45,
        show_minor_x_labels=len(labels) <= 16,
        x_labels_major_every=max(1, len(labels) // 12),
        truncate_label=40,
        print_values=False,
        js=(),
        disable_xml_declaration=True,
        explicit_size=True,
    )
    drawing.x_labels = [str(label) for label in labels]
    for one in series:
        values = [float(v) if v is not None else None for v in one["values"]]
        if one.get("type") == "line" and not chart.get("stacked"):
            drawing.add(one.get("label", ""), values, stroke=True, show_dots=False)
        else:
            drawing.add(one.get("label", ""), values)
    rendered: str = drawing.render(is_unicode=True)
    # pygal adds a small configuration script for its browser tooltips: not in a document.
    return SCRIPT.sub("", rendered)
