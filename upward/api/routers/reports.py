"""KPIs and report tables: the same figures as the report page, suppression included.

Every figure comes from the reports app's selectors, which hide any group of fewer
than 5 people; the API adds nothing and removes nothing.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema

from upward.accounts.http import AuthenticatedRequest
from upward.api.problems import Problem
from upward.api.schemas import PathId
from upward.core.audit import audit_log
from upward.programs.models import Program
from upward.programs.selectors.access import get_managed_program
from upward.reports.selectors.report import Table, inclusion, report_tables
from upward.reports.selectors.sections import kpis, retention_table

router = Router(tags=["reports"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}
Cell = str | int | float | None


class KpiOut(Schema):
    id: int
    name: str = Field(examples=["Sessions held per pair"])
    comparator: str = Field(examples=["at_least"])
    target: float
    unit: str
    value: float | None = Field(description="Null when not measured; see `reason`")
    reason: str = Field(examples=["fewer than 5 people: hidden"])
    based_on: int = Field(description="How many people, pairs or answers it rests on")
    status: str = Field(examples=["on_track"], description="met, on_track, behind, missed, …")
    definition: str


@router.get(
    "/programs/{program_id}/kpis",
    response={200: list[KpiOut], **ERRORS},
    summary="A program's KPIs against their targets (its managers)",
)
def kpi_list(request: AuthenticatedRequest, program_id: PathId) -> list[KpiOut]:
    program = get_managed_program(request.user, program_id)
    values, _table = kpis(program, timezone.now())
    return [
        KpiOut(
            id=item.kpi.pk,
            name=item.kpi.name,
            comparator=item.kpi.comparator,
            target=float(item.kpi.target),
            unit=item.kpi.unit,
            value=float(item.measured.value) if item.measured.value is not None else None,
            reason=item.measured.reason,
            based_on=item.measured.n,
            status=item.status,
            definition=item.definition,
        )
        for item in values
    ]


class TableOut(Schema):
    key: str = Field(examples=["funnel"])
    caption: str
    header: list[str]
    rows: list[list[Cell]] = Field(description="Cells of groups under 5 read 'fewer than 5'")
    note: str


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _table(table: Table) -> TableOut:
    return TableOut(
        key=table.key,
        caption=table.caption,
        header=[str(h) for h in table.header],
        rows=[[_cell(cell) for cell in row] for row in table.rows],
        note=table.note,
    )


def _tables(program: Program) -> dict[str, Table]:
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


@router.get(
    "/programs/{program_id}/report",
    response={200: list[str], **ERRORS},
    summary="The keys of a program's report tables (its managers)",
)
def report_keys(request: AuthenticatedRequest, program_id: PathId) -> list[str]:
    return list(_tables(get_managed_program(request.user, program_id)))


@router.get(
    "/programs/{program_id}/report/{key}",
    response={200: TableOut, **ERRORS},
    summary="One report table, as on the report page and in its CSV (its managers)",
)
def report_table(request: AuthenticatedRequest, program_id: PathId, key: str) -> TableOut:
    program = get_managed_program(request.user, program_id)
    table = _tables(program).get(key)
    if table is None:
        raise Http404
    if key.startswith("inclusion-"):
        # As the report page does: who looked at inclusion figures is on record.
        audit_log(
            actor=request.user,
            action="report.inclusion_viewed",
            summary=f"Inclusion figures of “{program.name}” viewed (API {key})",
            target=program,
        )
    return _table(table)
