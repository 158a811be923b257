"""Every path the api app serves: the API itself, its docs, and the settings pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from upward.api import views
from upward.api.api import api
from upward.api.idempotency import UNSAFE, idempotent
from upward.api.tokens import token_audit_write

app_name = "api"


def _audit_token_writes(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None and request.method in UNSAFE:
            token_audit_write(
                token=token,
                method=request.method or "",
                path=request.path,
                status=response.status_code,
            )
        return response

    return wrapped


def _api_patterns() -> tuple[list[URLPattern | URLResolver], str, str]:
    """Ninja's URLs, each view wrapped: tokens need no session (LoginRequiredMiddleware
    lets them through; the API answers 401 itself), retries are idempotent, token
    writes audited."""
    patterns, app, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(idempotent(_audit_token_writes(pattern.callback)))
    return patterns, app, namespace


urlpatterns = [
    path("api/v1/", _api_patterns()),
    path("api/docs", views.api_docs, name="docs"),
    path("settings/api-tokens/", views.token_list, name="tokens"),
    path("settings/api-tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("webhooks/", views.webhook_list, name="webhooks"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:endpoint_id>/", views.webhook_detail, name="webhook_detail"),
    path(
        "webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/send-again/",
        views.webhook_resend,
        name="webhook_send_again",
    ),
    path("webhooks/<int:endpoint_id>/test/", views.webhook_test, name="webhook_test"),
    path("webhooks/<int:endpoint_id>/enable/", views.webhook_enable, name="webhook_enable"),
    path("webhooks/<int:endpoint_id>/delete/", views.webhook_delete, name="webhook_delete"),
]
