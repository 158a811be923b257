"""The printable report: the same tables as the page, charts as SVG, laid out by WeasyPrint.

A4 or US Letter; every table keeps its header row on each page it spans, and
a section is never split under its heading. WeasyPrint needs the Pango
library on the server (Debian: libpango-1.0-0, libpangoft2-1.0-0); without
it, `render_pdf` raises PdfUnavailable with that sentence for the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from upward.programs.models import Program
from upward.reports.charts import chart_svg
from upward.reports.selectors.report import Table

PAPERS = {"a4": "A4", "letter": "letter"}


class PdfUnavailable(Exception):
    """The server cannot make PDFs (the layout library is missing)."""


def render_pdf(
    program: Program, *, tables: list[Table], kpis: Table, paper: str, now: datetime
) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: the Pango library is missing
        raise PdfUnavailable(
            "This server cannot make PDFs yet: its administrator needs to install the Pango "
            "library (on Debian: apt install libpango-1.0-0 libpangoft2-1.0-0)."
        ) from error
    sections: list[dict[str, Any]] = [
        {"table": table, "svg": mark_safe(chart_svg(table.chart)) if table.chart else ""}  # noqa: S308  # pygal escapes every label
        for table in tables
    ]
    html = render_to_string(
        "reports/report_pdf.html",
        {
            "program": program,
            "kpis": kpis,
            "sections": sections,
            "page_size": PAPERS.get(paper, "A4"),
            "now": now,
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
