"""Reads for match runs: permission-scoped, a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from upward.matching.models import (
    MatchRun,
    PairConstraint,
    Proposal,
    RunStatus,
    UnmatchedEntry,
)
from upward.programs.models import Program, Registration, RegistrationStatus


def get_program_run(program: Program, run_id: int) -> MatchRun:
    """A run of `program` (already fetched through the manager's guard); Http404 otherwise."""
    try:
        run = MatchRun.objects.get(program=program, pk=run_id)
    except MatchRun.DoesNotExist:
        raise Http404("No such run") from None
    run.program = program
    return run


def runs_for_program(program: Program) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(program=program).select_related("created_by")


def finished_runs(program: Program) -> QuerySet[MatchRun]:
    """Runs that can be read and compared: done or published."""
    return runs_for_program(program).filter(status__in=[RunStatus.DONE, RunStatus.PUBLISHED])


def run_has_proposal(run: MatchRun, proposal_id: int) -> bool:
    return Proposal.objects.filter(run=run, pk=proposal_id).exists()


def run_proposals(run: MatchRun) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(run=run)
        .select_related("mentor__person__department", "mentee__person__department")
        .order_by("-score", "id")
    )


def run_proposals_by_mentee(run: MatchRun) -> QuerySet[Proposal]:
    """A run's proposals in the order its publish page lists them."""
    return run.proposals.select_related("mentor__person", "mentee__person").order_by(
        "mentee__person__name", "id"
    )


def run_unmatched(run: MatchRun) -> QuerySet[UnmatchedEntry]:
    return (
        UnmatchedEntry.objects.filter(run=run)
        .select_related("registration__person")
        .order_by("registration__role", "registration__person__name", "id")
    )


def program_constraints(program: Program) -> dict[tuple[int, int], str]:
    """(mentor, mentee) -> "pin" or "forbid", one query."""
    return {
        (m, e): kind
        for m, e, kind in PairConstraint.objects.filter(program=program).values_list(
            "mentor_id", "mentee_id", "kind"
        )
    }


def constraint_list(program: Program) -> QuerySet[PairConstraint]:
    return (
        PairConstraint.objects.filter(program=program)
        .select_related("mentor__person", "mentee__person")
        .order_by("kind", "mentee__person__name")
    )


ASSIGN_RESULTS = 15


@dataclass(frozen=True)
class AssignCandidates:
    """People matching a name search for "assign by hand": a page never lists them all."""

    people: list[tuple[int, str]]
    more: bool
    """True when more people match than are shown: the manager types more of the name."""


def assign_candidates(program: Program, *, role: str, query: str) -> AssignCandidates:
    """Registered people of `role` whose name contains `query`; one query, a bounded list."""
    query = query.strip()[:100]
    if not query:
        return AssignCandidates(people=[], more=False)
    rows = list(
        Registration.objects.filter(
            program=program,
            role=role,
            status=RegistrationStatus.REGISTERED,
            person__name__icontains=query,
        )
        .order_by("person__name", "id")
        .values_list("id", "person__name", "person__level")[: ASSIGN_RESULTS + 1]
    )
    people = [(pk, f"{name} (level {level})") for pk, name, level in rows[:ASSIGN_RESULTS]]
    return AssignCandidates(people=people, more=len(rows) > ASSIGN_RESULTS)


def find_constraint(program: Program, constraint_id: int) -> PairConstraint:
    try:
        return PairConstraint.objects.select_related(
            "program", "mentor__person", "mentee__person"
        ).get(program=program, pk=constraint_id)
    except PairConstraint.DoesNotExist:
        raise Http404("No such pin or forbid") from None


@dataclass
class Comparison:
    only_a: list[dict[str, Any]]
    only_b: list[dict[str, Any]]
    both: list[dict[str, Any]]
    summary_rows: list[dict[str, Any]]
    settings_rows: list[dict[str, Any]]


def _pairs(run: MatchRun) -> dict[tuple[int, int], dict[str, Any]]:
    rows = Proposal.objects.filter(run=run).values_list(
        "mentor_id", "mentee_id", "score", "mentor__person__name", "mentee__person__name"
    )
    return {(m, e): {"mentor": mn, "mentee": en, "score": s} for m, e, s, mn, en in rows}


SUMMARY_FIELDS = (
    ("pairs", "Pairs"),
    ("mean_score", "Mean score"),
    ("min_score", "Lowest score"),
    ("total_score", "Total score"),
    ("unmatched_mentees", "Mentees without a mentor"),
    ("unmatched_mentors", "Mentors without a mentee"),
)


def _delta(a: Any, b: Any) -> float | None:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return round(float(b) - float(a), 2)
    return None


def compare_runs(a: MatchRun, b: MatchRun) -> Comparison:
    """What changes from run A to run B: two queries."""
    pa, pb = _pairs(a), _pairs(b)
    both = [
        {**pa[k], "score_a": pa[k]["score"], "score_b": pb[k]["score"],
         "delta": round(pb[k]["score"] - pa[k]["score"], 2)}
        for k in pa.keys() & pb.keys()
    ]  # fmt: skip
    both.sort(key=lambda r: (-abs(r["delta"]), r["mentee"]))
    summary_rows = [
        {
            "label": label,
            "a": a.summary.get(key),
            "b": b.summary.get(key),
            "delta": _delta(a.summary.get(key), b.summary.get(key)),
        }
        for key, label in SUMMARY_FIELDS
    ]
    settings_rows = []
    for group in ("weights", "rules"):
        sa, sb = a.settings_snapshot.get(group, {}), b.settings_snapshot.get(group, {})
        for key in sorted(set(sa) | set(sb)):
            settings_rows.append(
                {
                    "group": group,
                    "key": key,
                    "a": sa.get(key),
                    "b": sb.get(key),
                    "changed": sa.get(key) != sb.get(key),
                }
            )
    for key in ("objective",):
        va, vb = a.settings_snapshot.get(key), b.settings_snapshot.get(key)
        settings_rows.append({"group": "", "key": key, "a": va, "b": vb, "changed": va != vb})
    return Comparison(
        only_a=sorted((pa[k] for k in pa.keys() - pb.keys()), key=lambda r: r["mentee"]),
        only_b=sorted((pb[k] for k in pb.keys() - pa.keys()), key=lambda r: r["mentee"]),
        both=both,
        summary_rows=summary_rows,
        settings_rows=settings_rows,
    )
