"""Retention of participants against comparable colleagues who did not take part.

Honest, not flattering: a participant is compared only with colleagues who
were employed when the program started, at the same level, in the same
department and with the same tenure band (under 1 year, 1-3, 3-5, 5 and more).
The comparison group's retention is weighted like the participants (direct
standardisation over those strata); strata with no comparable colleague are
left out of both sides, and the matched count says how many were compared.
The difference comes with a 95% confidence interval. It is a comparison, not
proof that the program caused the difference: the report says so.

Two grouped queries (participants, everyone else) whatever the directory's size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from upward.core import clock
from upward.people.models import DirectoryChange, Person
from upward.programs.models import Program, Registration, RegistrationStatus
from upward.programs.services.program_defaults import add_months

MINIMUM_MATCHED = 5
# (level, department id, tenure band): who counts as comparable.
Stratum = tuple[int, int | None, int]
Z_95 = 1.96


@dataclass(frozen=True)
class Retention:
    months: int
    measured: bool
    reason: str = ""
    participants: int = 0  # matched participants
    participants_rate: float = 0.0  # %
    comparison: int = 0  # comparable colleagues
    comparison_rate: float = 0.0  # %, weighted like the participants
    difference: float = 0.0  # percentage points
    low: float = 0.0  # 95% confidence interval, percentage points
    high: float = 0.0

    @property
    def difference_points(self) -> Decimal:
        return Decimal(str(self.difference)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _tenure_band(start: date) -> Case:
    return Case(
        When(hire_date__gt=add_months(start, -12), then=Value(0)),
        When(hire_date__gt=add_months(start, -36), then=Value(1)),
        When(hire_date__gt=add_months(start, -60), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def _stayed(until: date) -> Case:
    """Still employed on `until`: no leave date after the start and before it."""
    return Case(
        When(Q(leave_date__isnull=False, leave_date__lte=until), then=Value(0)),
        # Gone from the directory without a leave date: counted as left, to be safe.
        When(Q(is_active=False, leave_date__isnull=True), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _moved_up(start: date, until: date) -> Case:
    """Promoted: an import raised their level between the start and `until`."""
    raised = DirectoryChange.objects.filter(
        person=OuterRef("pk"),
        field=DirectoryChange.Field.LEVEL,
        new_level__gt=F("old_level"),
        changed_on__gt=start,
        changed_on__lte=until,
    )
    return Case(When(Exists(raised), then=Value(1)), default=Value(0), output_field=IntegerField())


def _strata(
    people: QuerySet[Person], start: date, until: date, *, outcome: str = "stayed"
) -> dict[Stratum, tuple[int, int]]:
    measure = _stayed(until) if outcome == "stayed" else _moved_up(start, until)
    rows = (
        people.annotate(band=_tenure_band(start), stayed=measure)
        .values("level", "department_id", "band")
        .annotate(n=Count("pk"), kept=Sum("stayed"))
    )
    return {(r["level"], r["department_id"], r["band"]): (r["n"], r["kept"]) for r in rows}


def retention(
    program: Program, *, months: int, role: str = "", now: datetime, outcome: str = "stayed"
) -> Retention:
    """Participants (of `role`, or both) still employed `months` after the start, compared.

    `outcome="promoted"`: instead, whether an HR import raised their level in that time
    (people.DirectoryChange), for the junior mentors' progression.
    """
    start = program.starts_on
    until = add_months(start, months)
    if clock.day_of(now) < until:
        return Retention(
            months, False, f"not measured yet: {months} months after the start is {until:%-d %B %Y}"
        )
    registered = Registration.objects.filter(program=program, status=RegistrationStatus.REGISTERED)
    if role:
        registered = registered.filter(role=role)
    employed = Person.objects.filter(hire_date__isnull=False, hire_date__lte=start).exclude(
        leave_date__lte=start
    )
    participants = _strata(
        employed.filter(pk__in=registered.values("person_id")), start, until, outcome=outcome
    )
    others = _strata(
        employed.exclude(pk__in=Registration.objects.filter(program=program).values("person_id")),
        start,
        until,
        outcome=outcome,
    )
    return _compare(months, participants, others)


def _compare(
    months: int,
    participants: dict[Stratum, tuple[int, int]],
    others: dict[Stratum, tuple[int, int]],
) -> Retention:
    matched = {key: value for key, value in participants.items() if others.get(key, (0, 0))[0]}
    n1 = sum(n for n, _kept in matched.values())
    if n1 < MINIMUM_MATCHED:
        return Retention(
            months,
            False,
            f"not enough data yet: {n1} participants with comparable colleagues, "
            f"{MINIMUM_MATCHED} needed",
        )
    p1 = sum(kept for _n, kept in matched.values()) / n1
    p2 = 0.0
    variance2 = 0.0
    for key, (n, _kept) in matched.items():
        weight = n / n1
        m, stayed = others[key]
        rate = stayed / m
        p2 += weight * rate
        variance2 += weight * weight * rate * (1 - rate) / m
    variance1 = p1 * (1 - p1) / n1
    margin = Z_95 * math.sqrt(variance1 + variance2)
    difference = p1 - p2
    return Retention(
        months,
        True,
        participants=n1,
        participants_rate=round(100 * p1, 1),
        comparison=sum(others[key][0] for key in matched),
        comparison_rate=round(100 * p2, 1),
        difference=round(100 * difference, 1),
        low=round(100 * (difference - margin), 1),
        high=round(100 * (difference + margin), 1),
    )
