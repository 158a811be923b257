"""The home page and "My programs": each composed here from the apps' own selectors.

No template tag fetches anything: this view asks each app for its part of the
page (the directory's counts, a manager's programs, a participant's proposals,
pairs and registrations) and the templates only render it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upward.accounts.http import AuthenticatedRequest
from upward.core.permissions import can_manage_programs, is_administrator
from upward.core.selectors import latest_audit_entry
from upward.feedback.selectors.check_ins import pending_check_ins
from upward.home.manager import manager_home
from upward.home.next_steps import next_step
from upward.pairs.selectors import latest_pair_by_registration, pending_proposals
from upward.pairs.selectors.sessions import upcoming_sessions_of
from upward.pairs.selectors.space import spaces_for_user
from upward.people.selectors import directory_overview
from upward.programs.models import RegistrationStatus
from upward.programs.selectors.recruiting import programs_open_to
from upward.programs.selectors.registration import registrations_of_person


def _participant_panels(request: AuthenticatedRequest) -> dict[str, Any]:
    person = getattr(request.user, "person", None)
    registrations = list(registrations_of_person(person)) if person is not None else []
    return {
        "check_ins": pending_check_ins(request.user, now=timezone.now()),
        "pending": pending_proposals(request.user),
        "spaces": spaces_for_user(request.user, live_only=True),
        "registrations": [r for r in registrations if r.status == RegistrationStatus.REGISTERED],
        "open_programs": programs_open_to(person),
        "next_sessions": upcoming_sessions_of(request.user, now=timezone.now(), limit=3),
    }


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if is_administrator(request.user):
        context["overview"] = directory_overview()
        context["latest_audit_entry"] = latest_audit_entry()
    if can_manage_programs(request.user):
        context["manager"] = manager_home(request.user, timezone.now())
    else:
        context.update(_participant_panels(request))
    return render(request, "home/home.html", context)


@require_GET
def my_programs(request: AuthenticatedRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    registrations = list(registrations_of_person(person)) if person is not None else []
    pairs = latest_pair_by_registration(request.user)
    rows = [
        {"registration": registration, "next": next_step(registration, pairs.get(registration.pk))}
        for registration in registrations
    ]
    return render(
        request,
        "home/my_programs.html",
        {"rows": rows, "pending": pending_proposals(request.user)},
    )
