"""Idempotency-Key: a retried write answers what the first one answered.

Wraps each API URL's view. The key is scoped to the caller (the token, or the
signed-in user); a key reused with a different request is refused with 422.
Replies of 5xx, 401 and 429 are not kept: retrying those should try again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from upward.api.models import IdempotentReply
from upward.api.problems import problem

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
HEADER = "Idempotency-Key"
NOT_KEPT = {401, 429}


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


def _run_and_keep(
    view: Callable[..., HttpResponse],
    request: HttpRequest,
    args: Any,
    kwargs: Any,
    caller: str,
    key: str,
    fingerprint: str,
) -> tuple[HttpResponse, IdempotentReply | None]:
    """Run the write and keep its reply in one transaction: both happen or neither.

    A server killed between the two would otherwise have done the work without
    the reply, and the client's retry would do it twice. A concurrent request
    with the same key queues on the reply's unique index; when it finds the first
    one's reply there, its own work is rolled back and the first reply returned.
    """
    with transaction.atomic():
        response = view(request, *args, **kwargs)
        if response.status_code >= 500 or response.status_code in NOT_KEPT:
            return response, None
        try:
            with transaction.atomic():
                IdempotentReply.objects.create(
                    owner=caller,
                    key=key,
                    method=request.method or "",
                    path=request.path[:500],
                    request_hash=fingerprint,
                    status_code=response.status_code,
                    content_type=response.get("Content-Type", "application/json"),
                    body=response.content,
                )
        except IntegrityError:
            transaction.set_rollback(True)
        else:
            return response, None
    return response, IdempotentReply.objects.get(owner=caller, key=key)


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
        kept = IdempotentReply.objects.filter(owner=caller, key=key).first()
        if kept is None:
            response, kept = _run_and_keep(view, request, args, kwargs, caller, key, fingerprint)
            if kept is None:
                return response
        if kept.request_hash != fingerprint:
            return problem(422, f"{HEADER}: already used for a different request; use a new key.")
        response = HttpResponse(
            bytes(kept.body), status=kept.status_code, content_type=kept.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response

    return wrapped
