"""Webhook endpoints and deliveries: create, record events, attempt, retry, disable.

Deliveries are rows: an event makes one per endpoint that wants it (in the
transaction of the change, so a rolled-back change sends nothing). The first
attempt is enqueued after commit; a failed attempt is retried by the
`webhooks_deliver_due` sweep with exponential backoff for about a day
(RETRY_DELAYS), then the delivery is given up and the endpoint is disabled and
its owner told by email.
"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import orjson
import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from standardwebhooks import Webhook

from upward.api.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookPreset,
)
from upward.api.webhooks.messages import body_for
from upward.api.webhooks.safety import check_webhook_url
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.permissions import can_manage_programs, is_administrator
from upward.programs.models import Program
from upward.programs.selectors.access import programs_managed_by

# Seconds to wait after each failed attempt: 8 attempts over about 23.6 hours.
RETRY_DELAYS = (60, 300, 1_800, 7_200, 18_000, 28_800, 28_800)
SUBSCRIBABLE = [event for event in WebhookEvent.values if event != WebhookEvent.PING]
# While one worker attempts a delivery, no sweep picks it up again.
LEASE = timedelta(minutes=5)


# --- Who sees which endpoint ----------------------------------------------------


def endpoints_visible_to(user: Any) -> QuerySet[WebhookEndpoint]:
    """Administrators: every endpoint. Managers: theirs and those of programs they manage."""
    endpoints = WebhookEndpoint.objects.select_related("owner", "program")
    if is_administrator(user):
        return endpoints
    if not can_manage_programs(user):
        return endpoints.none()
    return endpoints.filter(
        Q(owner=user) | Q(program__in=programs_managed_by(user).values("pk"))
    ).distinct()


def get_endpoint_for_user(user: Any, endpoint_id: int) -> WebhookEndpoint:
    try:
        return endpoints_visible_to(user).get(pk=endpoint_id)
    except WebhookEndpoint.DoesNotExist:
        raise Http404("No such webhook") from None


def endpoint_deliveries(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return endpoint.deliveries.order_by("-created_at", "-id")


def get_endpoint_delivery(endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    try:
        return endpoint.deliveries.get(pk=delivery_id)
    except WebhookDelivery.DoesNotExist:
        raise Http404("No such delivery") from None


# --- Endpoints ------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _check_program(actor: Any, program: Program | None) -> None:
    if program is None:
        if not is_administrator(actor):
            raise ApplicationError("program: choose one of your programs.")
        return
    if not programs_managed_by(actor).filter(pk=program.pk).exists():
        raise ApplicationError("program: choose one of your programs.")


@transaction.atomic
def webhook_endpoint_create(
    *,
    actor: Any,
    url: str,
    events: Iterable[str],
    preset: str = WebhookPreset.STANDARD,
    program: Program | None = None,
    description: str = "",
) -> WebhookEndpoint:
    if not can_manage_programs(actor):
        raise ApplicationError("Only administrators and program managers add webhooks.")
    events = sorted(set(events))
    if not events:
        raise ApplicationError("events: choose at least one event.")
    unknown = [event for event in events if event not in SUBSCRIBABLE]
    if unknown:
        raise ApplicationError(f"events: no such event {unknown[0]!r}.")
    if preset not in WebhookPreset.values:
        raise ApplicationError("preset: standard, slack or teams.")
    _check_program(actor, program)
    url = url.strip()
    check_webhook_url(url)
    endpoint = WebhookEndpoint(
        owner=actor,
        program=program,
        url=url,
        description=description.strip()[:200],
        secret=new_secret(),
        events=events,
        preset=preset,
    )
    endpoint.full_clean()
    endpoint.save()
    audit_log(
        actor=actor,
        action="webhook_endpoint.created",
        summary=f"Webhook to {endpoint.url} for {', '.join(events)}",
        target=endpoint,
        data={"events": events, "preset": preset, "program_id": program.pk if program else None},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_enable(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    check_webhook_url(endpoint.url)
    endpoint.is_active = True
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="webhook_endpoint.enabled",
        summary=f"Webhook to {endpoint.url} turned back on",
        target=endpoint,
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor: Any, endpoint: WebhookEndpoint) -> None:
    audit_log(
        actor=actor,
        action="webhook_endpoint.deleted",
        summary=f"Webhook to {endpoint.url} deleted",
        target=endpoint,
    )
    endpoint.delete()


# --- Events become deliveries ---------------------------------------------------


def _envelope(event_type: str, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"type": event_type, "timestamp": now.isoformat(), "data": data}


def _enqueue_after_commit(delivery_ids: list[int]) -> None:
    from upward.api.tasks import deliver_webhook

    def enqueue() -> None:
        for delivery_id in delivery_ids:
            deliver_webhook.enqueue(delivery_id)

    transaction.on_commit(enqueue)


def record_event(event_type: str, data: dict[str, Any], program_id: int | None) -> None:
    """The listener core.events calls: one delivery per endpoint that wants the event."""
    now = timezone.now()
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).filter(
            Q(program__isnull=True) | Q(program_id=program_id)
        )
        if event_type in endpoint.events
    ]
    if not endpoints:
        return
    event_id = "msg_" + secrets.token_urlsafe(18)
    envelope = _envelope(event_type, data, now)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event_id=event_id,
            event_type=event_type,
            payload=envelope,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    _enqueue_after_commit([delivery.pk for delivery in deliveries])


@transaction.atomic
def webhook_send_test(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookDelivery:
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id="msg_" + secrets.token_urlsafe(18),
        event_type=WebhookEvent.PING,
        payload=_envelope(WebhookEvent.PING, {"endpoint_id": endpoint.pk}, now),
        next_attempt_at=now,
    )
    _enqueue_after_commit([delivery.pk])
    return delivery


@transaction.atomic
def webhook_send_again(*, actor: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send an event again by hand: a new delivery with the same webhook-id, so the
    receiver can tell it already has it."""
    again = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        payload=delivery.payload,
        next_attempt_at=timezone.now(),
    )
    audit_log(
        actor=actor,
        action="webhook_delivery.resent",
        summary=f"{delivery.event_type} sent again to {delivery.endpoint.url}",
        target=again,
    )
    _enqueue_after_commit([again.pk])
    return again


# --- Attempts -------------------------------------------------------------------


def _claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["next_attempt_at"])
        return delivery


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> requests.Response:
    check_webhook_url(endpoint.url)
    now = timezone.now()  # the moment of sending, which receivers check against their clock
    link = settings.SITE_URL.rstrip("/") + "/"
    body = orjson.dumps(body_for(endpoint.preset, dict(delivery.payload), link=link))
    signature = Webhook(endpoint.secret).sign(delivery.event_id, now, body)
    return requests.post(
        endpoint.url,
        data=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Upward-Webhooks/1",
            "webhook-id": delivery.event_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
        },
        timeout=settings.UPWARD_WEBHOOK_TIMEOUT_SECONDS,
        allow_redirects=False,
    )


def webhook_attempt(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """One attempt at a due delivery; None when it is not due (or another worker has it)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    status: int | None = None
    excerpt = error = ""
    started = time.monotonic()
    if not endpoint.is_active:
        error = "The endpoint is turned off."
    else:
        try:
            response = _post(endpoint, delivery)
            status = response.status_code
            excerpt = response.content[:500].decode("utf-8", "replace")
        except ApplicationError as refusal:
            error = refusal.message
        except requests.Timeout:
            error = f"No answer within {settings.UPWARD_WEBHOOK_TIMEOUT_SECONDS} seconds."
        except requests.RequestException as failure:
            error = f"Could not connect: {type(failure).__name__}."
    elapsed_ms = int((time.monotonic() - started) * 1000)
    return _record_attempt(
        delivery.pk, now=now, status=status, excerpt=excerpt, error=error, elapsed_ms=elapsed_ms
    )


@transaction.atomic
def _record_attempt(
    delivery_id: int,
    *,
    now: datetime,
    status: int | None,
    excerpt: str,
    error: str,
    elapsed_ms: int,
) -> WebhookDelivery:
    delivery = (
        WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery_id)
    )
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = status
    delivery.response_ms = elapsed_ms
    delivery.response_excerpt = excerpt[:500]
    delivery.error = error[:300] or ("" if status and 200 <= status < 300 else f"HTTP {status}")
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.next_attempt_at = None
    elif delivery.attempts > len(RETRY_DELAYS) or not delivery.endpoint.is_active:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + timedelta(seconds=RETRY_DELAYS[delivery.attempts - 1])
    delivery.save()
    if delivery.status == DeliveryStatus.FAILED and delivery.endpoint.is_active:
        _disable(delivery.endpoint, now=now, reason=f"{delivery.attempts} attempts failed")
    return delivery


def _disable(endpoint: WebhookEndpoint, *, now: datetime, reason: str) -> None:
    endpoint = (
        WebhookEndpoint.objects.select_for_update().select_related("owner").get(pk=endpoint.pk)
    )
    if not endpoint.is_active:
        return
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = reason
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    audit_log(
        actor=None,
        action="webhook_endpoint.disabled",
        summary=f"Webhook to {endpoint.url} turned off after failures: {reason}",
        target=endpoint,
    )
    owner_email, endpoint_id = endpoint.owner.email, endpoint.pk
    url, site = endpoint.url, settings.SITE_URL.rstrip("/")

    def tell_owner() -> None:
        from upward.notifications.email import send_email

        send_email(
            to=[owner_email],
            subject="A webhook was turned off",
            template="api/email/webhook_disabled",
            context={"url": url, "reason": reason, "link": f"{site}/webhooks/{endpoint_id}/"},
        )

    transaction.on_commit(tell_owner)


def webhooks_deliver_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The sweep: attempt every delivery whose time has come. Each is claimed first."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for delivery_id in due if webhook_attempt(delivery_id=delivery_id, now=now))
