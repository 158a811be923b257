"""The API's pages: interactive docs, personal access tokens, webhooks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from ninja.openapi.docs import Swagger

from upward.accounts.http import AuthenticatedRequest
from upward.api.api import api
from upward.api.forms import TokenForm, WebhookForm
from upward.api.tokens import api_token_create, api_token_revoke, get_own_token, tokens_of
from upward.api.webhooks.services import (
    endpoint_deliveries,
    endpoints_visible_to,
    get_endpoint_delivery,
    get_endpoint_for_user,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_enable,
    webhook_send_again,
    webhook_send_test,
)
from upward.core.errors import ApplicationError
from upward.core.permissions import program_manager_required
from upward.programs.selectors.access import programs_managed_by

NEW_TOKEN_KEY = "upward_new_api_token"  # noqa: S105  (a session key)
NEW_WEBHOOK_KEY = "upward_new_webhook"


class _Docs(Swagger):
    def get_openapi_url(self, api: Any, path_params: dict[str, Any]) -> str:
        return reverse("api:v1:openapi-json")


@require_GET
@login_not_required
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI on the schema, served from the package's own files (no CDN)."""
    return _Docs().render_page(request, api)


@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = api_token_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            # Shown on the next page once, then gone: reloading it creates nothing.
            request.session[NEW_TOKEN_KEY] = created.secret
            return redirect("api:tokens")
    new_secret = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens_of(request.user), "new_secret": new_secret},
    )


@require_POST
def token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = api_token_revoke(actor=request.user, token=get_own_token(request.user, token_id))
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api:tokens")


@require_GET
@program_manager_required
def webhook_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "api/webhooks.html", {"endpoints": endpoints_visible_to(request.user)})


@require_http_methods(["GET", "POST"])
@program_manager_required
def webhook_create(request: AuthenticatedRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None, programs=programs_managed_by(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhook_endpoint_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            request.session[NEW_WEBHOOK_KEY] = endpoint.pk  # its secret shows once, there
            return redirect("api:webhook_detail", endpoint_id=endpoint.pk)
    return render(request, "api/webhook_form.html", {"form": form})


@require_GET
@program_manager_required
def webhook_detail(request: AuthenticatedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_endpoint_for_user(request.user, endpoint_id)
    page = Paginator(endpoint_deliveries(endpoint), 50).get_page(request.GET.get("page"))
    just_created = request.session.get(NEW_WEBHOOK_KEY) == endpoint.pk
    if just_created:
        del request.session[NEW_WEBHOOK_KEY]
    return render(
        request,
        "api/webhook_detail.html",
        {"endpoint": endpoint, "page": page, "show_secret": just_created},
    )


@require_POST
@program_manager_required
def webhook_resend(
    request: AuthenticatedRequest, endpoint_id: int, delivery_id: int
) -> HttpResponse:
    endpoint = get_endpoint_for_user(request.user, endpoint_id)
    webhook_send_again(actor=request.user, delivery=get_endpoint_delivery(endpoint, delivery_id))
    messages.success(request, "Sent again; see the newest line of the log.")
    return redirect("api:webhook_detail", endpoint_id=endpoint.pk)


@require_POST
@program_manager_required
def webhook_test(request: AuthenticatedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_endpoint_for_user(request.user, endpoint_id)
    webhook_send_test(actor=request.user, endpoint=endpoint)
    messages.success(request, "A test message is on its way; see the newest line of the log.")
    return redirect("api:webhook_detail", endpoint_id=endpoint.pk)


@require_POST
@program_manager_required
def webhook_enable(request: AuthenticatedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_endpoint_for_user(request.user, endpoint_id)
    try:
        webhook_endpoint_enable(actor=request.user, endpoint=endpoint)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The webhook is on again.")
    return redirect("api:webhook_detail", endpoint_id=endpoint.pk)


@require_POST
@program_manager_required
def webhook_delete(request: AuthenticatedRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_endpoint_for_user(request.user, endpoint_id)
    webhook_endpoint_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, "Webhook deleted.")
    return redirect("api:webhooks")
