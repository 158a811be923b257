"""What a program's report shows, table by table, each in a fixed number of queries.

Everything here is an aggregate: no name, no private note, no check-in
comment, no concern. Tables of people go through small-cell suppression
(upward.reports.suppression) before they leave this module.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone

from upward.feedback.health import HealthState
from upward.feedback.health.score import STATE_LABELS
from upward.feedback.models import CheckIn, Fit, HealthSnapshot, Usefulness
from upward.pairs.models import (
    Learning,
    OverallValue,
    Pair,
    PairStatus,
    Reflection,
    Session,
    SessionStatus,
)
from upward.programs.models import (
    Invitation,
    InvitationStatus,
    ParticipantRole,
    Program,
    Registration,
    RegistrationSkill,
    RegistrationStatus,
    SelfIdentification,
)
from upward.programs.selectors.recruiting import eligible_people_for
from upward.programs.self_identification import QUESTIONS
from upward.reports.measures import paired_ratings
from upward.reports.suppression import THRESHOLD, suppress

HIDDEN = "fewer than 5"


@dataclass(frozen=True)
class Table:
    """A report table: its caption, header and rows, ready for the page, the CSV and the PDF."""

    key: str  # names the CSV: /programs/<id>/report/<key>.csv
    caption: str
    header: list[str]
    rows: list[list[Any]]
    note: str = ""
    chart: dict[str, Any] = field(default_factory=dict)  # Chart.js data island, if any


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


# --- The funnel -------------------------------------------------------------------


def funnel(program: Program) -> Table:
    """eligible → invited → registered → ready → proposed → confirmed → active → completed."""
    registrations = Registration.objects.filter(program=program)
    registered = registrations.filter(status=RegistrationStatus.REGISTERED)
    reg = registered.aggregate(
        n=Count("pk"),
        ready=Count("pk", filter=Q(role=ParticipantRole.MENTEE) | Q(guide_read_at__isnull=False)),
    )
    invited = (
        Invitation.objects.filter(program=program)
        .exclude(status=InvitationStatus.REVOKED)
        .aggregate(people=Count("person", distinct=True))["people"]
    )
    pairs = Pair.objects.filter(program=program).aggregate(
        proposed=Count("pk"),
        confirmed=Count("pk", filter=Q(live_at__isnull=False)),
        active=Count("pk", filter=Q(live_at__isnull=False, sessions_held__gte=1)),
        completed=Count("pk", filter=Q(status=PairStatus.COMPLETED)),
    )
    eligible = eligible_people_for(program, "").count()
    # People for the first steps, pairs (two people each) from "proposed" on.
    steps = [
        ("Eligible people", eligible),
        # An open program lets people register without an invitation: no step to show.
        *([("Invited", invited)] if invited else []),
        ("Registered", reg["n"]),
        ("Ready to be matched", reg["ready"]),
        ("People proposed a partner", 2 * pairs["proposed"]),
        ("People in a confirmed pair", 2 * pairs["confirmed"]),
        ("People in an active pair (a session held)", 2 * pairs["active"]),
        ("People in a completed pair", 2 * pairs["completed"]),
    ]
    rows, previous = [], None
    for label, count in steps:
        drop = "" if previous in (None, 0) else _percent(previous - count, previous)
        rows.append([label, count, drop])
        previous = count
    return Table(
        key="funnel",
        caption="From eligible to completed",
        header=["Step", "People", "Lost since the step before"],
        rows=rows,
        note="Eligibility is read from today's directory. In a program that also lets people "
        "register from its page, 'Registered' can exceed 'Invited'. From 'proposed' on, each "
        "pair counts its two people.",
        chart={
            "labels": [label for label, _ in steps],
            "values": [count for _label, count in steps],
            "x": "",
            "y": "People",
            "axis": "y",
        },
    )


# --- Sessions and health over time --------------------------------------------------


def sessions_by_week(program: Program, now: datetime) -> Table:
    weeks = _weeks(program.starts_on, min(program.ends_on, now.date()))
    zone = timezone.get_current_timezone()
    held = _count_by_week(
        Session.objects.filter(
            pair__program=program, status=SessionStatus.HELD, starts_at__lte=now
        ),
        "starts_at",
        weeks,
        zone,
    )
    pairs = Pair.objects.filter(program=program, live_at__isnull=False)
    started = _count_by_week(pairs, "live_at", weeks, zone)
    closed = _count_by_week(pairs.filter(closed_at__isnull=False), "closed_at", weeks, zone)
    cadence = max(1, program.cadence_weeks)
    rows = []
    # Pairs live in a week: those live by its end, less those closed in an earlier week.
    live = 0
    for week in weeks:
        live += started.get(week, 0)
        rows.append([week.isoformat(), held.get(week, 0), round(live / cadence, 1)])
        live -= closed.get(week, 0)
    return Table(
        key="sessions-by-week",
        caption="Sessions held each week, against the agreed rhythm",
        header=["Week of", "Sessions held", "Expected at the rhythm"],
        rows=rows,
        note=f"Expected: the pairs live that week divided by the rhythm (every {cadence} "
        f"week{'s' if cadence > 1 else ''}).",
        chart={
            "labels": [r[0] for r in rows],
            "datasets": [
                {"label": "Sessions held", "values": [r[1] for r in rows]},
                {"label": "Expected at the rhythm", "values": [r[2] for r in rows], "type": "line"},
            ],
            "y": "Sessions",
        },
    )


def _count_by_week(rows: Any, moment: str, weeks: list[date], zone: Any) -> dict[date, int]:
    """How many of `rows` fall in each week (by `moment`): one query, a count per week.

    Conditional counts on plain comparisons, not TruncWeek: SQLite would truncate
    every row in Python. Rows before the first week count in the first week.
    """
    if not weeks:
        return {}
    bounds = [datetime.combine(w, datetime.min.time(), tzinfo=zone) for w in weeks]
    bounds.append(bounds[-1] + timedelta(weeks=1))
    counts = rows.aggregate(
        **{
            f"w{k}": Count(
                "pk",
                filter=Q(**{f"{moment}__lt": bounds[k + 1]})
                if k == 0
                else Q(**{f"{moment}__gte": bounds[k], f"{moment}__lt": bounds[k + 1]}),
            )
            for k in range(len(weeks))
        }
    )
    return {week: counts[f"w{k}"] for k, week in enumerate(weeks)}


def _weeks(start: date, end: date) -> list[date]:
    monday = start - timedelta(days=start.weekday())
    found = []
    while monday <= end:
        found.append(monday)
        monday += timedelta(weeks=1)
    return found


def health_by_week(program: Program) -> Table:
    counts = (
        HealthSnapshot.objects.filter(pair__program=program)
        .values_list("week", "state")
        .annotate(n=Count("pk"))
        .order_by("week")
    )
    states = [s.value for s in HealthState]
    by_week: dict[date, Counter[str]] = {}
    for week, state, n in counts:
        by_week.setdefault(week, Counter())[state] += n
    rows = [[week.isoformat(), *[by_week[week][s] for s in states]] for week in sorted(by_week)]
    labels = [STATE_LABELS[HealthState(s)] for s in states]
    return Table(
        key="health-by-week",
        caption="Pairs by health, week by week",
        header=["Week of", *labels],
        rows=rows,
        note="The state of every live pair each Monday (see the monitoring guide).",
        chart={
            "labels": [r[0] for r in rows],
            "datasets": [
                {"label": label, "values": [r[1 + k] for r in rows], "state": states[k]}
                for k, label in enumerate(labels)
            ],
            "stacked": True,
            "y": "Pairs",
        },
    )


# --- Check-ins --------------------------------------------------------------------------


def ratings(program: Program) -> Table:
    answered = CheckIn.objects.filter(pair__program=program, answered_at__isnull=False)
    usefulness = dict(
        answered.filter(usefulness__isnull=False)
        .values_list("usefulness")
        .annotate(n=Count("pk"))
        .values_list("usefulness", "n")
    )
    fit = dict(
        answered.filter(fit__isnull=False)
        .values_list("fit")
        .annotate(n=Count("pk"))
        .values_list("fit", "n")
    )
    rows = [
        ["How useful", label, usefulness.get(value, 0)]
        for value, label in reversed(Usefulness.choices)
    ]
    rows += [["Fit", label, fit.get(value, 0)] for value, label in reversed(Fit.choices)]
    return Table(
        key="check-in-ratings",
        caption="Check-in answers",
        header=["Question", "Answer", "Check-ins"],
        rows=rows,
        note="Every answered check-in since the start; each person's answers stay private "
        "from their partner.",
        chart={
            "labels": [f"{r[0]}: {r[1]}" for r in rows],
            "values": [r[2] for r in rows],
            "y": "Check-ins",
        },
    )


# --- Before and after, and the closing survey -------------------------------------------


def before_after(program: Program) -> Table:
    rows = []
    for role, who in ((ParticipantRole.MENTEE, "Mentees"), (ParticipantRole.MENTOR, "Mentors")):
        overall = paired_ratings(program, role).aggregate(
            people=Count("registration", distinct=True),
            before_mean=Avg("before"),
            after_mean=Avg("rating"),
        )
        every = (
            "Every skill they asked for"
            if role == ParticipantRole.MENTEE
            else ("Every development area")
        )
        rows.append(_before_after_row(who, every, overall))
        topics = (
            paired_ratings(program, role)
            .values("topic_label")
            .annotate(
                people=Count("registration", distinct=True),
                before_mean=Avg("before"),
                after_mean=Avg("rating"),
            )
            .order_by("-people", "topic_label")
        )
        rows += [_before_after_row(who, t["topic_label"], t) for t in topics]
    shown = [r for r in rows if r[3] != ""]
    return Table(
        key="before-after",
        caption="Self-assessment at registration and at closing (1 to 5)",
        header=["Who", "Topic", "People", "Before", "After", "Change"],
        rows=rows,
        note="Only people who answered both times; a topic rated by fewer than 5 people is "
        "not shown. Self-ratings, not a test.",
        chart={
            "labels": [f"{r[0]}: {r[1]}"[:60] for r in shown],
            "datasets": [
                {"label": "Before", "values": [float(r[3]) for r in shown]},
                {"label": "After", "values": [float(r[4]) for r in shown]},
            ],
            "y": "Mean rating (1 to 5)",
        },
    )


def _before_after_row(who: str, topic: str, figures: Mapping[str, Any]) -> list[Any]:
    if not figures["people"] or figures["people"] < THRESHOLD:
        return [who, topic, HIDDEN if figures["people"] else 0, "", "", ""]
    before, after = figures["before_mean"], figures["after_mean"]
    return [
        who,
        topic,
        figures["people"],
        round(before, 1),
        round(after, 1),
        round(after - before, 1),
    ]


def closing_survey(program: Program) -> Table:
    surveys = Reflection.objects.filter(pair__program=program, overall_value__isnull=False)
    counts = dict(
        surveys.values_list("overall_value")
        .annotate(n=Count("pk"))
        .values_list("overall_value", "n")
    )
    totals = surveys.aggregate(
        n=Count("pk"),
        promoters=Count("pk", filter=Q(recommend__gte=9)),
        detractors=Count("pk", filter=Q(recommend__lte=6)),
        keep=Count("pk", filter=Q(continue_informally=True)),
    )
    n = totals["n"]
    rows = [
        ["Overall value", label, counts.get(value, 0)]
        for value, label in reversed(OverallValue.choices)
    ]
    if n >= THRESHOLD:
        nps = round(100 * (totals["promoters"] - totals["detractors"]) / n)
        rows.append(["Recommend to a colleague", "Promoters (9, 10)", totals["promoters"]])
        rows.append(["Recommend to a colleague", "Detractors (0 to 6)", totals["detractors"]])
        rows.append(["Recommend to a colleague", "Net score", nps])
        rows.append(["Keep meeting informally", "Yes", totals["keep"]])
    return Table(
        key="closing-survey",
        caption=f"The closing survey ({n} answered)",
        header=["Question", "Answer", "People"],
        rows=rows if n >= THRESHOLD else [],
        note="Shown once 5 people or more have answered.",
        chart={
            "labels": [r[1] for r in rows[:4]],
            "values": [r[2] for r in rows[:4]],
            "y": "People",
        }
        if n >= THRESHOLD
        else {},
    )


# --- Inclusion ----------------------------------------------------------------------------


def inclusion(program: Program) -> list[Table]:
    """Consented self-identification by role, one table per question, with suppression.

    None for a program without an inclusion objective: it never asked.
    """
    if not program.has_inclusion_objective:
        return []
    consented = SelfIdentification.objects.filter(
        registration__program=program, registration__status=RegistrationStatus.REGISTERED
    )
    participants = dict(
        Registration.objects.filter(program=program, status=RegistrationStatus.REGISTERED)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    roles = [ParticipantRole.MENTOR, ParticipantRole.MENTEE]
    # The answers are encrypted at rest: decrypted here, in one read, only to be counted.
    answers = list(consented.values_list("registration__role", "answers"))
    tables = []
    for question in QUESTIONS:
        if question.choices is None:
            continue  # free text is never tabulated
        counts = Counter((role, given.get(question.key)) for role, given in answers)
        choices = list(question.choices)
        answered = {role: sum(counts[(role, c)] for c, _ in choices) for role in roles}
        grid = [[counts[(role, c)] for role in roles] for c, _label in choices]
        grid.append([participants.get(role, 0) - answered[role] for role in roles])
        labels = [label for _c, label in choices] + ["Did not answer"]
        mask = suppress(grid)
        rows = []
        for i, label in enumerate(labels):
            cells = [grid[i][j] if mask.cells[i][j] else HIDDEN for j in range(len(roles))]
            total = sum(grid[i]) if mask.row_totals[i] else HIDDEN
            rows.append([label, *cells, total])
        rows.append(
            [
                "All participants",
                *[
                    sum(row[j] for row in grid) if mask.column_totals[j] else HIDDEN
                    for j in range(len(roles))
                ],
                sum(map(sum, grid)) if mask.grand_total else HIDDEN,
            ]
        )
        tables.append(
            Table(
                key=f"inclusion-{question.key}",
                caption=question.label,
                header=["Answer", "Mentors", "Mentees", "All"],
                rows=rows,
                note="From consented self-identification only. Groups of fewer than 5 are "
                "hidden, and so is a second cell beside each, so none can be worked out "
                "from the totals.",
            )
        )
    return tables


# --- Learnings ------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """a about after again all also an and any are as at be been before being but by can could
    did do does doing for from had has have how i if in into is it its just me more most my no
    not now of on one only or our out over so some than that the their them then there these
    they this to too up us very was we were what when which who why will with would you your
    get got make made use used new way things thing really much many lot how""".split()
)


def learnings(program: Program) -> Table:
    entries = Learning.objects.filter(pair__program=program)
    totals = entries.aggregate(
        n=Count("pk"),
        pairs=Count("pair", distinct=True),
        by_mentors=Count("pk", filter=Q(author__role=ParticipantRole.MENTOR)),
    )
    live = Pair.objects.filter(program=program, live_at__isnull=False).count()
    words: Counter[str] = Counter()
    for text in entries.values_list("text", flat=True)[:5000]:
        words.update(
            w for w in re.findall(r"[a-zA-Z][a-zA-Z-]{3,}", text.lower()) if w not in STOP_WORDS
        )
    skills = (
        RegistrationSkill.objects.filter(
            registration__program=program,
            registration__role=ParticipantRole.MENTEE,
            registration__status=RegistrationStatus.REGISTERED,
        )
        .values_list("skill__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "skill__name")[:8]
    )
    rows = [
        ["Entries in 'what we learned'", totals["n"]],
        ["Entries by mentors (the junior side)", totals["by_mentors"]],
        ["Pairs with at least one entry", f"{totals['pairs']} of {live}"],
        ["Skills mentees asked for most", ", ".join(f"{name} ({n})" for name, n in skills) or "—"],
        [
            "Words that come back in the entries",
            ", ".join(w for w, n in words.most_common(12) if n >= 2) or "—",
        ],
    ]
    return Table(
        key="learnings",
        caption="What people learned",
        header=["", ""],
        rows=rows,
        note="Counted without names; the entries themselves stay in each pair's space.",
    )


def report_tables(program: Program, now: datetime) -> dict[str, Table]:
    tables = [
        funnel(program),
        sessions_by_week(program, now),
        health_by_week(program),
        ratings(program),
        before_after(program),
        closing_survey(program),
        learnings(program),
    ]
    return {t.key: t for t in tables}
