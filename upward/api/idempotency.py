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
        if kept is not None:
            if kept.request_hash != fingerprint:
                return problem(
                    422, f"{HEADER}: already used for a different request; use a new key."
                )
            response = HttpResponse(
                bytes(kept.body), status=kept.status_code, content_type=kept.content_type
            )
            response["Idempotent-Replayed"] = "true"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code < 500 and response.status_code not in NOT_KEPT:
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
                pass  # a concurrent retry kept its reply first; both did the same work
        return response

    return wrapped
