"""Match runs (managers) and proposals (the two people of a proposed pair)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.accounts.http import AuthenticatedRequest
from upward.api.pagination import CursorPage
from upward.api.problems import Problem
from upward.api.schemas import PathId
from upward.matching.models import MatchRun, Proposal
from upward.matching.selectors.runs import get_program_run, run_proposals, runs_for_program
from upward.matching.services.publish import match_run_publish
from upward.matching.services.runs import match_run_start
from upward.pairs.selectors import get_pair_for_user, participant_pair, pending_proposals
from upward.pairs.services.answers import pair_answer
from upward.programs.selectors.access import get_managed_program

router = Router(tags=["matching"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class RunOut(Schema):
    id: int
    program_id: int
    label: str
    status: str = Field(examples=["finished"], description="queued, running, finished, failed")
    progress: int = Field(examples=[100], description="Percent done")
    progress_message: str
    error: str
    summary: dict[str, Any]
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime | None


class RunIn(Schema):
    label: str = Field("", max_length=200, examples=["First run, default weights"])


@router.post(
    "/programs/{program_id}/match-runs",
    response={202: RunOut, **ERRORS},
    summary="Start a match run",
    description="Small runs finish within the request; large ones go to the worker: poll the "
    "run until `status` is `finished` or `failed`.",
)
def run_start(request: AuthenticatedRequest, program_id: PathId, data: RunIn) -> Status[Any]:
    program = get_managed_program(request.user, program_id)
    run = match_run_start(actor=request.user, program=program, label=data.label)
    run.refresh_from_db()
    return Status(202, run)


@router.get(
    "/programs/{program_id}/match-runs",
    response={200: list[RunOut], **ERRORS},
    summary="A program's match runs",
)
@paginate(CursorPage)
def run_list(request: AuthenticatedRequest, program_id: PathId) -> QuerySet[MatchRun]:
    return runs_for_program(get_managed_program(request.user, program_id))


@router.get(
    "/programs/{program_id}/match-runs/{run_id}",
    response={200: RunOut, **ERRORS},
    summary="A match run's status",
)
def run_read(request: AuthenticatedRequest, program_id: PathId, run_id: PathId) -> MatchRun:
    return get_program_run(get_managed_program(request.user, program_id), run_id)


class ProposalOut(Schema):
    id: int
    mentor_registration_id: int = Field(alias="mentor_id")
    mentee_registration_id: int = Field(alias="mentee_id")
    mentor_name: str
    mentee_name: str
    score: float
    contributions: dict[str, float] = Field(description="Each criterion's share of the score")
    reasons: list[str] = Field(examples=[["Jo can teach 3 of Sam's 4 skills"]])
    origin: str

    @staticmethod
    def resolve_mentor_name(obj: Proposal) -> str:
        return str(obj.mentor.person.name)

    @staticmethod
    def resolve_mentee_name(obj: Proposal) -> str:
        return str(obj.mentee.person.name)


@router.get(
    "/programs/{program_id}/match-runs/{run_id}/proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="A run's result: each proposed pair with its score and reasons",
)
@paginate(CursorPage)
def run_result(
    request: AuthenticatedRequest, program_id: PathId, run_id: PathId
) -> QuerySet[Proposal]:
    run = get_program_run(get_managed_program(request.user, program_id), run_id)
    return run_proposals(run)


class PublishOut(Schema):
    published: int
    skipped: list[dict[str, str]]


@router.post(
    "/programs/{program_id}/match-runs/{run_id}/publish",
    response={200: PublishOut, **ERRORS},
    summary="Publish a run: each proposed pair is asked privately",
)
def run_publish(request: AuthenticatedRequest, program_id: PathId, run_id: PathId) -> PublishOut:
    run = get_program_run(get_managed_program(request.user, program_id), run_id)
    result = match_run_publish(run_id=run.pk, actor=request.user)
    return PublishOut(
        published=result.published,
        skipped=[
            {"mentor": mentor, "mentee": mentee, "reason": why}
            for mentor, mentee, why in result.skipped
        ],
    )


class PendingProposalOut(Schema):
    pair_id: int
    program_id: int
    my_role: str = Field(examples=["mentor"])
    partner_name: str
    partner_title: str
    reasons: list[str]
    respond_by: datetime | None


@router.get(
    "/proposals",
    response={200: list[PendingProposalOut], 401: Problem},
    summary="Proposals waiting for my answer",
    tags=["me"],
)
def proposal_list(request: AuthenticatedRequest) -> list[PendingProposalOut]:
    return [
        PendingProposalOut(
            pair_id=view.pair.pk,
            program_id=view.pair.program_id,
            my_role=view.side,
            partner_name=view.partner.person.name,
            partner_title=view.partner.person.title,
            reasons=view.reasons,
            respond_by=view.pair.respond_by,
        )
        for view in pending_proposals(request.user)
    ]


class AnswerIn(Schema):
    comfortable: bool = Field(description="Never shown to the other person.")
    reason: str = Field("", max_length=1000, description="Private; for the managers only.")


class AnswerOut(Schema):
    pair_id: int
    state: str = Field(examples=["waiting"], description="answer, waiting, live, declined_by_me")


@router.post(
    "/proposals/{pair_id}/answer",
    response={200: AnswerOut, **ERRORS},
    summary="Answer a proposal, privately",
    tags=["me"],
)
def proposal_answer(request: AuthenticatedRequest, pair_id: PathId, data: AnswerIn) -> AnswerOut:
    view = participant_pair(get_pair_for_user(request.user, pair_id), request.user)
    pair = pair_answer(
        pair_id=view.pair.pk, actor=view.me, comfortable=data.comfortable, reason=data.reason
    )
    pair = get_pair_for_user(request.user, pair.pk)
    return AnswerOut(pair_id=pair.pk, state=participant_pair(pair, request.user).state)
