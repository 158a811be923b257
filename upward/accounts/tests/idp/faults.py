"""What the test provider claims about its users, and the faults a test can switch on.

A test writes one word to IDP_DIR/fault; the provider then issues tokens with it:
- wrong_audience: `aud` names another client
- expired: `exp` in the past
- nonce_mismatch: a `nonce` other than the one Upward sent
- bad_signature: the id_token's signature is altered on its way out of the token endpoint
The tokens are otherwise the provider's own, signed with its own RSA key.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse


def fault() -> str:
    path = Path(os.environ["IDP_DIR"]) / "fault"
    return path.read_text().strip() if path.exists() else ""


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["name"] = user.get_full_name() or user.username
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = True
    return claims


def id_token_hook(id_token: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    now = fault()
    if now == "wrong_audience":
        id_token["aud"] = "some-other-client"
    elif now == "expired":
        id_token["iat"] = int(time.time()) - 7200
        id_token["exp"] = int(time.time()) - 3600
    elif now == "nonce_mismatch":
        id_token["nonce"] = "not-the-nonce-upward-sent"
    return id_token


class TamperSignatureMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.endswith("/token") and fault() == "bad_signature":
            body = json.loads(response.content)
            header, payload, signature = body["id_token"].split(".")
            raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
            raw[0] ^= 0xFF
            forged = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
            body["id_token"] = f"{header}.{payload}.{forged}"
            response.content = json.dumps(body).encode()
            response["Content-Length"] = str(len(response.content))
        return response
