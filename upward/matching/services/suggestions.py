"""The engine's view of a program *as it is now*, for re-matching and self-service.

build_problem already leaves out mentees with a proposed or live pair, gives
mentors only the places they have left and forbids every pairing this program
ever had, so what the engine suggests from it can never disturb a pair or
repeat a declined one. The matching settings are the program's current ones;
the manager's forbids apply, their pins (made for a run) do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from upward.matching.engine import Problem, parse_problem
from upward.matching.services.problem import BuiltProblem, build_problem
from upward.matching.services.runs import settings_snapshot
from upward.programs.models import Program, Registration


@dataclass(frozen=True)
class Suggested:
    """One engine suggestion, in rows the app can show and publish."""

    mentor: Registration
    mentee: Registration
    score: float
    reasons: tuple[str, ...]


def registrations_by_id(ids: Iterable[int | str]) -> dict[int, Registration]:
    """Registrations (with person and department) for the ids the engine returned."""
    wanted = {int(pk) for pk in ids}
    return {
        reg.pk: reg
        for reg in Registration.objects.filter(pk__in=wanted).select_related("person__department")
    }


def current_snapshot(program: Program) -> dict[str, Any]:
    """The program's settings and forbids as they are now; pins belong to runs."""
    return {**settings_snapshot(program), "pins": []}


def current_problem(
    program: Program, *, mentees: Iterable[int] | None = None
) -> tuple[BuiltProblem, Problem]:
    """The engine input for free people now; with `mentees`, only those mentees compete."""
    built = build_problem(program, snapshot=current_snapshot(program))
    data = dict(built.data)
    if mentees is not None:
        wanted = {str(pk) for pk in mentees}
        data["mentees"] = [m for m in data["mentees"] if m["id"] in wanted]
        kept = {m["id"] for m in data["mentees"]} | {m["id"] for m in data["mentors"]}
        data["forbidden_pairs"] = [
            p for p in data["forbidden_pairs"] if p[0] in kept and p[1] in kept
        ]
    data["fixed_pairs"] = []
    return built, parse_problem(data)
