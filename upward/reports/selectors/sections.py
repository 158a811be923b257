"""The report's other tables: KPIs against targets, and retention against comparable peers."""

from __future__ import annotations

from datetime import datetime

from upward.core.text import amount_of
from upward.programs.models import KpiComparator, ParticipantRole, Program
from upward.reports.kpis import KpiValue, program_kpi_values
from upward.reports.retention import retention
from upward.reports.selectors.report import Table


def _amount(value: object, unit: str) -> str:
    return "—" if value is None else amount_of(value, unit)


def kpi_table(values: list[KpiValue]) -> Table:
    rows = []
    for item in values:
        kpi, measured = item.kpi, item.measured
        aim = "at least" if kpi.comparator == KpiComparator.AT_LEAST else "at most"
        rows.append(
            [
                kpi.name,
                f"{aim} {_amount(kpi.target, kpi.unit)}",
                _amount(measured.value, kpi.unit) if measured.measured else measured.reason,
                item.status_label,
                measured.n,
                item.definition,
            ]
        )
    return Table(
        key="kpis",
        caption="KPIs against their targets",
        header=["KPI", "Target", "Now", "Status", "Based on", "Definition"],
        rows=rows,
        note="'On track': a running program within 10% of the target. A closed program's KPIs "
        "are met or missed.",
    )


def kpis(program: Program, now: datetime) -> tuple[list[KpiValue], Table]:
    values = program_kpi_values(program, now)
    return values, kpi_table(values)


def retention_table(program: Program, now: datetime) -> Table:
    rows: list[list[object]] = []
    cases = [
        ("", "All participants", "stayed", "Still employed"),
        (ParticipantRole.MENTOR, "Junior mentors", "stayed", "Still employed"),
        (ParticipantRole.MENTOR, "Junior mentors", "promoted", "Promoted (level raised)"),
    ]
    for role, who, outcome, what in cases:
        for months in (6, 12):
            found = retention(program, months=months, role=role, now=now, outcome=outcome)
            if not found.measured:
                rows.append([who, what, f"{months} months", found.reason, "", "", ""])
                continue
            rows.append(
                [
                    who,
                    what,
                    f"{months} months",
                    f"{found.participants_rate}% of {found.participants}",
                    f"{found.comparison_rate}% of {found.comparison}",
                    found.difference,
                    f"{found.low} to {found.high}",
                ]
            )
    return Table(
        key="retention",
        caption="Retention and progression, against comparable colleagues",
        header=[
            "Who",
            "Measure",
            "After",
            "Participants",
            "Comparable colleagues",
            "Difference (points)",
            "95% interval",
        ],
        rows=rows,
        note="Comparable colleagues: employed at the start, same level, department and tenure "
        "band, weighted like the participants. Promotions are level changes the HR imports "
        "recorded since the start. This is a comparison, not proof that the program caused "
        "the difference: people who sign up may differ in ways the directory does not show.",
    )
