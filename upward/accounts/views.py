"""The roles page: administrators grant and revoke administrator and program manager."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.accounts.models import Role, User
from upward.accounts.services import user_role_set
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
