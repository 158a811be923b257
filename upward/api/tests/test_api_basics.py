"""Tokens, problem details, sessions with CSRF, rate limits, idempotency, audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from upward.api.models import ApiToken
from upward.api.tests.conftest import TokenClient, token_for
from upward.core.models import AuditEntry
from upward.core.testing.races import run_together
from upward.pairs.models import Goal

pytestmark = pytest.mark.django_db


def test_me_answers_with_a_token(api_as, mentor):
    response = api_as(mentor, "read").get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == mentor.email
    assert body["token_scope"] == "read"


def test_anonymous_gets_a_401_problem(api_as):
    response = api_as(None).get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_token_is_stored_hashed_and_shown_once(mentor):
    from upward.api.tokens import api_token_create

    created = api_token_create(actor=mentor, name="script", scope="read")
    row = ApiToken.objects.get(pk=created.token.pk)
    assert created.secret not in (row.token_hash, row.prefix)
    assert len(row.token_hash) == 64
    assert row.expires_at - timezone.now() > timedelta(days=89)
    assert AuditEntry.objects.filter(action="api_token.created", target_id=str(row.pk)).exists()


def test_wrong_revoked_and_expired_tokens_are_refused(api_as, mentor):
    from upward.api.tests.conftest import TokenClient
    from upward.api.tokens import api_token_create, api_token_revoke

    assert TokenClient("upw_nothere_xxx").get("/api/v1/me").status_code == 401
    created = api_token_create(actor=mentor, name="short", scope="read", days=1)
    client = TokenClient(created.secret)
    assert client.get("/api/v1/me").status_code == 200
    assert TokenClient(created.secret[:-2] + "zz").get("/api/v1/me").status_code == 401
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert client.get("/api/v1/me").status_code == 401
    api_token_revoke(actor=mentor, token=created.token)
    assert client.get("/api/v1/me").status_code == 401


def test_read_token_cannot_write(api_as, space_pair, mentor):
    response = api_as(mentor, "read").post(
        f"/api/v1/pairs/{space_pair.pk}/goals", {"title": "Learn to post"}
    )
    assert response.status_code == 403
    assert "read" in response.json()["detail"]
    assert not Goal.objects.exists()


def test_token_over_its_rate_limit_gets_429(api_as, mentor, settings):
    settings.UPWARD_API_RATE_LIMIT_PER_MINUTE = 3
    client = api_as(mentor, "read")
    codes = [client.get("/api/v1/me").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get("/api/v1/me")
    assert last.status_code == 429
    assert int(last["Retry-After"]) <= 60


def test_validation_error_names_the_field(api_as, space_pair, mentor):
    response = api_as(mentor).post(
        f"/api/v1/pairs/{space_pair.pk}/sessions", {"starts_at": "next tuesday"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "starts_at"
    assert "starts_at" in body["detail"]


def test_business_refusal_is_a_400_problem(api_as, space_pair, mentor):
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = api_as(mentor).post(f"/api/v1/pairs/{space_pair.pk}/sessions", {"starts_at": past})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


def test_session_writes_need_csrf(space_pair, mentor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentor)
    assert client.get("/api/v1/me").status_code == 200
    refused = client.post(
        f"/api/v1/pairs/{space_pair.pk}/goals", {"title": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.get("/settings/api-tokens/")  # sets the CSRF cookie, as any page does
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        f"/api/v1/pairs/{space_pair.pk}/goals",
        {"title": "Post weekly"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 201, accepted.content


def test_idempotency_key_makes_a_retry_harmless(api_as, space_pair, mentor):
    client = api_as(mentor)
    path = f"/api/v1/pairs/{space_pair.pk}/goals"
    first = client.post(path, {"title": "Post weekly"}, headers={"Idempotency-Key": "k-1"})
    again = client.post(path, {"title": "Post weekly"}, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Goal.objects.count() == 1
    other = client.post(path, {"title": "Something else"}, headers={"Idempotency-Key": "k-1"})
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]


def test_every_write_with_a_token_is_audited(api_as, space_pair, mentor):
    api_as(mentor).post(f"/api/v1/pairs/{space_pair.pk}/goals", {"title": "Post weekly"})
    entry = AuditEntry.objects.get(action="api_token.used")
    assert entry.data["method"] == "POST"
    assert entry.data["status"] == 201


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.1")
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_token_page_creates_shows_once_and_revokes(mentor_client, mentor):
    page = mentor_client.post(
        "/settings/api-tokens/", {"name": "My script", "scope": "read", "days": 30}, follow=True
    )
    assert page.status_code == 200
    secret = page.context["new_secret"]
    assert secret.startswith("upw_")
    listing = mentor_client.get("/settings/api-tokens/")
    assert secret.encode() not in listing.content
    assert ApiToken.objects.filter(user=mentor).count() == 1
    token = ApiToken.objects.get(user=mentor)
    mentor_client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_another_persons_token(mentor_client, mentee):
    from upward.api.tokens import api_token_create

    theirs = api_token_create(actor=mentee, name="theirs").token
    assert mentor_client.post(f"/settings/api-tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_ids_beyond_64_bits_are_a_422_naming_the_field(api_as, program_manager, space_pair):
    client = api_as(program_manager)
    huge = 2**70
    response = client.get(f"/api/v1/programs/{huge}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "program_id"
    invite = client.post(
        f"/api/v1/programs/{space_pair.program_id}/invitations", {"person_ids": [huge]}
    )
    assert invite.status_code == 422
    assert invite.json()["errors"][0]["field"].startswith("person_ids")
    from upward.api.pagination import _encode

    assert client.get("/api/v1/programs", cursor=_encode(huge)).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_retries_with_one_idempotency_key_write_once(space_pair, mentor):
    # A client whose connection dropped retries at once, many times: one request claims
    # the key and writes; the others answer its reply, or 409 while it is still running.
    secret = token_for(mentor)
    path = f"/api/v1/pairs/{space_pair.pk}/goals"
    replies: dict[str, Any] = {}

    def retry(name: str) -> Any:
        def send() -> None:
            replies[name] = TokenClient(secret).post(
                path, {"title": "Post weekly"}, headers={"Idempotency-Key": "retry-1"}
            )

        return send

    outcomes = run_together({f"retry {n}": retry(f"retry {n}") for n in range(20)})

    assert set(outcomes.values()) == {"ok"}, outcomes
    assert Goal.objects.filter(title="Post weekly").count() == 1
    written = [reply for reply in replies.values() if reply.status_code == 201]
    waiting = [reply for reply in replies.values() if reply.status_code == 409]
    assert len(written) + len(waiting) == 20 and written
    assert len({reply.content for reply in written}) == 1
    assert all(reply["Retry-After"] == "1" for reply in waiting)
    again = TokenClient(secret).post(
        path, {"title": "Post weekly"}, headers={"Idempotency-Key": "retry-1"}
    )
    assert again.status_code == 201 and again.content == written[0].content


def test_a_failed_write_releases_its_key_and_keeps_nothing(api_as, space_pair, mentor):
    client = api_as(mentor)
    path = f"/api/v1/pairs/{space_pair.pk}/sessions"
    refused = client.post(path, {"starts_at": "next tuesday"}, headers={"Idempotency-Key": "k-2"})
    assert refused.status_code == 422  # a 4xx is an answer: kept and replayed
    assert (
        client.post(path, {"starts_at": "next tuesday"}, headers={"Idempotency-Key": "k-2"})[
            "Idempotent-Replayed"
        ]
        == "true"
    )
    from upward.api.models import IdempotentReply

    assert not IdempotentReply.objects.filter(status_code=0).exists()  # no claim left pending
