"""Pairs, and inside a pair: sessions, goals, notes and messages.

A pair's own endpoints go through `get_pair_space_for_user`, the selector behind
the pages' `pair_page` guard: only the pair's mentor and mentee reach them; a
manager reads a program's pairs through `get_managed_program`.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from upward.accounts.http import AuthenticatedRequest
from upward.api.pagination import CursorPage
from upward.api.problems import Problem
from upward.api.schemas import MAX_ID, PathId
from upward.pairs.models import Goal, Pair, Session, SessionNote
from upward.pairs.selectors import program_pairs
from upward.pairs.selectors.conversation import notes_visible_to, thread_page
from upward.pairs.selectors.sessions import get_space_session, pair_sessions
from upward.pairs.selectors.space import PairSpace, get_pair_space_for_user, spaces_for_user
from upward.pairs.services.conversation import message_post, note_add
from upward.pairs.services.goals import goal_create
from upward.pairs.services.sessions import session_accept, session_cancel, session_propose
from upward.programs.selectors.access import get_managed_program

router = Router(tags=["pairs"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class MyPairOut(Schema):
    id: int
    program_id: int
    status: str = Field(examples=["live"])
    my_role: str = Field(examples=["mentor"])
    partner_name: str
    partner_title: str
    live_at: datetime | None
    sessions_held: int


def _my_pair(space: PairSpace) -> MyPairOut:
    return MyPairOut(
        id=space.pair.pk,
        program_id=space.pair.program_id,
        status=space.pair.status,
        my_role=space.my_role,
        partner_name=space.partner.person.name,
        partner_title=space.partner.person.title,
        live_at=space.pair.live_at,
        sessions_held=space.pair.sessions_held,
    )


@router.get("/pairs", response={200: list[MyPairOut], 401: Problem}, summary="My pairs")
def my_pairs(request: AuthenticatedRequest) -> list[MyPairOut]:
    return [_my_pair(space) for space in spaces_for_user(request.user)]


@router.get("/pairs/{pair_id}", response={200: MyPairOut, **ERRORS}, summary="One of my pairs")
def my_pair(request: AuthenticatedRequest, pair_id: PathId) -> MyPairOut:
    return _my_pair(get_pair_space_for_user(request.user, pair_id))


class HealthOut(Schema):
    state: str = Field(examples=["needs_attention"])
    score: int = Field(examples=[55])
    reasons: list[str] = Field(examples=[["No session for 5 weeks (every 2 expected)"]])
    computed_at: datetime


class ProgramPairOut(Schema):
    id: int
    status: str
    mentor_name: str
    mentee_name: str
    score: float | None
    live_at: datetime | None
    sessions_held: int
    health: HealthOut | None

    @staticmethod
    def resolve_mentor_name(obj: Pair) -> str:
        return str(obj.mentor.person.name)

    @staticmethod
    def resolve_mentee_name(obj: Pair) -> str:
        return str(obj.mentee.person.name)

    @staticmethod
    def resolve_health(obj: Pair) -> Any:
        return getattr(obj, "health", None)


class PairFilters(Schema):
    status: str | None = Field(None, max_length=20, examples=["live"])


@router.get(
    "/programs/{program_id}/pairs",
    response={200: list[ProgramPairOut], **ERRORS},
    summary="A program's pairs with their health (its managers)",
)
@paginate(CursorPage)
def program_pair_list(
    request: AuthenticatedRequest, program_id: PathId, filters: Query[PairFilters]
) -> QuerySet[Pair]:
    pairs = program_pairs(get_managed_program(request.user, program_id)).select_related("health")
    if filters.status:
        pairs = pairs.filter(status=filters.status)
    return pairs


# --- Sessions ---------------------------------------------------------------------


class SessionOut(Schema):
    id: int
    starts_at: datetime
    minutes: int
    status: str = Field(examples=["booked"], description="proposed, booked, held, cancelled")
    location: str
    agenda: str
    proposed_by_me: bool
    ics_url: str = Field(description="The calendar invite (.ics), for a browser session")


def _session(space: PairSpace, session: Session) -> SessionOut:
    return SessionOut(
        id=session.pk,
        starts_at=session.starts_at,
        minutes=session.minutes,
        status=session.status,
        location=session.location,
        agenda=session.agenda,
        proposed_by_me=session.proposed_by_id == space.me.pk,
        ics_url=reverse(
            "pairs:session_ics", kwargs={"pair_id": space.pair.pk, "session_id": session.pk}
        ),
    )


@router.get(
    "/pairs/{pair_id}/sessions",
    response={200: list[SessionOut], **ERRORS},
    summary="A pair's sessions",
    tags=["sessions"],
)
def session_list(request: AuthenticatedRequest, pair_id: PathId) -> list[SessionOut]:
    space = get_pair_space_for_user(request.user, pair_id)
    return [_session(space, session) for session in pair_sessions(space.pair)]


class SessionIn(Schema):
    starts_at: datetime = Field(examples=["2027-03-02T15:00:00Z"], description="With a zone")
    minutes: int | None = Field(None, ge=15, le=240)
    agenda: str = Field("", max_length=5000)
    location: str = Field("", max_length=300)


@router.post(
    "/pairs/{pair_id}/sessions",
    response={201: SessionOut, **ERRORS},
    summary="Propose a session",
    tags=["sessions"],
)
def session_add(request: AuthenticatedRequest, pair_id: PathId, data: SessionIn) -> Status[Any]:
    space = get_pair_space_for_user(request.user, pair_id)
    if data.starts_at.tzinfo is None:
        from upward.core.errors import ApplicationError

        raise ApplicationError("starts_at: give a time zone, such as 2027-03-02T15:00:00Z.")
    session = session_propose(
        pair=space.pair,
        actor=space.me,
        starts_at=data.starts_at,
        minutes=data.minutes,
        agenda=data.agenda,
        location=data.location,
    )
    return Status(201, _session(space, session))


@router.post(
    "/pairs/{pair_id}/sessions/{session_id}/accept",
    response={200: SessionOut, **ERRORS},
    summary="Accept the partner's proposed session",
    tags=["sessions"],
)
def session_accept_view(
    request: AuthenticatedRequest, pair_id: PathId, session_id: PathId
) -> SessionOut:
    space = get_pair_space_for_user(request.user, pair_id)
    session = session_accept(session=get_space_session(space, session_id), actor=space.me)
    return _session(space, session)


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=500, examples=["Travelling that week"])


@router.post(
    "/pairs/{pair_id}/sessions/{session_id}/cancel",
    response={200: SessionOut, **ERRORS},
    summary="Cancel a proposed or booked session",
    tags=["sessions"],
)
def session_cancel_view(
    request: AuthenticatedRequest, pair_id: PathId, session_id: PathId, data: CancelIn
) -> SessionOut:
    space = get_pair_space_for_user(request.user, pair_id)
    session = session_cancel(
        session=get_space_session(space, session_id), actor=space.me, reason=data.reason
    )
    return _session(space, session)


# --- Goals ------------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    owner: str = Field(examples=["mentee"], description="mentee: learning; mentor: development")
    title: str
    description: str
    status: str
    target_date: date | None


@router.get(
    "/pairs/{pair_id}/goals", response={200: list[GoalOut], **ERRORS}, summary="A pair's goals"
)
def goal_list(request: AuthenticatedRequest, pair_id: PathId) -> QuerySet[Goal]:
    space = get_pair_space_for_user(request.user, pair_id)
    return Goal.objects.filter(pair=space.pair).order_by("created_at", "id")


class GoalIn(Schema):
    title: str = Field(min_length=1, max_length=200, examples=["Run a team retro with an AI tool"])
    description: str = Field("", max_length=5000)
    target_date: date | None = None


@router.post(
    "/pairs/{pair_id}/goals", response={201: GoalOut, **ERRORS}, summary="Add one of my goals"
)
def goal_add(request: AuthenticatedRequest, pair_id: PathId, data: GoalIn) -> Status[Any]:
    space = get_pair_space_for_user(request.user, pair_id)
    return Status(201, goal_create(pair=space.pair, actor=space.me, **data.dict()))


# --- Notes ------------------------------------------------------------------------


class NoteOut(Schema):
    id: int
    visibility: str = Field(examples=["shared"], description="shared, or private to its author")
    text: str
    mine: bool
    created_at: datetime


def _note(space: PairSpace, note: SessionNote) -> NoteOut:
    return NoteOut(
        id=note.pk,
        visibility=note.visibility,
        text=note.text,
        mine=note.author_id == space.me.pk,
        created_at=note.created_at,
    )


@router.get(
    "/pairs/{pair_id}/sessions/{session_id}/notes",
    response={200: list[NoteOut], **ERRORS},
    summary="A session's notes: shared ones, and my private ones",
    tags=["sessions"],
)
def note_list(request: AuthenticatedRequest, pair_id: PathId, session_id: PathId) -> list[NoteOut]:
    space = get_pair_space_for_user(request.user, pair_id)
    session = get_space_session(space, session_id)
    return [_note(space, note) for note in notes_visible_to(session=session, reader=space.me)]


class NoteIn(Schema):
    visibility: Literal["shared", "private"] = Field(examples=["private"])
    text: str = Field(min_length=1, max_length=20000)


@router.post(
    "/pairs/{pair_id}/sessions/{session_id}/notes",
    response={201: NoteOut, **ERRORS},
    summary="Write a note",
    tags=["sessions"],
)
def note_create(
    request: AuthenticatedRequest, pair_id: PathId, session_id: PathId, data: NoteIn
) -> Status[Any]:
    space = get_pair_space_for_user(request.user, pair_id)
    session = get_space_session(space, session_id)
    note = note_add(session=session, actor=space.me, visibility=data.visibility, text=data.text)
    return Status(201, _note(space, note))


# --- Messages ---------------------------------------------------------------------


class MessageOut(Schema):
    id: int
    text: str
    mine: bool
    author_name: str
    created_at: datetime


class MessagePage(Schema):
    results: list[MessageOut] = Field(description="Oldest first")
    earlier_cursor: int | None = Field(None, description="Pass as `before_id` for older ones")


class MessageFilters(Schema):
    before_id: int | None = Field(None, ge=1, le=MAX_ID)
    limit: int = Field(50, ge=1, le=200)


@router.get(
    "/pairs/{pair_id}/messages",
    response={200: MessagePage, **ERRORS},
    summary="The pair's messages, newest page first",
)
def message_list(
    request: AuthenticatedRequest, pair_id: PathId, filters: Query[MessageFilters]
) -> MessagePage:
    space = get_pair_space_for_user(request.user, pair_id)
    page = thread_page(space.pair, before_id=filters.before_id, size=filters.limit)
    return MessagePage(
        results=[_message(space, message) for message in page.messages],
        earlier_cursor=page.first_id if page.has_earlier else None,
    )


def _message(space: PairSpace, message: Any) -> MessageOut:
    return MessageOut(
        id=message.pk,
        text=message.text,
        mine=message.author_id == space.me.pk,
        author_name=message.author.person.name,
        created_at=message.created_at,
    )


class MessageIn(Schema):
    text: str = Field(min_length=1, max_length=5000)


@router.post(
    "/pairs/{pair_id}/messages", response={201: MessageOut, **ERRORS}, summary="Send a message"
)
def message_send(request: AuthenticatedRequest, pair_id: PathId, data: MessageIn) -> Status[Any]:
    space = get_pair_space_for_user(request.user, pair_id)
    message = message_post(pair=space.pair, actor=space.me, text=data.text)
    return Status(201, _message(space, message))
