"""The KPI catalogue: outcomes reverse mentoring programs are commonly judged by.

Targets are defaults a manager edits. Reports (upward.reports) compute each
kind; a 'custom' KPI is tracked by hand.
"""

from __future__ import annotations

from decimal import Decimal

from upward.programs.catalogue.types import KpiSpec

CUSTOM_KPI = "custom"

KPI_CATALOGUE: dict[str, KpiSpec] = {
    spec.kind: spec
    for spec in (
        KpiSpec(
            kind="cadence_kept",
            name="Share of pairs meeting at the agreed cadence",
            comparator="gte",
            target=Decimal("80"),
            unit="%",
            highest=Decimal("100"),
            explanation="Pairs whose logged sessions keep the program's rhythm, "
            "the earliest sign that a partnership is alive.",
        ),
        KpiSpec(
            kind="usefulness",
            name="Average usefulness rating",
            comparator="gte",
            target=Decimal("3"),
            unit="/4",
            explanation="From the private check-ins both people give after each session: "
            "4 'it changed how I will work', 3 'useful', 2 'a little', 1 'not useful'.",
            highest=Decimal("4"),
        ),
        KpiSpec(
            kind="mentor_retention",
            name="Mentor retention after 12 months vs non-participants",
            comparator="gte",
            target=Decimal("10"),
            unit=" percentage points",
            explanation="Percentage points by which junior mentors stay longer than "
            "comparable colleagues who did not take part.",
        ),
        KpiSpec(
            kind="skills_gained",
            name="Skills gained (post minus pre self-assessment)",
            comparator="gte",
            target=Decimal("1"),
            unit=" points",
            explanation="Average rise on a 1 to 5 self-assessment of the skills each mentee "
            "chose to learn, asked at registration and at the close.",
        ),
        KpiSpec(
            kind="pairs_confirmed",
            name="Share of proposed pairs confirmed by both people",
            comparator="gte",
            target=Decimal("85"),
            unit="%",
            highest=Decimal("100"),
            explanation="A low share means the matching criteria miss what people care about.",
        ),
        KpiSpec(
            kind="completion",
            name="Share of pairs completing the program",
            comparator="gte",
            target=Decimal("75"),
            unit="%",
            highest=Decimal("100"),
            explanation="Pairs still meeting at the end date, rather than drifting apart.",
        ),
        KpiSpec(
            kind="commitments",
            name="Share of mentees naming a concrete change they made",
            comparator="gte",
            target=Decimal("70"),
            unit="%",
            highest=Decimal("100"),
            explanation="From the closing survey: senior leaders who answer that the "
            "program changed how they work.",
        ),
        KpiSpec(
            kind="participation",
            name="Participation among the eligible",
            comparator="gte",
            target=Decimal("20"),
            unit="%",
            highest=Decimal("100"),
            explanation="Registered participants out of everyone eligible for either role.",
        ),
        KpiSpec(
            kind="match_rate",
            name="Match rate",
            comparator="gte",
            target=Decimal("90"),
            unit="%",
            highest=Decimal("100"),
            explanation="Registered mentees who were proposed a partner.",
        ),
        KpiSpec(
            kind="sessions_per_month",
            name="Sessions held per pair per month",
            comparator="gte",
            target=Decimal("1.5"),
            unit=" sessions",
            explanation="How often pairs really meet, from the sessions they mark held.",
        ),
        KpiSpec(
            kind="fit",
            name="Fit rated working",
            comparator="gte",
            target=Decimal("80"),
            unit="%",
            highest=Decimal("100"),
            explanation="Check-in answers rating the fit 'working well' or 'getting there'.",
        ),
        KpiSpec(
            kind="at_risk",
            name="Share of pairs at risk",
            comparator="lte",
            target=Decimal("10"),
            unit="%",
            highest=Decimal("100"),
            explanation="Live pairs whose health is 'at risk' on the monitoring board.",
        ),
        KpiSpec(
            kind="recommend",
            name="Recommend score (NPS)",
            comparator="gte",
            target=Decimal("30"),
            unit="",
            highest=Decimal("100"),
            explanation="From the closing survey's 0 to 10 question: promoters (9, 10) minus "
            "detractors (0 to 6), in points from -100 to 100.",
        ),
        KpiSpec(
            kind=CUSTOM_KPI,
            name="Custom",
            comparator="gte",
            target=Decimal("0"),
            unit="",
            explanation="Your own name, unit and target for one of the measures above: "
            "choose which in 'Measured by'.",
        ),
    )
}


def kpi_choices() -> list[tuple[str, str]]:
    return [(spec.kind, spec.name) for spec in KPI_CATALOGUE.values()]
