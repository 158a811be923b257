"""Re-matching: new partners for the mentees who need one, nobody else moves.

Once a program has pairs, a registered mentee with no proposed or live pair
needs one: their proposal was declined (or withdrawn by a manager), their pair
ended early, or the run left them unmatched. Mentors of closed proposals and
ended pairs are back in the pool with the places they freed. Every other pair
(live, or proposed) stays exactly as it is: its people are not in the engine's
input at all. A pairing the program already had is never proposed again.
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


class NeedsPartner:
    """Why a mentee is on the re-matching page."""

    DECLINED = "Their proposal closed without a pair."
    ENDED = "Their pair ended early."
    UNMATCHED = "No partner yet: the run left them unmatched, or they joined later."


@dataclass
class RematchOption:
    """The engine's pick for one affected mentee, and a few other good mentors."""

    mentee: Registration
    why: str = NeedsPartner.UNMATCHED
    suggested: Suggested | None = None
    alternatives: list[Suggested] = field(default_factory=list)
    unmatched_reason: str = ""

    @property
    def choices(self) -> list[Suggested]:
        return ([self.suggested] if self.suggested else []) + self.alternatives


def affected_mentees(program: Program) -> list[Registration]:
    """Registered mentees with nothing proposed or live now, once the program has pairs.

    Before the first pair exists, every mentee is waiting for a match run, not
    for a re-match.
    """
    if not Pair.objects.filter(program=program).exists():
        return []
    active = Pair.objects.filter(program=program, status__in=ACTIVE_STATUSES).values("mentee_id")
    return list(
        Registration.objects.filter(
            program=program, role=ParticipantRole.MENTEE, status=RegistrationStatus.REGISTERED
        )
        .exclude(pk__in=active)
        .select_related("person__department")
        .order_by("person__name", "pk")
    )


def _why(program: Program, mentees: list[Registration]) -> dict[int, str]:
    """Why each mentee needs a partner, from their latest closed pair (one query)."""
    latest: dict[int, str] = {}
    closed = (
        Pair.objects.filter(program=program, mentee__in=mentees)
        .exclude(status__in=ACTIVE_STATUSES)
        .order_by("mentee_id", "-created_at", "-id")
        .values_list("mentee_id", "status")
    )
    for mentee_id, status in closed:
        latest.setdefault(mentee_id, status)
    return {
        m.pk: NeedsPartner.DECLINED
        if latest.get(m.pk) == PairStatus.DECLINED
        else NeedsPartner.ENDED
        if latest.get(m.pk) in (PairStatus.ENDED, PairStatus.COMPLETED)
        else NeedsPartner.UNMATCHED
        for m in mentees
    }


def _earlier_partners(program: Program, mentees: list[Registration]) -> dict[int, list[str]]:
    """The mentors each mentee was paired with before in this program (one query)."""
    earlier: dict[int, list[str]] = {}
    rows = (
        Pair.objects.filter(program=program, mentee__in=mentees)
        .exclude(status__in=ACTIVE_STATUSES)
        .order_by("created_at", "id")
        .values_list("mentee_id", "mentor__person__name")
    )
    for mentee_id, name in rows:
        earlier.setdefault(mentee_id, []).append(name)
    return earlier


def _for_the_manager(engine_reason: str, earlier: list[str]) -> str:
    """The engine calls every excluded pairing "forbidden"; say which kind it is here.

    The engine cannot tell a manager's forbid from a pairing this program already
    had (declined, withdrawn or ended), which is never proposed again.
    """
    if "forbidden pair" not in engine_reason:
        return engine_reason
    reason = (
        "No mentor who passes the rules can be proposed: every one is either already paired "
        "with this person before in this program, forbidden by a manager, or paired with "
        "them in another program."
    )
    if earlier:
        reason += f" Paired before (never proposed again): {', '.join(earlier)}."
    return reason + " Invite more mentors, or relax a rule in the matching settings."


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
    why = _why(program, mentees)
    options = {m.pk: RematchOption(mentee=m, why=why[m.pk]) for m in mentees}
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
    earlier = _earlier_partners(program, mentees)
    for unmatched in result.unmatched:
        if unmatched.side == "mentee":
            options[int(unmatched.id)].unmatched_reason = _for_the_manager(
                unmatched.reason, earlier.get(int(unmatched.id), [])
            )
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
