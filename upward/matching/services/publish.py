"""Publishing a run: its proposals become pairs awaiting both people's private answers.

Each proposal goes through pairs.services.pair_propose, which locks the
mentor's registration and re-checks every rule under the lock, so a publish
racing with answers, a second publish or a self-service request never gives a
mentor more pairs than places, nor a mentee two proposals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.events import event_happened
from upward.matching.models import MatchRun, RunStatus
from upward.matching.services.match_settings import match_settings_for
from upward.pairs.services import pair_propose
from upward.programs.models import Program, ProgramStatus


@dataclass
class PublishResult:
    published: int = 0
    # (mentor name, mentee name, why it was not published)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)


def respond_by_for(program: Program, now: datetime) -> datetime:
    return now + timedelta(days=match_settings_for(program).response_days)


def publish_refusal(run: MatchRun) -> str:
    """Why `run` cannot be published now, or "" when it can."""
    if run.status == RunStatus.PUBLISHED:
        return "This run is already published."
    if run.status != RunStatus.DONE:
        return "Only a finished run can be published."
    if run.program.status != ProgramStatus.MATCHING:
        return "Runs are published while the program is in its matching phase."
    return ""


@transaction.atomic
def match_run_publish(*, run_id: int, actor: Any, now: datetime | None = None) -> PublishResult:
    """Send every proposal of a finished run to its two people and mark the run published.

    A proposal whose mentee meanwhile got another pair, whose pairing was
    proposed before, or whose mentor has no place left is skipped and listed.
    """
    now = now or timezone.now()
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run_id)
    refusal = publish_refusal(run)
    if refusal:
        raise ApplicationError(refusal)
    program = run.program
    respond_by = respond_by_for(program, now)
    result = PublishResult()
    proposals = run.proposals.select_related("mentor__person", "mentee__person").order_by(
        "mentor_id",
        "mentee_id",  # mentors are locked in one order by every publisher
    )
    for proposal in proposals:
        try:
            pair_propose(
                program=program,
                mentor=proposal.mentor,
                mentee=proposal.mentee,
                actor=actor,
                respond_by=respond_by,
                score=proposal.score,
                reasons=proposal.reasons,
                source_run_id=run.pk,
                now=now,
            )
        except ApplicationError as error:
            result.skipped.append(
                (proposal.mentor.person.name, proposal.mentee.person.name, error.message)
            )
        else:
            result.published += 1
    run.status = RunStatus.PUBLISHED
    run.published_at = now
    run.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(
        actor=actor,
        action="match_run.published",
        summary=f"Published run {run.pk} of {program}: {result.published} proposals",
        target=run,
        data={"published": result.published, "skipped": len(result.skipped)},
    )
    event_happened(
        "proposal.published",
        {
            "run_id": run.pk,
            "program_id": program.pk,
            "program_name": program.name,
            "published": result.published,
        },
        program_id=program.pk,
    )
    return result
