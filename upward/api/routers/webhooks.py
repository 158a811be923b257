"""Webhook endpoints and their delivery logs (administrators and program managers)."""

from datetime import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.accounts.http import AuthenticatedRequest
from upward.api.models import WebhookDelivery, WebhookEndpoint
from upward.api.pagination import CursorPage
from upward.api.problems import Problem
from upward.api.schemas import IdField, PathId
from upward.api.webhooks.services import (
    endpoint_deliveries,
    endpoints_visible_to,
    get_endpoint_delivery,
    get_endpoint_for_user,
    webhook_endpoint_create,
    webhook_send_again,
)
from upward.programs.selectors.access import get_managed_program

router = Router(tags=["webhooks"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str] = Field(examples=[["pair.live", "concern.raised"]])
    preset: str = Field(examples=["standard"], description="standard, slack or teams")
    program_id: int | None
    is_active: bool
    disabled_reason: str
    created_at: datetime


class EndpointCreatedOut(EndpointOut):
    secret: str = Field(description="whsec_…: shown once here; verify signatures with it")


class EndpointIn(Schema):
    url: str = Field(max_length=500, examples=["https://hooks.example.com/upward"])
    events: list[str] = Field(min_length=1, max_length=20, examples=[["pair.live"]])
    preset: Literal["standard", "slack", "teams"] = "standard"
    program_id: IdField | None = Field(None, description="Required for program managers")
    description: str = Field("", max_length=200)


@router.get("/webhooks", response={200: list[EndpointOut], **ERRORS}, summary="Webhooks I see")
@paginate(CursorPage)
def endpoint_list(request: AuthenticatedRequest) -> QuerySet[WebhookEndpoint]:
    return endpoints_visible_to(request.user)


@router.post("/webhooks", response={201: EndpointCreatedOut, **ERRORS}, summary="Add a webhook")
def endpoint_add(request: AuthenticatedRequest, data: EndpointIn) -> Status[Any]:
    program = (
        get_managed_program(request.user, data.program_id) if data.program_id is not None else None
    )
    endpoint = webhook_endpoint_create(
        actor=request.user,
        url=data.url,
        events=data.events,
        preset=data.preset,
        program=program,
        description=data.description,
    )
    return Status(201, endpoint)


@router.get("/webhooks/{endpoint_id}", response={200: EndpointOut, **ERRORS}, summary="A webhook")
def endpoint_read(request: AuthenticatedRequest, endpoint_id: PathId) -> WebhookEndpoint:
    return get_endpoint_for_user(request.user, endpoint_id)


class DeliveryOut(Schema):
    id: int
    event_id: str
    event_type: str
    status: str = Field(examples=["succeeded"], description="pending, succeeded or failed")
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    response_status: int | None
    response_ms: int | None
    response_excerpt: str = Field(description="The first 500 bytes of the answer")
    error: str
    created_at: datetime


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response={200: list[DeliveryOut], **ERRORS},
    summary="A webhook's delivery log",
)
@paginate(CursorPage)
def delivery_list(request: AuthenticatedRequest, endpoint_id: PathId) -> QuerySet[WebhookDelivery]:
    return endpoint_deliveries(get_endpoint_for_user(request.user, endpoint_id))


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{delivery_id}/send-again",
    response={202: DeliveryOut, **ERRORS},
    summary="Send a delivery again",
)
def delivery_send_again(
    request: AuthenticatedRequest, endpoint_id: PathId, delivery_id: PathId
) -> Status[Any]:
    endpoint = get_endpoint_for_user(request.user, endpoint_id)
    again = webhook_send_again(
        actor=request.user, delivery=get_endpoint_delivery(endpoint, delivery_id)
    )
    again.refresh_from_db()
    return Status(202, again)
