"""The participant's side of recruiting: the program page and the invitation link.

Both need a signed-in user (LoginRequiredMiddleware sends others to sign in
and back). The program page is fetched through `get_program_page_for_user`;
the invitation through its signed token, which must belong to the user.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core import clock
from upward.core.errors import ApplicationError
from upward.notifications.email import absolute_url
from upward.programs.forms.recruiting import DeclineForm
from upward.programs.models import (
    Invitation,
    ParticipantRole,
    Program,
    RecruitmentMode,
)
from upward.programs.selectors.access import registration_of, user_manages_program
from upward.programs.selectors.recruiting import (
    PENDING_STATUSES,
    eligibility_of,
    get_program_page_for_user,
    pending_invitation_for,
)
from upward.programs.services.invitation_links import InvitationLinkError, invitation_for_link
from upward.programs.services.recruiting import (
    invitation_accept,
    invitation_decline,
    invitation_open,
)

LINK_ERROR_STATUS = {
    InvitationLinkError.INVALID: 400,
    InvitationLinkError.OTHER_PERSON: 403,
    InvitationLinkError.REPLACED: 410,
    InvitationLinkError.EXPIRED: 410,
    InvitationLinkError.REVOKED: 410,
}


def register_url(program: Program, role: str = "") -> str:
    """The registration form for `program` (the registration pages own it)."""
    try:
        url = reverse("programs:register", kwargs={"slug": program.slug})
    except NoReverseMatch:  # registration pages not installed: the program page explains
        return reverse("programs:program_page", args=[program.slug])
    return f"{url}?role={role}" if role else url


@require_GET
def program_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    program = get_program_page_for_user(request.user, slug)
    person = getattr(request.user, "person", None)
    registration = registration_of(request.user, program)
    invitation = pending_invitation_for(program, person)
    today = clock.today()
    open_now = program.registration_is_open(today)
    joins: list[dict[str, Any]] = []
    if open_now and registration is None and person is not None:
        if invitation is not None:
            roles = [invitation.role] if invitation.role else list(ParticipantRole.values)
            joins = [{"role": role, "eligible": True, "reason": ""} for role in roles]
        elif program.recruitment_mode == RecruitmentMode.OPEN:
            for role in ParticipantRole.values:
                eligible, reason = eligibility_of(program, role, person)
                joins.append({"role": role, "eligible": eligible, "reason": reason})
    for join in joins:
        join["url"] = register_url(program, join["role"])
        join["label"] = "Join as a mentor" if join["role"] == "mentor" else "Join as a mentee"
    is_manager = user_manages_program(request.user, program)
    return render(
        request,
        "programs/recruiting_program_page.html",
        {
            "program": program,
            "registration": registration,
            "invitation": invitation,
            "open_now": open_now,
            "today": today,
            "joins": joins,
            "any_eligible": any(join["eligible"] for join in joins),
            "is_manager": is_manager,
            "share_url": absolute_url(request.path) if is_manager else "",
            "objectives": program.objective_labels,
        },
    )


def _link_or_error(request: AuthenticatedRequest, token: str) -> Invitation | HttpResponse:
    try:
        return invitation_for_link(token=token, user=request.user)
    except InvitationLinkError as error:
        return render(
            request,
            "programs/recruiting_invitation_invalid.html",
            {"message": error.message, "reason": error.reason},
            status=LINK_ERROR_STATUS.get(error.reason, 400),
        )


@require_GET
@login_not_required
def invitation_landing(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email.

    Someone not signed in is told that this is an invitation and how to sign in
    or create their account to answer it, and nothing else: the link may have
    been forwarded, so the program is named only to the person invited.
    """
    if not request.user.is_authenticated:
        return render(
            request,
            "programs/recruiting_invitation_signin.html",
            {
                "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
                "signup_url": f"{reverse('account_signup')}?{urlencode({'next': request.path})}",
            },
        )
    found = _link_or_error(cast(AuthenticatedRequest, request), token)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    if invitation.status in PENDING_STATUSES:
        invitation = invitation_open(invitation=invitation)
    program = invitation.program
    return render(
        request,
        "programs/recruiting_invitation.html",
        {
            "invitation": invitation,
            "program": program,
            "token": token,
            "pending": invitation.status in PENDING_STATUSES,
            "open_now": program.registration_is_open(clock.today()),
            "decline_form": DeclineForm(),
            "registration": registration_of(request.user, program),
            "objectives": program.objective_labels,
        },
    )


@require_POST
def invitation_accept_view(request: AuthenticatedRequest, token: str) -> HttpResponse:
    found = _link_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    try:
        role = invitation_accept(invitation=found)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("programs:invitation", token)
    return redirect(register_url(found.program, role))


@require_POST
def invitation_decline_view(request: AuthenticatedRequest, token: str) -> HttpResponse:
    found = _link_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Your reason is too long: 500 characters at most.")
        return redirect("programs:invitation", token)
    try:
        invitation_decline(invitation=found, reason=form.cleaned_data["reason"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Thank you for letting us know. You will get no more reminders about it."
        )
    return redirect("programs:invitation", token)
