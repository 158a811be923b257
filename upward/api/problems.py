"""RFC 9457 problem details: the one shape of every API error.

`detail` names the field when one is at fault ("body.starts_at: ..."), and
`errors` lists each field with its message for programs that read them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from upward.core.errors import ApplicationError

log = logging.getLogger("upward.api")

CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Unprocessable request",
    429: "Too many requests",
    500: "Server error",
}


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class ScopeError(Exception):
    """The caller is known but may not do this (a read-only token writing, MFA missing)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message or (
            "This token may only read: create a read-and-write token to write."
        )


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    import orjson

    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return HttpResponse(orjson.dumps(body), status=status, content_type=CONTENT_TYPE)


def _field_of(loc: Any) -> str:
    """("body", "data", "starts_at") -> "starts_at"; ("query", "limit") -> "limit"."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in {"query", "path", "header", "form", "file", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "request"


def validation_problem(errors: list[dict[str, Any]]) -> HttpResponse:
    fields = [
        {"field": _field_of(error.get("loc", ())), "message": str(error.get("msg", "invalid"))}
        for error in errors
    ]
    detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "Invalid request."
    return problem(422, detail, errors=fields)


def application_problem(message: str) -> HttpResponse:
    # Services name the field first ("starts_at: ...") where a field is at fault.
    field, sep, _rest = message.partition(": ")
    errors = [{"field": field, "message": message}] if sep and " " not in field else []
    return problem(400, message, errors=errors)


def install(api: NinjaAPI) -> None:
    """Turn every error the API can meet into a problem response."""

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return validation_problem(list(exc.errors))

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(
            401, "Sign in, or send a personal access token: Authorization: Bearer upw_…"
        )
        response["WWW-Authenticate"] = 'Bearer realm="upward"'
        return response

    @api.exception_handler(ScopeError)
    def _scope(request: HttpRequest, exc: ScopeError) -> HttpResponse:
        return problem(403, exc.message)

    @api.exception_handler(RateLimited)
    def _rate(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = problem(429, f"Too many requests with this token: retry in {exc.retry_after}s.")
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "Not found, or not yours to see.")

    @api.exception_handler(PermissionDenied)
    def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(403, str(exc) or "Your role does not allow this.")

    @api.exception_handler(ApplicationError)
    def _application(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return application_problem(exc.message)

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def _bug(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s %s", request.method, request.path)
        return problem(500, "Something went wrong on our side; it has been logged.")
