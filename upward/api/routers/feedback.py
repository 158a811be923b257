"""Check-ins (each person's own, private) and confidential concerns.

A concern reaches only the person who raised it and its handlers, through
`get_concern_for_user`; its text is never in a list, only in the one concern.
"""

from datetime import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from upward.accounts.http import AuthenticatedRequest
from upward.api.problems import Problem
from upward.api.schemas import PathId
from upward.feedback.models import CheckIn, Concern
from upward.feedback.selectors.check_ins import get_own_check_in, pending_for_space
from upward.feedback.selectors.concerns import (
    concerns_handled_by,
    concerns_raised_by,
    get_concern_for_user,
)
from upward.feedback.services.check_ins import check_in_answer
from upward.feedback.services.concerns import concern_raise
from upward.pairs.selectors.space import get_pair_space_for_user

router = Router(tags=["feedback"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class CheckInOut(Schema):
    id: int
    session_id: int
    asks_fit: bool
    due_at: datetime
    expires_at: datetime
    answered_at: datetime | None


@router.get(
    "/pairs/{pair_id}/check-ins",
    response={200: list[CheckInOut], **ERRORS},
    summary="My open check-ins in this pair",
)
def check_in_list(request: AuthenticatedRequest, pair_id: PathId) -> list[CheckIn]:
    space = get_pair_space_for_user(request.user, pair_id)
    return list(pending_for_space(space, now=timezone.now()))


class CheckInIn(Schema):
    took_place: Literal["held", "moved", "cancelled", "no_show"]
    usefulness: int | None = Field(None, ge=1, le=4, description="When it was held")
    fit: int | None = Field(None, ge=1, le=4, description="When the check-in asks for it")
    comment: str = Field("", max_length=2000, description="Private unless shared")
    share_comment: bool = False


@router.post(
    "/pairs/{pair_id}/check-ins/{check_in_id}",
    response={200: CheckInOut, **ERRORS},
    summary="Answer my check-in (never shown to the partner)",
)
def check_in_submit(
    request: AuthenticatedRequest, pair_id: PathId, check_in_id: PathId, data: CheckInIn
) -> CheckIn:
    space = get_pair_space_for_user(request.user, pair_id)
    check_in = get_own_check_in(space, check_in_id)
    return check_in_answer(check_in=check_in, actor=space.me, **data.dict())


class ConcernSummaryOut(Schema):
    """A concern in a list: no text, no names."""

    id: int
    program_id: int
    category: str
    status: str
    created_at: datetime
    as_raiser: bool


class ConcernOut(ConcernSummaryOut):
    text: str
    outcome: str


@router.get(
    "/concerns",
    response={200: list[ConcernSummaryOut], 401: Problem},
    summary="Concerns I raised or handle",
)
def concern_list(request: AuthenticatedRequest) -> list[ConcernSummaryOut]:
    raised = concerns_raised_by(request.user)
    raised_ids = {concern.pk for concern in raised}
    handled = [c for c in concerns_handled_by(request.user) if c.pk not in raised_ids]
    return [_summary(c, as_raiser=True) for c in raised] + [
        _summary(c, as_raiser=False) for c in handled
    ]


def _summary(concern: Concern, *, as_raiser: bool) -> ConcernSummaryOut:
    return ConcernSummaryOut(
        id=concern.pk,
        program_id=concern.program_id,
        category=concern.category,
        status=concern.status,
        created_at=concern.created_at,
        as_raiser=as_raiser,
    )


@router.get(
    "/concerns/{concern_id}",
    response={200: ConcernOut, **ERRORS},
    summary="A concern I raised or handle",
)
def concern_read(request: AuthenticatedRequest, concern_id: PathId) -> ConcernOut:
    view = get_concern_for_user(request.user, concern_id)
    concern = view.concern
    return ConcernOut(
        **_summary(concern, as_raiser=view.as_raiser).dict(),
        text=concern.text,
        outcome=concern.outcome,
    )


class ConcernIn(Schema):
    category: Literal["behaviour", "confidentiality", "commitment", "other"]
    text: str = Field(min_length=1, max_length=5000)


@router.post(
    "/pairs/{pair_id}/concerns",
    response={201: ConcernSummaryOut, **ERRORS},
    summary="Raise a confidential concern about my pair",
)
def concern_add(request: AuthenticatedRequest, pair_id: PathId, data: ConcernIn) -> Status[Any]:
    space = get_pair_space_for_user(request.user, pair_id)
    concern = concern_raise(pair=space.pair, actor=space.me, category=data.category, text=data.text)
    return Status(201, _summary(concern, as_raiser=True))
