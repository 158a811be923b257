"""Every program side by side, for administrators (all) and program managers (theirs).

A fixed number of queries however many programs: counts are annotations, and
the KPIs come from their latest weekly snapshot rather than being measured
program by program.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from upward.core.permissions import can_manage_programs
from upward.feedback.health import HealthState
from upward.pairs.models import PairStatus
from upward.programs.models import Kpi, KpiComparator, Program, RegistrationStatus
from upward.programs.selectors.access import programs_managed_by
from upward.reports.models import KpiSnapshot
from upward.reports.selectors.report import Table


@dataclass(frozen=True)
class OverviewRow:
    program: Program
    participants: int
    live_pairs: int
    at_risk: int
    kpis_met: int
    kpis_measured: int
    kpis: int


def overview_rows(user: Any) -> list[OverviewRow] | None:
    """None for someone who may not see the overview (participants, outsiders)."""
    if not can_manage_programs(user):
        return None
    programs = list(
        programs_managed_by(user)
        .annotate(
            participants=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            ),
            live_pairs=Count("pairs", filter=Q(pairs__status=PairStatus.LIVE), distinct=True),
            at_risk=Count(
                "pairs",
                filter=Q(
                    pairs__status=PairStatus.LIVE,
                    pairs__health__state=HealthState.AT_RISK.value,
                ),
                distinct=True,
            ),
        )
        .order_by("status", "name")
    )
    kpis = Kpi.objects.filter(program__in=programs).values_list(
        "pk", "program_id", "comparator", "target"
    )
    latest: dict[int, Decimal | None] = {}
    for kpi_id, value in (
        KpiSnapshot.objects.filter(kpi__program__in=programs)
        .order_by("kpi_id", "week")
        .values_list("kpi_id", "value")
    ):
        latest[kpi_id] = value  # ordered by week: the last one wins
    met: dict[int, int] = {}
    measured: dict[int, int] = {}
    total: dict[int, int] = {}
    for kpi_id, program_id, comparator, target in kpis:
        total[program_id] = total.get(program_id, 0) + 1
        value = latest.get(kpi_id)
        if value is None:
            continue
        measured[program_id] = measured.get(program_id, 0) + 1
        reached = value >= target if comparator == KpiComparator.AT_LEAST else value <= target
        met[program_id] = met.get(program_id, 0) + reached
    return [
        OverviewRow(
            program=p,
            participants=p.participants,
            live_pairs=p.live_pairs,
            at_risk=p.at_risk,
            kpis_met=met.get(p.pk, 0),
            kpis_measured=measured.get(p.pk, 0),
            kpis=total.get(p.pk, 0),
        )
        for p in programs
    ]


def overview_table(rows: list[OverviewRow]) -> Table:
    return Table(
        key="programs",
        caption="Every program",
        header=[
            "Program",
            "Status",
            "Participants",
            "Live pairs",
            "Pairs at risk",
            "KPIs met (last weekly figures)",
        ],
        rows=[
            [
                r.program.name,
                r.program.get_status_display(),
                r.participants,
                r.live_pairs,
                r.at_risk,
                f"{r.kpis_met} of {r.kpis_measured} measured ({r.kpis} in all)",
            ]
            for r in rows
        ],
    )
