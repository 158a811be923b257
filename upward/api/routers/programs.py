"""Programs, registrations and invitations."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from upward.accounts.http import AuthenticatedRequest
from upward.api.pagination import CursorPage
from upward.api.problems import Problem
from upward.api.schemas import IdField, PathId, ProgramOut
from upward.core.permissions import can_manage_programs
from upward.people.selectors import people_visible_to
from upward.programs.models import Program, Registration
from upward.programs.selectors.access import get_managed_program
from upward.programs.selectors.recruiting import programs_visible_to
from upward.programs.selectors.registration import program_registrations, registrations_of_person
from upward.programs.services.recruiting import invitation_create_many
from upward.programs.services.setup import program_create, program_update

router = Router(tags=["programs"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class ProgramFilters(Schema):
    status: str | None = Field(None, max_length=20, examples=["running"])
    managed: bool | None = Field(None, description="Only programs I manage")


@router.get("/programs", response=list[ProgramOut], summary="Programs I may see")
@paginate(CursorPage)
def program_list(
    request: AuthenticatedRequest, filters: Query[ProgramFilters]
) -> QuerySet[Program]:
    programs = programs_visible_to(request.user)
    if filters.managed:
        from upward.programs.selectors.access import programs_managed_by

        programs = programs_managed_by(request.user)
    if filters.status:
        programs = programs.filter(status=filters.status)
    return programs


def _visible_program(request: AuthenticatedRequest, program_id: PathId) -> Program:
    try:
        return programs_visible_to(request.user).get(pk=program_id)
    except Program.DoesNotExist:
        raise Http404 from None


@router.get("/programs/{program_id}", response={200: ProgramOut, **ERRORS}, summary="A program")
def program_read(request: AuthenticatedRequest, program_id: PathId) -> Program:
    return _visible_program(request, program_id)


class ProgramCreateIn(Schema):
    name: str = Field(min_length=1, max_length=200, examples=["AI for leaders 2027"])
    template_key: str = Field("", max_length=64, description="A template from the catalogue.")
    starts_on: date | None = None
    description: str = Field("", max_length=5000)


@router.post(
    "/programs", response={201: ProgramOut, **ERRORS}, summary="Create a program (managers)"
)
def program_add(request: AuthenticatedRequest, data: ProgramCreateIn) -> Status[Any]:
    if not can_manage_programs(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only program managers and administrators create programs.")
    program = program_create(actor=request.user, **data.dict())
    return Status(201, program)


class ProgramUpdateIn(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    recruitment_mode: str | None = Field(None, max_length=20, examples=["open"])
    registration_opens_on: date | None = None
    registration_closes_on: date | None = None
    matching_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    cadence_weeks: int | None = Field(None, ge=1, le=12)
    session_minutes: int | None = Field(None, ge=15, le=240)


@router.patch(
    "/programs/{program_id}", response={200: ProgramOut, **ERRORS}, summary="Change a program"
)
def program_change(
    request: AuthenticatedRequest, program_id: PathId, data: ProgramUpdateIn
) -> Program:
    program = get_managed_program(request.user, program_id)
    changes = data.dict(exclude_unset=True, exclude_none=True)
    return program_update(actor=request.user, program=program, **changes)


class RegistrationOut(Schema):
    id: int
    program_id: int
    role: str = Field(examples=["mentor"])
    status: str = Field(examples=["registered"])
    name: str = Field(examples=["Jo Junior"])
    title: str
    goals: str
    timezone: str = Field(examples=["Europe/London"])
    meeting_preference: str

    @staticmethod
    def resolve_name(obj: Registration) -> str:
        return str(obj.person.name)

    @staticmethod
    def resolve_title(obj: Registration) -> str:
        return str(obj.person.title)


class RegistrationFilters(Schema):
    role: str | None = Field(None, pattern="^(mentor|mentee)$")


@router.get(
    "/registrations", response=list[RegistrationOut], summary="My registrations", tags=["me"]
)
@paginate(CursorPage)
def my_registrations(request: AuthenticatedRequest) -> QuerySet[Registration]:
    person = getattr(request.user, "person", None)
    if person is None:
        return Registration.objects.none()
    return registrations_of_person(person)


@router.get(
    "/programs/{program_id}/registrations",
    response={200: list[RegistrationOut], **ERRORS},
    summary="A program's registrations (its managers)",
)
@paginate(CursorPage)
def program_registration_list(
    request: AuthenticatedRequest, program_id: PathId, filters: Query[RegistrationFilters]
) -> QuerySet[Registration]:
    program = get_managed_program(request.user, program_id)
    return program_registrations(program, role=filters.role or "")


class InvitationsIn(Schema):
    person_ids: list[IdField] = Field(min_length=1, max_length=1000, examples=[[41, 42]])
    role: str = Field("", pattern="^(|mentor|mentee)$", description="Empty: either role.")


class InvitationsOut(Schema):
    invited: list[int] = Field(description="Ids of the people newly invited")
    already_invited: int
    already_registered: int
    ineligible: list[dict[str, Any]] = Field(examples=[[{"person_id": 7, "reason": "level 7"}]])
    unknown_person_ids: list[int]


@router.post(
    "/programs/{program_id}/invitations",
    response={200: InvitationsOut, **ERRORS},
    summary="Invite people in bulk (managers)",
)
def invitations_bulk(
    request: AuthenticatedRequest, program_id: PathId, data: InvitationsIn
) -> InvitationsOut:
    program = get_managed_program(request.user, program_id)
    wanted = set(data.person_ids)
    people = list(people_visible_to(request.user).filter(pk__in=wanted, is_active=True))
    batch = invitation_create_many(
        program=program, people=people, role=data.role, invited_by=request.user, source="api"
    )
    return InvitationsOut(
        invited=[invitation.person_id for invitation in batch.created],
        already_invited=batch.already_invited,
        already_registered=batch.already_registered,
        ineligible=[{"person_id": p.pk, "reason": reason} for p, reason in batch.ineligible],
        unknown_person_ids=sorted(wanted - {p.pk for p in people}),
    )
