"""Each KPI of a program measured against its target, with its definition and weekly trend."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from upward.programs.models import Kpi, KpiComparator, ParticipantRole, Program, ProgramStatus
from upward.reports.measures import MEASURES, Measured
from upward.reports.models import KpiSnapshot
from upward.reports.retention import retention

# Within this share of its target, a running program's KPI is "on track" rather than "behind".
ON_TRACK_WITHIN = Decimal("0.1")
RETENTION_DEFINITION = (
    "Junior mentors still employed 12 months after the start, minus comparable colleagues "
    "who did not take part (same level, department and tenure band, weighted like the "
    "mentors), in percentage points. A comparison, not proof of cause."
)


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NOT_MEASURED = "not_measured"


STATUS_LABELS = {
    Status.MET: "Met",
    Status.ON_TRACK: "On track",
    Status.BEHIND: "Behind",
    Status.MISSED: "Missed",
    Status.NOT_MEASURED: "Not measured yet",
}


@dataclass(frozen=True)
class KpiValue:
    kpi: Kpi
    definition: str
    measured: Measured
    status: str
    trend: list[tuple[date, Decimal | None]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def measure_kpi(kpi: Kpi, program: Program, now: datetime) -> tuple[str, Measured]:
    """(definition, measured value) of one KPI."""
    kind = kpi.measured_by
    if kind == "mentor_retention":
        found = retention(program, months=12, role=ParticipantRole.MENTOR, now=now)
        value = found.difference_points if found.measured else None
        return RETENTION_DEFINITION, Measured(value, found.participants, reason=found.reason)
    measure = MEASURES.get(kind)
    if measure is None:
        return "", Measured(None, 0, reason="not measured: choose which measure gives its value")
    return measure.definition, measure.compute(program, now)


def status_of(kpi: Kpi, measured: Measured, program: Program) -> str:
    if measured.value is None:
        return Status.NOT_MEASURED
    value, target = measured.value, kpi.target
    reached = value >= target if kpi.comparator == KpiComparator.AT_LEAST else value <= target
    if reached:
        return Status.MET
    if program.status == ProgramStatus.CLOSED:
        return Status.MISSED
    margin = abs(target) * ON_TRACK_WITHIN
    close = (
        value >= target - margin
        if kpi.comparator == KpiComparator.AT_LEAST
        else (value <= target + margin)
    )
    return Status.ON_TRACK if close else Status.BEHIND


def program_kpi_values(program: Program, now: datetime) -> list[KpiValue]:
    kpis = list(Kpi.objects.filter(program=program).order_by("position", "pk"))
    trends: dict[int, list[tuple[date, Decimal | None]]] = defaultdict(list)
    final: dict[int, Measured] = {}
    for kpi_id, week, value, n, is_final in (
        KpiSnapshot.objects.filter(kpi__program=program)
        .order_by("week")
        .values_list("kpi_id", "week", "value", "n", "final")
    ):
        trends[kpi_id].append((week, value))
        if is_final:
            final[kpi_id] = Measured(value, n)
    values = []
    for kpi in kpis:
        definition, measured = measure_kpi(kpi, program, now)
        if program.status == ProgramStatus.CLOSED and kpi.pk in final:
            # A closed program's figures are the ones taken when it closed: the
            # retention schedule may since have deleted rows they were measured on.
            measured = final[kpi.pk]
        values.append(
            KpiValue(
                kpi=kpi,
                definition=definition,
                measured=measured,
                status=status_of(kpi, measured, program),
                trend=trends.get(kpi.pk, []),
            )
        )
    return values
