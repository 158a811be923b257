"""Match runs: snapshot the settings, run the engine, store proposals and the unmatched.

Up to UPWARD_MATCHING_INLINE_LIMIT participants (2,000 by default) a run finishes
inside the request; larger ones go to the background worker and the run page
polls `progress`, which each stage saves on its own so the page sees it.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.events import event_happened
from upward.core.statistics import tables_analyze
from upward.core.sweeps import sweep_each
from upward.matching.engine import InputError, Result, solve
from upward.matching.engine.problem import CRITERIA
from upward.matching.models import (
    ConstraintKind,
    MatchRun,
    PairConstraint,
    Proposal,
    ProposalOrigin,
    RunStatus,
    UnmatchedEntry,
)
from upward.matching.services.match_settings import match_settings_for
from upward.matching.services.pair_check import PairChecker
from upward.matching.services.problem import BuiltProblem, build_problem, count_participants
from upward.programs.models import Program, ProgramStatus

logger = logging.getLogger(__name__)
DEFAULT_INLINE_LIMIT = 2000
HISTOGRAM_BINS = 10  # 0-10, 10-20, ... 90-100 points
BULK = 500


def inline_limit() -> int:
    return int(getattr(settings, "UPWARD_MATCHING_INLINE_LIMIT", DEFAULT_INLINE_LIMIT))


def settings_snapshot(program: Program) -> dict[str, Any]:
    """The program's settings and its pins and forbids, as a run keeps them."""
    current = match_settings_for(program)
    pins: list[dict[str, Any]] = []
    forbids: list[list[int]] = []
    for c in PairConstraint.objects.filter(program=program).order_by("id"):
        if c.kind == ConstraintKind.PIN:
            pins.append(
                {
                    "mentor": c.mentor_id,
                    "mentee": c.mentee_id,
                    "override_reason": c.override_reason,
                    "rule_violations": c.rule_violations,
                }
            )
        else:
            forbids.append([c.mentor_id, c.mentee_id])
    return {
        "weights": dict(current.weights),
        "rules": dict(current.rules),
        "objective": current.objective,
        "difference_attributes": list(current.difference_attributes),
        "pins": pins,
        "forbids": forbids,
    }


@transaction.atomic
def match_run_create(*, actor: Any, program: Program, label: str = "") -> MatchRun:
    if program.status not in (ProgramStatus.RECRUITING, ProgramStatus.MATCHING):
        raise ApplicationError("Runs are made while a program is recruiting or matching.")
    participants = count_participants(program)
    background = participants > inline_limit()
    snapshot = settings_snapshot(program)
    snapshot["participants"] = participants
    snapshot["mode"] = "background" if background else "inline"
    run = MatchRun(
        program=program,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        label=label.strip()[:200],
        settings_snapshot=snapshot,
        progress_message="Waiting for a worker" if background else "Starting",
    )
    run.full_clean(exclude=["created_by"])
    run.save()
    audit_log(
        actor=actor,
        action="match_run.created",
        summary=f"Match run {run.pk} of “{program.name}” started ({participants} participants)",
        target=run,
        data={"program": program.pk, "mode": snapshot["mode"]},
    )
    if background:
        from upward.matching.tasks import execute_match_run

        run_id = run.pk
        transaction.on_commit(lambda: execute_match_run.enqueue(run_id))
    return run


def match_run_start(*, actor: Any, program: Program, label: str = "") -> MatchRun:
    """Create a run and, when it is small enough, execute it before returning."""
    run = match_run_create(actor=actor, program=program, label=label)
    if run.settings_snapshot["mode"] == "inline":
        run = match_run_execute(run_id=run.pk)
    return run


def _progress(run: MatchRun, percent: int, message: str, **fields: Any) -> None:
    run.progress = percent
    run.progress_message = message
    for key, value in fields.items():
        setattr(run, key, value)
    run.save(update_fields=["progress", "progress_message", *fields, "updated_at"])
    if fields.get("status") in (RunStatus.DONE, RunStatus.FAILED):
        event_happened(
            "match_run.finished",
            {
                "run_id": run.pk,
                "program_id": run.program_id,
                "program_name": run.program.name,
                "status": run.status,
            },
            program_id=run.program_id,
        )


def match_run_execute(*, run_id: int) -> MatchRun:
    """Run the engine for a queued run. Not one transaction: progress must be visible.

    Whatever goes wrong after the run started, it ends FAILED with the reason,
    never left "running" (which would keep its page polling for ever).
    """
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().select_related("program").get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return run  # already taken by another worker
        _progress(
            run, 5, "Reading participants", status=RunStatus.RUNNING, started_at=timezone.now()
        )
    try:
        return _execute(run)
    except Exception as error:
        logger.exception("match run %s failed", run.pk)
        return _fail(
            run,
            "Something unexpected stopped this run "
            f"({type(error).__name__}); nothing was saved. Start a new run; if it fails "
            "again, ask your administrator to look at the server log.",
        )


def _fail(run: MatchRun, message: str) -> MatchRun:
    run.refresh_from_db(fields=["status"])
    if run.status == RunStatus.RUNNING or run.status == RunStatus.QUEUED:
        _progress(
            run, 100, "Failed", status=RunStatus.FAILED, error=message, finished_at=timezone.now()
        )
    return run


def _execute(run: MatchRun) -> MatchRun:
    built = build_problem(run.program, snapshot=run.settings_snapshot)
    n = len(built.data["mentors"]) + len(built.data["mentees"])
    _progress(run, 25, f"Scoring every possible pair of {n} participants and choosing the best")
    try:
        result = solve(built.data)
    except InputError as error:
        return _fail(run, _named(built, "; ".join(error.errors)))
    _progress(run, 80, "Saving the proposals")
    _store(run, built, result)
    return run


def match_runs_fail_stuck(*, now: datetime | None = None) -> int:
    """End runs that have been queued or running for longer than the timeout.

    A worker killed mid-run, or no worker at all, would otherwise leave a run
    "running" for ever. Each run is claimed under a row lock, so two sweeps
    never fail the same run twice. Returns how many runs were ended.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.UPWARD_MATCH_RUN_TIMEOUT_MINUTES)
    stuck = MatchRun.objects.filter(
        status__in=(RunStatus.QUEUED, RunStatus.RUNNING), updated_at__lt=cutoff
    ).values_list("pk", flat=True)
    return sweep_each(list(stuck), lambda pk: _fail_stuck(pk, cutoff), what="stuck match run")


@transaction.atomic
def _fail_stuck(run_id: int, cutoff: datetime) -> bool:
    run = MatchRun.objects.select_for_update(skip_locked=True).filter(pk=run_id).first()
    if run is None or run.updated_at >= cutoff:
        return False
    if run.status == RunStatus.QUEUED:
        message = (
            f"No worker started this run within {settings.UPWARD_MATCH_RUN_TIMEOUT_MINUTES} "
            "minutes. Check that a task worker is running (manage.py run_worker), then start "
            "a new run."
        )
    elif run.status == RunStatus.RUNNING:
        message = (
            "This run stopped without finishing (its worker may have been restarted); "
            "nothing was saved. Start a new run."
        )
    else:
        return False
    _progress(
        run, 100, "Failed", status=RunStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return True


def _named(built: BuiltProblem, text: str) -> str:
    """Engine messages quote registration ids; managers read names."""
    return re.sub(r"'(\d+)'", lambda m: built.name(m.group(1)), text)


@transaction.atomic
def _store(run: MatchRun, built: BuiltProblem, result: Result) -> None:
    proposals = [
        Proposal(
            run=run,
            mentor_id=int(pair["mentor"]),
            mentee_id=int(pair["mentee"]),
            score=pair["score"],
            contributions=pair["contributions"],
            reasons=pair["reasons"],
            origin=ProposalOrigin.PINNED if pair["fixed"] else ProposalOrigin.ENGINE,
        )
        for pair in result.to_dict()["pairs"]
    ]
    kept = {int(p.mentee) for p in built.overridden} | {int(p.mentor) for p in built.overridden}
    if built.overridden:
        checker = PairChecker(built)
        for pin in built.overridden:
            check = checker.check(pin.mentor, pin.mentee)
            proposals.append(
                Proposal(
                    run=run,
                    mentor_id=pin.mentor,
                    mentee_id=pin.mentee,
                    score=check.score,
                    contributions=check.contributions,
                    reasons=check.reasons,
                    origin=ProposalOrigin.PINNED,
                    rule_violations=pin.rule_violations or ["a hard rule (overridden)"],
                    override_reason=pin.override_reason,
                )
            )
    Proposal.objects.bulk_create(proposals, batch_size=BULK)
    unmatched = [
        UnmatchedEntry(run=run, registration_id=int(u.id), reason=_named(built, u.reason)[:500])
        for u in result.unmatched
        # Someone kept for an overridden pin is matched, whatever the engine says.
        if int(u.id) not in kept
    ]
    unmatched += [
        UnmatchedEntry(run=run, registration_id=reg_id, reason=reason)
        for reg_id, reason in built.left_out.items()
    ]
    UnmatchedEntry.objects.bulk_create(unmatched, batch_size=BULK)
    # The run's pages read these rows next, maybe before autovacuum has seen them.
    tables_analyze(Proposal, UnmatchedEntry, rows_written=len(proposals) + len(unmatched))
    mentees = sum(1 for u in unmatched if built.registrations[u.registration_id].role == "mentee")
    run.summary = summarise(
        [p.score for p in proposals],
        engine=result.summary,
        warnings=built.warnings,
        unmatched_mentees=mentees,
        unmatched_mentors=len(unmatched) - mentees,
    )
    _progress(
        run, 100, "Done", status=RunStatus.DONE, finished_at=timezone.now(), summary=run.summary
    )


def summarise(
    scores: list[float],
    *,
    engine: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
    unmatched_mentees: int = 0,
    unmatched_mentors: int = 0,
) -> dict[str, Any]:
    """What the run page and the comparison show: counts, mean, minimum, histogram."""
    bins = [0] * HISTOGRAM_BINS
    for s in scores:
        bins[min(HISTOGRAM_BINS - 1, max(0, int(s // (100 / HISTOGRAM_BINS))))] += 1
    engine = engine or {}
    return {
        "pairs": len(scores),
        "total_score": round(sum(scores), 2),
        "mean_score": round(sum(scores) / len(scores), 2) if scores else None,
        "min_score": round(min(scores), 2) if scores else None,
        "histogram": bins,
        "unmatched_mentees": unmatched_mentees,
        "unmatched_mentors": unmatched_mentors,
        "weights_used": engine.get("weights", {}),
        "objective": engine.get("objective", ""),
        "blocking_pairs": engine.get("blocking_pairs"),
        "exact": engine.get("certificate", {}).get("exact"),
        "seconds": engine.get("seconds", {}).get("total"),
        "warnings": list(warnings or []),
        "criteria": list(CRITERIA[:5]),
    }
