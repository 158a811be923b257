"""The measures a program is judged by, each computed in SQL in a fixed number of queries.

A measure has an exact definition (numerator, denominator, period) shown on
screen, a value, and the count it rests on. Below its minimum count it says
"not enough data yet" instead of a number that would mislead. The KPIs
(upward.reports.kpis) and the program report read them; docs/managers/reports.md
explains each one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from upward.core import clock
from upward.feedback.health import HealthState
from upward.feedback.models import CheckIn, PairHealth
from upward.pairs.models import OverallValue, Pair, PairStatus, Reflection
from upward.programs.models import (
    AssessmentMoment,
    ParticipantRole,
    Program,
    Registration,
    RegistrationStatus,
    SelfRating,
)
from upward.programs.selectors.recruiting import eligible_people_for

WENT_LIVE = (PairStatus.LIVE, PairStatus.ENDED, PairStatus.COMPLETED)
ANSWERED = (PairStatus.LIVE, PairStatus.DECLINED, PairStatus.ENDED, PairStatus.COMPLETED)


@dataclass(frozen=True)
class Measured:
    value: Decimal | None  # None: not measured (see `reason`)
    n: int  # how many it rests on (people, pairs or answers)
    numerator: Decimal | None = None
    denominator: int | None = None
    reason: str = ""  # why there is no value

    @property
    def measured(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    unit: str
    definition: str  # numerator, denominator, period: shown under the figure
    minimum: int  # fewer than this: "not enough data yet"
    compute: Callable[[Program, datetime], Measured]


def _round(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share(numerator: int, denominator: int, minimum: int, what: str) -> Measured:
    """numerator / denominator as a percentage, or why not."""
    if denominator < minimum:
        return Measured(
            None,
            denominator,
            Decimal(numerator),
            denominator,
            f"not enough data yet: {denominator} {what}, {minimum} needed",
        )
    return Measured(
        _round(100 * numerator / denominator), denominator, Decimal(numerator), denominator
    )


def average(total: float | None, count: int, minimum: int, what: str) -> Measured:
    if count < minimum or total is None:
        return Measured(
            None, count, reason=f"not enough data yet: {count} {what}, {minimum} needed"
        )
    return Measured(_round(total / count), count, _round(total), count)


def _participants(program: Program) -> int:
    return Registration.objects.filter(
        program=program, status=RegistrationStatus.REGISTERED
    ).count()


def participation(program: Program, now: datetime) -> Measured:
    registered = _participants(program)
    eligible = eligible_people_for(program, "").count()
    return share(min(registered, eligible), eligible, 1, "eligible people")


def match_rate(program: Program, now: datetime) -> Measured:
    mentees = Registration.objects.filter(
        program=program, role=ParticipantRole.MENTEE, status=RegistrationStatus.REGISTERED
    )
    counts = mentees.aggregate(
        n=Count("pk", distinct=True),
        proposed=Count("pk", filter=Q(pairs_as_mentee__isnull=False), distinct=True),
    )
    return share(counts["proposed"], counts["n"], 5, "registered mentees")


def pairs_confirmed(program: Program, now: datetime) -> Measured:
    pairs = Pair.objects.filter(program=program, status__in=ANSWERED).aggregate(
        n=Count("pk"), live=Count("pk", filter=Q(live_at__isnull=False))
    )
    return share(pairs["live"], pairs["n"], 5, "answered proposals")


def cadence_kept(program: Program, now: datetime) -> Measured:
    """Pairs (live, or closed) at most one session behind their rhythm while they were live."""
    rows = list(
        Pair.objects.filter(program=program, status__in=WENT_LIVE, live_at__lte=now).values_list(
            "live_at", "closed_at", "sessions_held"
        )
    )
    if not rows:
        return share(0, 0, 3, "pairs past their first rhythm period")
    start = datetime.combine(program.starts_on, datetime.min.time(), tzinfo=now.tzinfo)
    # Seconds since the epoch, one array per column, then the arithmetic for every pair at once.
    live_at = np.array([moment.timestamp() if moment else 0.0 for moment, _c, _h in rows])
    closed_at = np.array([(closed or now).timestamp() for _live, closed, _held in rows])
    held = np.array([count for _live, _closed, count in rows])
    began = np.maximum(live_at, start.timestamp())
    period = 7 * 86400 * max(1, program.cadence_weeks)
    expected = np.maximum(closed_at - began, 0) // period
    counted = expected >= 1
    kept = counted & (held >= expected - 1)
    return share(int(kept.sum()), int(counted.sum()), 3, "pairs past their first rhythm period")


def sessions_per_month(program: Program, now: datetime) -> Measured:
    live_for = ExpressionWrapper(
        Coalesce(F("closed_at"), Value(now)) - F("live_at"), output_field=DurationField()
    )
    pairs = Pair.objects.filter(program=program, live_at__isnull=False, live_at__lte=now)
    totals = pairs.aggregate(
        n=Count("pk"), held=Coalesce(Sum("sessions_held"), 0), live_for=Sum(live_for)
    )
    months = totals["live_for"].total_seconds() / (30.44 * 86400) if totals["live_for"] else 0
    if months < 1 or totals["n"] < 3:
        return Measured(
            None, totals["n"], reason="not enough data yet: under 3 pairs or a month of pairing"
        )
    return Measured(_round(totals["held"] / months), totals["n"], Decimal(totals["held"]))


def usefulness(program: Program, now: datetime) -> Measured:
    rated = CheckIn.objects.filter(pair__program=program, usefulness__isnull=False).aggregate(
        n=Count("pk"), total=Sum("usefulness")
    )
    return average(rated["total"], rated["n"], 10, "check-ins rated")


def fit_working(program: Program, now: datetime) -> Measured:
    rated = CheckIn.objects.filter(pair__program=program, fit__isnull=False).aggregate(
        n=Count("pk"), good=Count("pk", filter=Q(fit__gte=3))
    )
    return share(rated["good"], rated["n"], 10, "fit ratings")


def at_risk_share(program: Program, now: datetime) -> Measured:
    healths = PairHealth.objects.filter(pair__program=program, pair__status=PairStatus.LIVE)
    counts = healths.aggregate(
        n=Count("pk"), risk=Count("pk", filter=Q(state=HealthState.AT_RISK.value))
    )
    return share(counts["risk"], counts["n"], 3, "live pairs")


def recommend(program: Program, now: datetime) -> Measured:
    """Net promoter score: % answering 9 or 10 minus % answering 0 to 6."""
    answers = Reflection.objects.filter(pair__program=program, recommend__isnull=False)
    counts = answers.aggregate(
        n=Count("pk"),
        promoters=Count("pk", filter=Q(recommend__gte=9)),
        detractors=Count("pk", filter=Q(recommend__lte=6)),
    )
    n = counts["n"]
    if n < 5:
        return Measured(None, n, reason=f"not enough data yet: {n} closing surveys, 5 needed")
    return Measured(_round(100 * (counts["promoters"] - counts["detractors"]) / n), n)


def paired_ratings(program: Program, role: str) -> QuerySet[SelfRating]:
    """Each closing rating with the same person's rating of the same topic at registration."""
    before = SelfRating.objects.filter(
        registration=OuterRef("registration"),
        topic=OuterRef("topic"),
        moment=AssessmentMoment.BEFORE,
    ).values("rating")[:1]
    return (
        SelfRating.objects.filter(
            registration__program=program,
            registration__role=role,
            moment=AssessmentMoment.AFTER,
        )
        .annotate(before=Subquery(before))
        .filter(before__isnull=False)
    )


def skills_gained(program: Program, now: datetime) -> Measured:
    """Mean of (closing - registration) over each mentee's paired topic ratings."""
    totals = paired_ratings(program, ParticipantRole.MENTEE).aggregate(
        people=Count("registration", distinct=True),
        ratings=Count("pk"),
        change=Sum(F("rating") - F("before")),
    )
    people = totals["people"]
    if people < 5:
        return Measured(
            None,
            people,
            reason=f"not enough data yet: {people} mentees rated before and after, 5 needed",
        )
    return Measured(
        _round(totals["change"] / totals["ratings"]), people, Decimal(totals["ratings"])
    )


def completion(program: Program, now: datetime) -> Measured:
    closed = Pair.objects.filter(
        program=program, status__in=(PairStatus.ENDED, PairStatus.COMPLETED)
    ).aggregate(n=Count("pk"), done=Count("pk", filter=Q(status=PairStatus.COMPLETED)))
    return share(closed["done"], closed["n"], 3, "closed pairs")


def commitments(program: Program, now: datetime) -> Measured:
    answers = Reflection.objects.filter(
        pair__program=program,
        author__role=ParticipantRole.MENTEE,
        overall_value__isnull=False,
    ).aggregate(n=Count("pk"), changed=Count("pk", filter=Q(overall_value=OverallValue.CHANGED)))
    return share(answers["changed"], answers["n"], 3, "mentees' closing surveys")


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "participation",
            "Participation among the eligible",
            "%",
            "People registered (not withdrawn) ÷ people eligible for either role today.",
            1,
            participation,
        ),
        Measure(
            "match_rate",
            "Match rate",
            "%",
            "Registered mentees who were proposed a partner ÷ registered mentees.",
            5,
            match_rate,
        ),
        Measure(
            "pairs_confirmed",
            "Proposals confirmed by both",
            "%",
            "Pairs that went live ÷ proposals both people answered (or declined).",
            5,
            pairs_confirmed,
        ),
        Measure(
            "cadence_kept",
            "Pairs meeting at the agreed rhythm",
            "%",
            "Live pairs at most one session behind their rhythm ÷ live pairs past their "
            "first rhythm period, today.",
            3,
            cadence_kept,
        ),
        Measure(
            "sessions_per_month",
            "Sessions held per pair per month",
            " sessions",
            "Sessions held ÷ months each pair has been live (until it closed or today).",
            3,
            sessions_per_month,
        ),
        Measure(
            "usefulness",
            "Average usefulness rating",
            "/4",
            "Mean of every check-in's usefulness (4 'it changed how I will work' to "
            "1 'not useful'), since the start.",
            10,
            usefulness,
        ),
        Measure(
            "fit",
            "Fit rated working",
            "%",
            "Fit ratings 'working well' or 'getting there' ÷ all fit ratings, since the start.",
            10,
            fit_working,
        ),
        Measure(
            "at_risk",
            "Pairs at risk",
            "%",
            "Live pairs whose health is 'at risk' ÷ live pairs, today.",
            3,
            at_risk_share,
        ),
        Measure(
            "recommend",
            "Recommend score (NPS)",
            "",
            "% of closing surveys answering 9 or 10 to 'recommend to a colleague' minus % "
            "answering 0 to 6; from -100 to 100.",
            5,
            recommend,
        ),
        Measure(
            "skills_gained",
            "Skills gained",
            " points",
            "Mean of (rating at closing - rating at registration), 1 to 5 scale, over every "
            "skill each mentee rated both times.",
            5,
            skills_gained,
        ),
        Measure(
            "completion",
            "Pairs completing the program",
            "%",
            "Pairs completed at the program's end ÷ pairs closed (completed or ended early).",
            3,
            completion,
        ),
        Measure(
            "commitments",
            "Mentees who changed how they work",
            "%",
            "Mentees' closing surveys answering 'it changed how I work' ÷ mentees' closing "
            "surveys.",
            3,
            commitments,
        ),
    )
}


def today_of(now: datetime) -> date:
    return clock.day_of(now)


def weeks_between(start: date, end: date) -> list[date]:
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks
