"""Manual adjustment of a run: swap two pairs, pin, forbid, assign by hand.

Every change is checked at once against the run's hard rules (the engine's own
rule code, see pair_check). Breaking one needs an explicit override with a
reason, which is stored on the proposal and the pin and written to the audit
log. Pins and forbids live on the program (PairConstraint), so every later run
respects them; a swap or a hand assignment pins its new pairs for that reason.
Pairs that may never happen (declined before, or live in another program)
cannot be overridden.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.text import count_of, noun_for
from upward.matching.models import (
    ConstraintKind,
    MatchRun,
    PairConstraint,
    Proposal,
    ProposalOrigin,
    RunStatus,
    UnmatchedEntry,
)
from upward.matching.services.pair_check import PairCheck, PairChecker
from upward.matching.services.problem import build_problem
from upward.matching.services.runs import summarise
from upward.programs.models import ParticipantRole, Registration


def _locked_run(run: MatchRun) -> MatchRun:
    locked = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    if locked.status != RunStatus.DONE:
        raise ApplicationError("Only a finished run that is not published can be adjusted.")
    return locked


def _checker(run: MatchRun) -> PairChecker:
    # The run's weights and rules; no pins (they would fix capacities) and no manager
    # forbids (checked apart, with a clearer message).
    snapshot = {**run.settings_snapshot, "pins": [], "forbids": []}
    return PairChecker(build_problem(run.program, snapshot=snapshot))


def _checked(
    run: MatchRun, checker: PairChecker, mentor_id: int, mentee_id: int, override_reason: str
) -> PairCheck:
    """The pair's check; raises ApplicationError unless it may go ahead."""
    built = checker.built
    for reg_id in (mentor_id, mentee_id):
        absent = checker.why_absent(reg_id)
        if absent:
            raise ApplicationError(f"{absent}.")
    mentor, mentee = built.name(mentor_id), built.name(mentee_id)
    if built.registrations[mentor_id].role != ParticipantRole.MENTOR:
        raise ApplicationError(f"{mentor} is not a mentor in this program.")
    if built.registrations[mentee_id].role != ParticipantRole.MENTEE:
        raise ApplicationError(f"{mentee} is not a mentee in this program.")
    if (mentor_id, mentee_id) in built.never_again:
        raise ApplicationError(
            f"{mentor} and {mentee} can never be proposed to each other: they were paired "
            "before, or are paired in another program."
        )
    if PairConstraint.objects.filter(
        program=run.program, mentor_id=mentor_id, mentee_id=mentee_id, kind=ConstraintKind.FORBID
    ).exists():
        raise ApplicationError(f"{mentor} with {mentee} is forbidden; remove the forbid first.")
    check = checker.check(mentor_id, mentee_id)
    if check.violations and not override_reason.strip():
        raise ApplicationError(
            f"{mentor} with {mentee} breaks {count_of(len(check.violations), 'hard rule')}: "
            + "; ".join(check.violations)
            + ". To go ahead anyway, give a reason for the override.",
            extra={"violations": check.violations},
        )
    return check


def _apply(proposal: Proposal, check: PairCheck, origin: str, override_reason: str) -> None:
    proposal.score = check.score
    proposal.contributions = check.contributions
    proposal.reasons = check.reasons
    proposal.origin = origin
    proposal.rule_violations = check.violations
    proposal.override_reason = override_reason.strip() if check.violations else ""


def _pin(
    *, actor: Any, run: MatchRun, mentor_id: int, mentee_id: int, check: PairCheck, reason: str
) -> PairConstraint:
    """Pin the pair for later runs; a mentee has one pin at most."""
    PairConstraint.objects.filter(
        program=run.program, mentee_id=mentee_id, kind=ConstraintKind.PIN
    ).exclude(mentor_id=mentor_id).delete()
    constraint, _ = PairConstraint.objects.get_or_create(
        program=run.program,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        defaults={"kind": ConstraintKind.PIN, "created_by": _user(actor)},
    )
    constraint.kind = ConstraintKind.PIN
    constraint.rule_violations = check.violations
    constraint.override_reason = reason.strip() if check.violations else ""
    constraint.full_clean()
    constraint.save()
    return constraint


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _refresh_summary(run: MatchRun) -> None:
    scores = list(run.proposals.values_list("score", flat=True))
    by_role = dict(
        run.unmatched.values_list("registration__role").annotate(n=Count("id")).order_by()
    )
    fresh = summarise(
        scores,
        unmatched_mentees=by_role.get(ParticipantRole.MENTEE, 0),
        unmatched_mentors=by_role.get(ParticipantRole.MENTOR, 0),
    )
    keep = ("weights_used", "objective", "blocking_pairs", "exact", "seconds", "warnings")
    run.summary = {**fresh, **{k: run.summary.get(k) for k in keep}, "adjusted": True}
    run.save(update_fields=["summary", "updated_at"])


def _audit(actor: Any, run: MatchRun, action: str, summary: str, **data: Any) -> None:
    audit_log(actor=actor, action=action, summary=summary, target=run, data=data)


@transaction.atomic
def proposal_swap(
    *, actor: Any, run: MatchRun, first_id: int, second_id: int, override_reason: str = ""
) -> tuple[Proposal, Proposal]:
    """Exchange the mentors of two pairs; every mentor keeps the same number of mentees."""
    run = _locked_run(run)
    pair = list(run.proposals.select_for_update().filter(pk__in=[first_id, second_id]))
    if len(pair) != 2:
        raise ApplicationError("Choose two different pairs of this run to swap.")
    a, b = sorted(pair, key=lambda p: p.pk == second_id)
    if a.mentor_id == b.mentor_id:
        raise ApplicationError("Both pairs have the same mentor: swapping changes nothing.")
    checker = _checker(run)
    check_a = _checked(run, checker, b.mentor_id, a.mentee_id, override_reason)
    check_b = _checked(run, checker, a.mentor_id, b.mentee_id, override_reason)
    old = [(a.mentor_id, a.mentee_id), (b.mentor_id, b.mentee_id)]
    PairConstraint.objects.filter(
        program=run.program,
        kind=ConstraintKind.PIN,
        mentor_id__in=[m for m, _ in old],
        mentee_id__in=[e for _, e in old],
    ).delete()
    a.mentor_id, b.mentor_id = b.mentor_id, a.mentor_id
    for proposal, check in ((a, check_a), (b, check_b)):
        _apply(proposal, check, ProposalOrigin.MANUAL, override_reason)
        proposal.full_clean()
        proposal.save()
        _pin(
            actor=actor,
            run=run,
            mentor_id=proposal.mentor_id,
            mentee_id=proposal.mentee_id,
            check=check,
            reason=override_reason,
        )
    _refresh_summary(run)
    names = checker.built.name
    _audit(
        actor,
        run,
        "proposal.swapped",
        f"Swapped mentors of {names(a.mentee_id)} and {names(b.mentee_id)} in run {run.pk}",
        before=old,
        after=[(a.mentor_id, a.mentee_id), (b.mentor_id, b.mentee_id)],
        rule_violations=check_a.violations + check_b.violations,
        override_reason=override_reason.strip(),
    )
    return a, b


@transaction.atomic
def proposal_assign(
    *, actor: Any, run: MatchRun, mentor_id: int, mentee_id: int, override_reason: str = ""
) -> Proposal:
    """Pair two people by hand (replacing the mentee's proposal), and pin the pair."""
    run = _locked_run(run)
    checker = _checker(run)
    check = _checked(run, checker, mentor_id, mentee_id, override_reason)
    names = checker.built.name
    current = run.proposals.select_for_update().filter(mentee_id=mentee_id).first()
    load = run.proposals.filter(mentor_id=mentor_id).exclude(mentee_id=mentee_id).count()
    capacity = Registration.objects.values_list("capacity", flat=True).get(pk=mentor_id)
    if load >= capacity:
        raise ApplicationError(
            f"{names(mentor_id)} already has {load} {noun_for(load, 'mentee')}, their "
            "capacity. Swap pairs instead, or free a place first."
        )
    freed = current.mentor_id if current and current.mentor_id != mentor_id else None
    proposal = current or Proposal(run=run, mentor_id=mentor_id, mentee_id=mentee_id)
    proposal.mentor_id = mentor_id
    _apply(proposal, check, ProposalOrigin.MANUAL, override_reason)
    proposal.full_clean()
    proposal.save()
    run.unmatched.filter(registration_id__in=[mentor_id, mentee_id]).delete()
    if freed and not run.proposals.filter(mentor_id=freed).exists():
        UnmatchedEntry.objects.create(
            run=run,
            registration_id=freed,
            reason=f"their mentee {names(mentee_id)} was assigned by hand to {names(mentor_id)}",
        )
    _pin(
        actor=actor,
        run=run,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        check=check,
        reason=override_reason,
    )
    _refresh_summary(run)
    _audit(
        actor,
        run,
        "proposal.assigned",
        f"Assigned {names(mentor_id)} to {names(mentee_id)} by hand in run {run.pk}"
        + (" (rule override)" if check.violations else ""),
        mentor=mentor_id,
        mentee=mentee_id,
        rule_violations=check.violations,
        override_reason=proposal.override_reason,
    )
    return proposal


@transaction.atomic
def proposal_pin(*, actor: Any, run: MatchRun, proposal_id: int) -> PairConstraint:
    """Keep this proposed pair in every later run."""
    run = _locked_run(run)
    proposal = run.proposals.select_related("mentor__person", "mentee__person").get(pk=proposal_id)
    check = PairCheck(
        violations=list(proposal.rule_violations),
        score=proposal.score,
        contributions=proposal.contributions,
        reasons=proposal.reasons,
    )
    constraint = _pin(
        actor=actor,
        run=run,
        mentor_id=proposal.mentor_id,
        mentee_id=proposal.mentee_id,
        check=check,
        reason=proposal.override_reason,
    )
    if proposal.origin == ProposalOrigin.ENGINE:
        proposal.origin = ProposalOrigin.PINNED
        proposal.save(update_fields=["origin", "updated_at"])
    _audit(
        actor,
        run,
        "pair_constraint.pinned",
        f"Pinned {proposal.mentor.person.name} with {proposal.mentee.person.name}",
        mentor=proposal.mentor_id,
        mentee=proposal.mentee_id,
    )
    return constraint


@transaction.atomic
def proposal_forbid(
    *, actor: Any, run: MatchRun, proposal_id: int, reason: str = ""
) -> PairConstraint:
    """Never pair these two again in this program; they leave the run's proposals."""
    run = _locked_run(run)
    proposal = run.proposals.select_related("mentor__person", "mentee__person").get(pk=proposal_id)
    mentor, mentee = proposal.mentor, proposal.mentee
    constraint, _ = PairConstraint.objects.update_or_create(
        program=run.program,
        mentor=mentor,
        mentee=mentee,
        defaults={
            "kind": ConstraintKind.FORBID,
            "reason": reason.strip()[:500],
            "rule_violations": [],
            "override_reason": "",
            "created_by": _user(actor),
        },
    )
    proposal.delete()
    text = "the pair with {} was forbidden by a manager; run again to find another"
    UnmatchedEntry.objects.get_or_create(
        run=run, registration=mentee, defaults={"reason": text.format(mentor.person.name)}
    )
    if not run.proposals.filter(mentor=mentor).exists():
        UnmatchedEntry.objects.get_or_create(
            run=run, registration=mentor, defaults={"reason": text.format(mentee.person.name)}
        )
    _refresh_summary(run)
    _audit(
        actor,
        run,
        "pair_constraint.forbidden",
        f"Forbade {mentor.person.name} with {mentee.person.name}",
        mentor=mentor.pk,
        mentee=mentee.pk,
        reason=constraint.reason,
    )
    return constraint


@transaction.atomic
def pair_constraint_remove(*, actor: Any, constraint: PairConstraint) -> None:
    data = {"kind": constraint.kind, "mentor": constraint.mentor_id, "mentee": constraint.mentee_id}
    constraint.delete()
    audit_log(
        actor=actor,
        action="pair_constraint.removed",
        summary=f"Removed a {data['kind']} of {constraint.program.name}",
        target=constraint.program,
        data=data,
    )
