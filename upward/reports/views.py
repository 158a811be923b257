"""The program report, its CSVs, and the overview of every program.

Managers reach a program's report through `manager_page` like every program
page; the overview lists the programs a user may report on. Only aggregates
leave these views; the inclusion tables are suppressed and every view of them
is audited.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upward.accounts.http import AuthenticatedRequest
from upward.core.audit import audit_log
from upward.core.csv import csv_download
from upward.programs.guards import manager_page
from upward.programs.models import Program
from upward.reports.pdf import PdfUnavailable, render_pdf
from upward.reports.selectors.overview import overview_rows, overview_table
from upward.reports.selectors.report import Table, inclusion, report_tables
from upward.reports.selectors.sections import kpis, retention_table


def _all_tables(request: AuthenticatedRequest, program: Program) -> dict[str, Table]:
    now = timezone.now()
    _values, kpi = kpis(program, now)
    tables = {
        "kpis": kpi,
        **report_tables(program, now),
        "retention": retention_table(program, now),
    }
    for table in inclusion(program):
        tables[table.key] = table
    return tables


def _audit_inclusion(request: AuthenticatedRequest, program: Program, what: str) -> None:
    audit_log(
        actor=request.user,
        action="report.inclusion_viewed",
        summary=f"Inclusion figures of “{program.name}” viewed ({what})",
        target=program,
    )


@require_GET
@manager_page
def program_report(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    now = timezone.now()
    values, kpi = kpis(program, now)
    tables = report_tables(program, now)
    included = inclusion(program)
    if included:
        _audit_inclusion(request, program, "report page")
    return render(
        request,
        "reports/program_report.html",
        {
            "program": program,
            "kpi_values": values,
            "kpi_table": kpi,
            # The template reads them by attribute: sessions-by-week as sessions_by_week.
            "tables": {key.replace("-", "_"): table for key, table in tables.items()},
            "retention": retention_table(program, now),
            "inclusion": included,
            "now": now,
        },
    )


@require_GET
@manager_page
def report_csv(request: AuthenticatedRequest, program: Program, key: str) -> StreamingHttpResponse:
    tables = _all_tables(request, program)
    table = tables.get(key)
    if table is None:
        raise Http404("No such table")
    if key.startswith("inclusion-"):
        _audit_inclusion(request, program, f"{key}.csv")
    return csv_download(f"{program.slug}-{key}.csv", table.header, table.rows)


@require_GET
@manager_page
def report_pdf(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    now = timezone.now()
    tables = _all_tables(request, program)
    kpi = tables.pop("kpis")
    if any(key.startswith("inclusion-") for key in tables):
        _audit_inclusion(request, program, "PDF")
    paper = request.GET.get("paper", "a4")
    try:
        pdf = render_pdf(program, tables=list(tables.values()), kpis=kpi, paper=paper, now=now)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{program.slug}-report.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def overview(request: AuthenticatedRequest) -> HttpResponse:
    rows = overview_rows(request.user)
    if rows is None:
        raise Http404
    return render(request, "reports/overview.html", {"rows": rows})


@require_GET
def overview_csv(request: AuthenticatedRequest) -> StreamingHttpResponse:
    rows = overview_rows(request.user)
    if rows is None:
        raise Http404
    table = overview_table(rows)
    return csv_download("programs-overview.csv", table.header, table.rows)
