"""Idempotency-Key: a retried write answers what the first one answered.

Wraps each API URL's view. The key is scoped to the caller (the token, or the
signed-in user); a key reused with a different request is refused with 422.
Replies of 5xx, 401 and 429 are not kept: retrying those should try again.

Three steps, so that a write happens once however the client retries:
1. the key is claimed, in its own short transaction, by a pending row: a retry
   arriving while the first request runs gets 409 and Retry-After, not a second
   run (which would also send its emails twice);
2. the view runs, and its reply is kept, in one transaction: a server killed in
   between leaves neither the write nor the reply, and a 5xx rolls back what the
   view had written;
3. a reply not kept releases the claim, so the retry runs again.
A claim left pending by a server that died is taken over after PENDING_TIMEOUT,
longer than any request may run (gunicorn's --timeout, docs/production.md): by then
nothing of it can be left to commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from upward.api.models import IdempotentReply
from upward.api.problems import problem

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
HEADER = "Idempotency-Key"
NOT_KEPT = {401, 429}
PENDING = 0  # the status_code of a claim whose request is still running
PENDING_TIMEOUT = timedelta(minutes=2)
RETRY_AFTER_SECONDS = 1


def _caller(request: HttpRequest) -> str | None:
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _claim(request: HttpRequest, caller: str, key: str, fingerprint: str) -> IdempotentReply:
    """The pending row that makes this request the one to run; IntegrityError if taken."""
    IdempotentReply.objects.filter(
        owner=caller, key=key, status_code=PENDING, created_at__lt=timezone.now() - PENDING_TIMEOUT
    ).delete()  # abandoned by a server that died mid-request
    with transaction.atomic():
        return IdempotentReply.objects.create(
            owner=caller,
            key=key,
            method=request.method or "",
            path=request.path[:500],
            request_hash=fingerprint,
            status_code=PENDING,
            content_type="",
            body=b"",
        )


def _run_and_keep(
    view: Callable[..., HttpResponse],
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    claim: IdempotentReply,
) -> HttpResponse:
    """Run the write and keep its reply in one transaction; release the claim otherwise."""
    kept = False
    try:
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            if response.status_code >= 500 or response.status_code in NOT_KEPT:
                transaction.set_rollback(True)  # nothing half-written stays behind a 5xx
            else:
                claim.status_code = response.status_code
                claim.content_type = response.get("Content-Type", "application/json")
                claim.body = response.content
                claim.save(update_fields=["status_code", "content_type", "body"])
                kept = True
    finally:
        if not kept:
            IdempotentReply.objects.filter(pk=claim.pk, status_code=PENDING).delete()
    return response


def _answer_from(kept: IdempotentReply | None, fingerprint: str) -> HttpResponse:
    if kept is not None and kept.request_hash != fingerprint:
        return problem(422, f"{HEADER}: already used for a different request; use a new key.")
    if kept is None or kept.status_code == PENDING:  # None: released a moment ago
        response = problem(
            409, f"{HEADER}: a request with this key is still running; retry in a moment."
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = HttpResponse(
        bytes(kept.body), status=kept.status_code, content_type=kept.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method not in UNSAFE or key is None:
            return view(request, *args, **kwargs)
        if not key or len(key) > 200 or not key.isprintable():
            return problem(400, f"{HEADER}: 1 to 200 printable characters.")
        caller = _caller(request)
        if caller is None:
            return view(request, *args, **kwargs)
        fingerprint = _fingerprint(request)
        try:
            claim = _claim(request, caller, key, fingerprint)
        except IntegrityError:
            taken = IdempotentReply.objects.filter(owner=caller, key=key).first()
            return _answer_from(taken, fingerprint)
        return _run_and_keep(view, request, args, kwargs, claim)

    return wrapped
