"""The weekly KPI snapshot: running programs each week, a closed program once more (final)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from upward.core import clock
from upward.programs.models import Program, ProgramStatus
from upward.reports.kpis import program_kpi_values
from upward.reports.models import KpiSnapshot


def kpi_snapshots_week(*, now: datetime | None = None) -> int:
    """Snapshot every running program's KPIs for this week; returns how many were written."""
    now = now or timezone.now()
    today = clock.day_of(now)
    week = today - timedelta(days=today.weekday())
    programs = Program.objects.filter(status=ProgramStatus.RUNNING) | Program.objects.filter(
        status=ProgramStatus.CLOSED
    ).exclude(kpis__snapshots__final=True)
    written = 0
    for program in programs.distinct().order_by("pk"):
        with transaction.atomic():
            final = program.status == ProgramStatus.CLOSED
            rows = [
                KpiSnapshot(
                    kpi=value.kpi,
                    week=week,
                    value=value.measured.value,
                    n=value.measured.n,
                    final=final,
                )
                for value in program_kpi_values(program, now)
            ]
            KpiSnapshot.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["kpi", "week"],
                update_fields=["value", "n", "final"],
            )
            written += len(rows)
    return written
