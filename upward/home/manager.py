"""A program manager's home: their programs, what needs them now, and the KPIs at a glance.

Composed from the apps' selectors in a fixed number of queries, whatever the
number of programs or pairs: counts are grouped per program in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from upward.core import clock
from upward.core.text import count_of
from upward.feedback.health import HealthState
from upward.feedback.models import CheckIn
from upward.feedback.selectors.concerns import unacknowledged_count
from upward.pairs.models import Pair, PairStatus
from upward.programs.models import Program, ProgramStatus
from upward.reports.selectors.overview import OverviewRow, overview_rows

# Check-ins asked in the last 30 days, at least this many, fewer than half answered: worth a look.
LOW_RESPONSE_MINIMUM, LOW_RESPONSE_BELOW = 10, 0.5


@dataclass(frozen=True)
class Attention:
    text: str
    url: str
    link_text: str


@dataclass(frozen=True)
class ProgramLine:
    row: OverviewRow
    milestone: str


@dataclass
class ManagerHome:
    programs: list[ProgramLine] = field(default_factory=list)
    attention: list[Attention] = field(default_factory=list)


def next_milestone(program: Program, today: date) -> str:
    """The next date that matters for the program, in words."""
    dates = [
        (program.registration_opens_on, "registration opens"),
        (program.registration_closes_on, "registration closes"),
        (program.matching_on, "matching"),
        (program.starts_on, "the program starts"),
        (program.ends_on, "the program ends"),
    ]
    if program.status == ProgramStatus.CLOSED:
        return "closed"
    for day, what in dates:
        if day and day >= today:
            return f"{what} on {day.day} {day:%B %Y}"
    return "past its end date: close it when the last pairs have reflected"


def manager_home(user: Any, now: datetime) -> ManagerHome:
    rows = overview_rows(user) or []
    today = clock.day_of(now)
    home = ManagerHome(
        programs=[
            ProgramLine(row, next_milestone(row.program, today))
            for row in rows
            if row.program.status != ProgramStatus.CLOSED
        ]
    )
    programs = [row.program for row in rows]
    overdue = dict(
        Pair.objects.filter(program__in=programs, status=PairStatus.PROPOSED, respond_by__lt=now)
        .values_list("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    asked = CheckIn.objects.filter(
        pair__program__in=programs, due_at__gte=now - timedelta(days=30), due_at__lte=now
    )
    response = {
        program_id: (n, answered)
        for program_id, n, answered in asked.values_list("pair__program_id")
        .annotate(n=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .values_list("pair__program_id", "n", "answered")
    }
    for row in rows:
        program = row.program
        if overdue.get(program.pk):
            home.attention.append(
                Attention(
                    f"{program.name}: {count_of(overdue[program.pk], 'proposal')} past the "
                    "answer deadline",
                    reverse("pairs:program_pairs", args=[program.pk]),
                    "See who has not answered",
                )
            )
        if row.at_risk:
            home.attention.append(
                Attention(
                    f"{program.name}: {count_of(row.at_risk, 'pair')} at risk",
                    reverse("feedback:board", args=[program.pk])
                    + f"?state={HealthState.AT_RISK.value}",
                    "Open the board",
                )
            )
        n, answered = response.get(program.pk, (0, 0))
        if n >= LOW_RESPONSE_MINIMUM and answered < LOW_RESPONSE_BELOW * n:
            home.attention.append(
                Attention(
                    f"{program.name}: only {answered} of {n} check-ins answered in 30 days",
                    reverse("feedback:board", args=[program.pk]),
                    "See which pairs",
                )
            )
    waiting = unacknowledged_count(user)
    if waiting:
        home.attention.insert(
            0,
            Attention(
                f"{count_of(waiting, 'concern')} waiting for you to acknowledge",
                reverse("feedback:concerns"),
                "Open concerns",
            ),
        )
    return home
