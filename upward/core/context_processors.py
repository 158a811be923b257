from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from upward.core.permissions import can_manage_programs, is_administrator


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation links a user's role gives them, built once per request."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_links": []}
    links = [("Home", reverse("home:home"))]
    # Programs and pairs are reached by URL name only: core never imports a feature app.
    if can_manage_programs(user):
        links.append(("Programs", reverse("programs:list")))
        links.append(("Directory", reverse("people:directory")))
        links.append(("Concerns", reverse("feedback:concerns")))
        links.append(("Webhooks", reverse("api:webhooks")))
    else:
        links.append(("My programs", reverse("home:my_programs")))
        links.append(("My pairs", reverse("pairs:my_pairs")))
    if is_administrator(user):
        links.append(("Import people", reverse("people:import")))
        links.append(("Audit log", reverse("core:audit_log")))
        links.append(("Roles", reverse("accounts:roles")))
        links.append(("Privacy", reverse("privacy:retention")))
    return {"nav_links": links}
