"""Re-matching after a decline: new partners for the people affected, nobody else moves.

The affected people are the mentees whose proposal was declined (or withdrawn
by a manager after its deadline) and who have no proposed or live pair now;
the mentors of those proposals are back in the pool with the place they freed.
Every other pair (live, or proposed and not declined) stays exactly as it is:
its people are not in the engine's input at all, and engine.rematch keeps
whatever it is given to keep. A declined pairing is forbidden, never re-proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.matching.engine import Result, build_model, rematch, suggest
from upward.matching.engine.problem import CRITERIA
from upward.matching.services.publish import PublishResult, respond_by_for
from upward.matching.services.suggestions import (
    Suggested,
    current_problem,
    registrations_by_id,
)
from upward.pairs.models import ACTIVE_STATUSES, Pair, PairStatus
from upward.pairs.services import pair_propose
from upward.programs.models import (
    ParticipantRole,
    Program,
    ProgramStatus,
    Registration,
    RegistrationStatus,
)

ALTERNATIVES = 3


@dataclass
class RematchOption:
    """The engine's pick for one affected mentee, and a few other good mentors."""

    mentee: Registration
    suggested: Suggested | None = None
    alternatives: list[Suggested] = field(default_factory=list)
    unmatched_reason: str = ""

    @property
    def choices(self) -> list[Suggested]:
        return ([self.suggested] if self.suggested else []) + self.alternatives


def affected_mentees(program: Program) -> list[Registration]:
    """Registered mentees with a declined proposal here and nothing proposed or live now."""
    declined = Pair.objects.filter(program=program, status=PairStatus.DECLINED).values("mentee_id")
    active = Pair.objects.filter(program=program, status__in=ACTIVE_STATUSES).values("mentee_id")
    return list(
        Registration.objects.filter(
            program=program,
            role=ParticipantRole.MENTEE,
            status=RegistrationStatus.REGISTERED,
            pk__in=declined,
        )
        .exclude(pk__in=active)
        .select_related("person__department")
        .order_by("person__name", "pk")
    )


def _empty_result(problem: Any) -> Result:
    none = np.empty(0, dtype=np.int64)
    return Result(
        problem=problem,
        mentee=none,
        mentor=none,
        score=np.empty(0),
        parts=np.empty((0, len(CRITERIA))),
        fixed=np.empty(0, dtype=bool),
        reasons=(),
        unmatched=(),
    )


def rematch_suggestions(*, program: Program, k: int = ALTERNATIVES) -> list[RematchOption]:
    """For each affected mentee: the engine's re-match and up to `k` alternatives."""
    mentees = affected_mentees(program)
    if not mentees:
        return []
    _, problem = current_problem(program, mentees=[m.pk for m in mentees])
    options = {m.pk: RematchOption(mentee=m) for m in mentees}
    if not problem.mentors or not problem.mentees:
        for option in options.values():
            option.unmatched_reason = "No mentor has a place left."
        return list(options.values())
    # Nothing to keep here: pairs that stay are outside the problem altogether.
    result = rematch(problem, _empty_result(problem), declined=(), keep=[], include_unmatched=True)
    model = build_model(problem)
    suggestions = {
        o.mentee.pk: suggest(problem, str(o.mentee.pk), k + 1, model=model)
        for o in options.values()
    }
    regs = registrations_by_id(
        [m for m, _ in result.pairs] + [s.mentor for found in suggestions.values() for s in found]
    )
    for (mentor_id, mentee_id), score, reasons in zip(
        result.pairs, result.score.tolist(), result.reasons, strict=True
    ):
        option = options[int(mentee_id)]
        option.suggested = Suggested(
            regs[int(mentor_id)], option.mentee, float(score), tuple(reasons)
        )
    for unmatched in result.unmatched:
        if unmatched.side == "mentee":
            options[int(unmatched.id)].unmatched_reason = unmatched.reason
    for option in options.values():
        taken = option.suggested.mentor.pk if option.suggested else None
        for s in suggestions[option.mentee.pk]:
            if int(s.mentor) != taken and len(option.alternatives) < k:
                option.alternatives.append(
                    Suggested(regs[int(s.mentor)], option.mentee, s.score, s.reasons)
                )
    return list(options.values())


@transaction.atomic
def rematch_publish(
    *, program: Program, actor: Any, choices: dict[int, int], now: datetime | None = None
) -> PublishResult:
    """Propose the chosen mentor (`choices`: mentee registration id -> mentor registration
    id) to each affected mentee, asking both for their private answer as usual.

    Choices are checked against fresh suggestions: a mentor who is no longer
    suggested (their place was taken meanwhile) is skipped and listed.
    """
    if program.status not in (ProgramStatus.MATCHING, ProgramStatus.RUNNING):
        raise ApplicationError("Re-matching is possible while the program is matching or running.")
    now = now or timezone.now()
    respond_by = respond_by_for(program, now)
    options = {o.mentee.pk: o for o in rematch_suggestions(program=program)}
    result = PublishResult()
    for mentee_id, mentor_id in sorted(choices.items(), key=lambda c: (c[1], c[0])):
        option = options.get(mentee_id)
        pick = (
            next((s for s in option.choices if s.mentor.pk == mentor_id), None) if option else None
        )
        if pick is None:
            result.skipped.append(("", str(mentee_id), "That suggestion is no longer available."))
            continue
        try:
            pair_propose(
                program=program,
                mentor=pick.mentor,
                mentee=pick.mentee,
                actor=actor,
                respond_by=respond_by,
                score=pick.score,
                reasons=pick.reasons,
                now=now,
            )
        except ApplicationError as error:
            result.skipped.append((pick.mentor.person.name, pick.mentee.person.name, error.message))
        else:
            result.published += 1
    audit_log(
        actor=actor,
        action="pair.rematch_published",
        summary=f"Published {result.published} re-match proposals in {program}",
        target=program,
        data={"published": result.published, "skipped": len(result.skipped)},
    )
    return result
