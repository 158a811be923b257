"""The roles page (administrators grant and revoke roles) and the admin site's sign-in."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.accounts.models import EmailChange, Role, User
from upward.accounts.services import (
    email_change_cancel,
    email_change_confirm,
    token_hash,
    user_role_set,
)
from upward.core.errors import ApplicationError
from upward.core.permissions import administrator_required

SEARCH_LIMIT = 25


@require_GET
@administrator_required
def roles(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    holders = (
        User.objects.filter(role__in=[Role.ADMINISTRATOR, Role.PROGRAM_MANAGER])
        .select_related("person")
        .order_by("role", "full_name", "email")
    )
    found: list[User] = []
    if query:
        found = list(
            User.objects.filter(is_active=True)
            .filter(
                Q(full_name__icontains=query)
                | Q(email__icontains=query)
                | Q(person__name__icontains=query)
            )
            .select_related("person")
            .order_by("full_name", "email")[:SEARCH_LIMIT]
        )
    return render(
        request,
        "accounts/roles.html",
        {"holders": holders, "found": found, "query": query, "roles": Role.choices},
    )


@require_POST
@administrator_required
def role_change(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    try:
        user = User.objects.get(pk=user_id, is_active=True)
    except User.DoesNotExist:
        raise Http404("No such person") from None
    try:
        user = user_role_set(actor=request.user, user=user, role=request.POST.get("role", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{user.get_full_name()} is now {user.get_role_display()}.")
    return redirect("accounts:roles")


def _email_change_step(
    request: HttpRequest, token: str, *, act: Callable[..., EmailChange], template: str
) -> HttpResponse:
    """GET shows what the link does (a prefetching mail scanner changes nothing);
    only the button's POST acts."""
    token = token[:100]
    change = (
        EmailChange.objects.filter(
            Q(confirm_hash=token_hash(token)) | Q(cancel_hash=token_hash(token))
        )
        .select_related("user")
        .first()
    )
    if change is None:
        raise Http404("No such link")
    error = ""
    done = False
    if request.method == "POST":
        try:
            change = act(token=token)
        except ApplicationError as failure:
            error = failure.message
        else:
            done = True
    response = render(
        request,
        template,
        {"change": change, "done": done, "error": error},
        status=400 if error else 200,
    )
    response["Cache-Control"] = "no-store"
    # The token is in the URL: never sent to another site. (Not "no-referrer": Chromium
    # would then send "Origin: null" with the form, which CSRF protection refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def email_change_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    return _email_change_step(
        request, token, act=email_change_confirm, template="accounts/email_change_confirm.html"
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def email_change_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    return _email_change_step(
        request, token, act=email_change_cancel, template="accounts/email_change_cancel.html"
    )


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site's sign-in, answered by the one sign-in page everyone uses.

    Django's own admin login checks the password alone: an administrator with a
    second factor would skip it there, and the failed-login throttle would not
    count. Every method lands here, so a POST of credentials never signs anyone in.
    """
    if request.user.is_authenticated:
        # Signed in but not an administrator (the admin sends them here): sending them
        # to the sign-in page would bounce straight back to /admin/ for ever.
        raise PermissionDenied("The admin site is for administrators.")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
