"""Webhooks against a real receiver on 127.0.0.1: signing, presets, retries with backoff,
the delivery log, send again, automatic disabling, refusal of private addresses."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from upward.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from upward.api.tests.receiver import start_receiver
from upward.api.webhooks.services import (
    RETRY_DELAYS,
    webhook_endpoint_create,
    webhook_send_again,
    webhooks_deliver_due,
)
from upward.core.errors import ApplicationError
from upward.core.events import event_happened

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver(settings):
    settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = True
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def _endpoint(actor, receiver, events=("pair.live",), **kwargs):
    endpoint = webhook_endpoint_create(actor=actor, url=receiver.url, events=events, **kwargs)
    receiver.secret = endpoint.secret
    return endpoint


def _emit(event_type="pair.live", program_id=None, **data):
    with transaction.atomic():
        event_happened(event_type, {"program_name": "Digital 2027", **data}, program_id=program_id)


def test_an_event_arrives_signed_per_standard_webhooks(receiver, administrator):
    _endpoint(administrator, receiver)
    _emit(pair_id=7)
    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert got.verified
    assert got.json["type"] == "pair.live"
    assert got.json["data"]["pair_id"] == 7
    assert got.headers["webhook-id"].startswith("msg_")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.response_status == 200
    assert delivery.response_excerpt == "status 200"
    assert delivery.response_ms is not None


def test_events_not_subscribed_or_of_other_programs_are_not_sent(
    receiver, program_manager, space_pair
):
    _endpoint(program_manager, receiver, events=("session.booked",), program=space_pair.program)
    _emit("pair.live", program_id=space_pair.program_id)
    _emit("session.booked", program_id=space_pair.program_id + 1000)
    assert receiver.received == []
    _emit("session.booked", program_id=space_pair.program_id)
    assert len(receiver.received) == 1


def test_failures_are_retried_with_backoff_then_delivered(receiver, administrator):
    receiver.answers = [500, 503, 502]
    _endpoint(administrator, receiver)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _emit()
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1
    assert delivery.next_attempt_at == start + timedelta(seconds=RETRY_DELAYS[0])
    # Not due yet: nothing is sent.
    assert webhooks_deliver_due(now=start + timedelta(seconds=30)) == 0
    when = start
    for delay in RETRY_DELAYS[:3]:
        when += timedelta(seconds=delay)
        with time_machine.travel(when, tick=False):
            webhooks_deliver_due()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 4
    assert len(receiver.received) == 4
    assert all(got.verified for got in receiver.received)
    assert len({got.headers["webhook-id"] for got in receiver.received}) == 1


def test_a_delivery_failing_for_a_day_disables_the_endpoint_and_tells_its_owner(
    receiver, administrator
):
    receiver.answers = [500] * 20
    endpoint = _endpoint(administrator, receiver)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _emit()
    when = start
    for delay in RETRY_DELAYS:
        when += timedelta(seconds=delay)
        with time_machine.travel(when, tick=False):
            webhooks_deliver_due()
    assert 22 * 3600 < (when - start).total_seconds() < 26 * 3600  # about a day
    assert len(receiver.received) == len(RETRY_DELAYS) + 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert [m.to for m in mail.outbox] == [[administrator.email]]
    assert endpoint.url in mail.outbox[0].body
    # A disabled endpoint gets nothing more.
    _emit()
    assert len(receiver.received) == len(RETRY_DELAYS) + 1


def test_send_again_reuses_the_event_id(receiver, administrator):
    _endpoint(administrator, receiver)
    _emit()
    first = WebhookDelivery.objects.get()
    webhook_send_again(actor=administrator, delivery=first)
    assert len(receiver.received) == 2
    ids = [got.headers["webhook-id"] for got in receiver.received]
    assert ids[0] == ids[1] == first.event_id


def test_slack_and_teams_presets_post_readable_messages(receiver, administrator):
    _endpoint(administrator, receiver, events=("match_run.finished",), preset="slack")
    _emit("match_run.finished", status="done")
    slack = receiver.received[-1].json
    assert "Digital 2027" in slack["text"] and "finished" in slack["text"]
    WebhookEndpoint.objects.all().delete()
    _endpoint(administrator, receiver, events=("match_run.finished",), preset="teams")
    _emit("match_run.finished", status="done")
    teams = receiver.received[-1].json
    card = teams["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard"
    assert "Digital 2027" in card["body"][0]["text"]
    assert receiver.received[-1].verified


def test_slow_receivers_time_out(receiver, administrator, settings):
    settings.UPWARD_WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.delay = 1.5
    _endpoint(administrator, receiver)
    _emit()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "No answer within 1 seconds" in delivery.error


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(administrator, settings, url):
    settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = False
    with pytest.raises(ApplicationError, match="^url: "):
        webhook_endpoint_create(actor=administrator, url=url, events=["pair.live"])
    assert not WebhookEndpoint.objects.exists()


def test_a_concern_event_holds_no_content_and_no_names(receiver, administrator, space_pair, mentor):
    from upward.feedback.services.concerns import concern_raise

    _endpoint(administrator, receiver, events=("concern.raised",))
    with transaction.atomic():
        concern_raise(
            pair=space_pair, actor=space_pair.mentor, category="behaviour", text="SECRET-WORDS"
        )
    body = receiver.received[0].body
    assert b"SECRET-WORDS" not in body
    assert b"behaviour" not in body
    for name in (space_pair.mentor.person.name, space_pair.mentee.person.name):
        assert name.encode() not in body


def test_a_manager_adds_webhooks_only_for_own_programs(program_manager, space_pair, settings):
    settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = True
    from upward.programs.tests.factories import ProgramFactory

    with pytest.raises(ApplicationError, match="^program: "):
        webhook_endpoint_create(
            actor=program_manager, url="http://127.0.0.1/x", events=["pair.live"]
        )
    with pytest.raises(ApplicationError, match="^program: "):
        webhook_endpoint_create(
            actor=program_manager,
            url="http://127.0.0.1/x",
            events=["pair.live"],
            program=ProgramFactory(),
        )
    endpoint = webhook_endpoint_create(
        actor=program_manager,
        url="http://127.0.0.1/x",
        events=["pair.live"],
        program=space_pair.program,
    )
    assert endpoint.program == space_pair.program


def test_webhook_pages_and_api_are_404_to_other_managers(
    receiver, program_manager, administrator, space_pair, django_user_model, client
):
    from upward.accounts.models import Role
    from upward.api.tests.conftest import TokenClient, token_for

    endpoint = _endpoint(program_manager, receiver, program=space_pair.program)
    other = django_user_model.objects.create_user(
        "other.manager@example.com", "pw-12345678", role=Role.PROGRAM_MANAGER
    )
    client.force_login(other)
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/webhooks/{endpoint.pk}/test/").status_code == 404
    assert client.post(f"/webhooks/{endpoint.pk}/delete/").status_code == 404
    assert TokenClient(token_for(other)).get(f"/api/v1/webhooks/{endpoint.pk}").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    client.force_login(administrator)
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 200


def test_the_webhook_pages_add_test_and_show_the_log(receiver, administrator_client):
    created = administrator_client.post(
        "/webhooks/new/",
        {"url": receiver.url, "preset": "standard", "events": ["pair.live"], "description": "Ops"},
        follow=True,
    )
    assert created.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.encode() in created.content  # once, on the page after adding
    assert (
        endpoint.secret.encode()
        not in administrator_client.get(f"/webhooks/{endpoint.pk}/").content
    )
    receiver.secret = endpoint.secret
    administrator_client.post(f"/webhooks/{endpoint.pk}/test/")
    assert receiver.received[0].verified
    log = administrator_client.get(f"/webhooks/{endpoint.pk}/")
    assert b"webhook.test" in log.content and b"HTTP 200" in log.content
