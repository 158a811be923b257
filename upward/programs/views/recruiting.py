"""The manager's recruiting pages: funnel, invite (three ways), invitations list.

Every view fetches its program through `get_managed_program`, so a manager of
another program, or anyone else, gets a 404. The participant's pages (program
page, invitation link) live in views/invitations.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core import clock
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.notifications.email import absolute_url
from upward.people.selectors import directory_search
from upward.programs.forms.recruiting import CsvInviteForm, FilterInviteForm, PeopleInviteForm
from upward.programs.guards import manager_page
from upward.programs.models import (
    InvitationStatus,
    Program,
    RecruitmentMode,
)
from upward.programs.selectors.recruiting import (
    declines_with_reasons,
    get_program_invitation,
    invitations_for_program,
    invite_search,
    people_matching,
    preview_sample,
    recruiting_funnel,
)
from upward.programs.services.recruiting import (
    InvitationBatch,
    invitation_create_from_csv,
    invitation_create_from_filter,
    invitation_create_many,
    invitation_resend,
    invitation_revoke,
)

INVITATIONS_PAGE_SIZE = 50
SEARCH_RESULTS = 25
INVITE_METHODS = ("people", "filter", "csv")


@require_GET
@manager_page
def recruiting_overview(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    funnel = recruiting_funnel(program)
    declined = declines_with_reasons(program)
    return render(
        request,
        "programs/recruiting_overview.html",
        {
            "program": program,
            "funnel": funnel,
            "declined": declined,
            "share_url": absolute_url(reverse("programs:program_page", args=[program.slug])),
            "registration_open": program.registration_is_open(clock.today()),
        },
    )


@require_http_methods(["GET", "POST"])
@manager_page
def recruiting_invite(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    how = request.POST.get("how") or request.GET.get("how") or "people"
    if how not in INVITE_METHODS:
        how = "people"
    forms: dict[str, Any] = {
        "people": PeopleInviteForm(prefix="people"),
        "filter": FilterInviteForm(request.GET or None, prefix="filter")
        if how == "filter"
        else FilterInviteForm(prefix="filter"),
        "csv": CsvInviteForm(prefix="csv"),
    }
    problems: list[Any] = []
    status = 200
    if request.method == "POST" and "preview" not in request.POST:
        try:
            batch = _invite(request, program, how, forms)
        except ApplicationError as error:
            messages.error(request, error.message)
            problems = list(error.extra.get("problems", []))
            status = 400
        else:
            if batch is not None:
                _report(request, batch)
                return redirect("programs:recruiting_invitations", program.pk)
            status = 400
    elif request.method == "POST":
        forms["filter"] = FilterInviteForm(request.POST, prefix="filter")

    context = {
        "program": program,
        "how": how,
        "forms": forms,
        "problems": problems,
        "registration_open": program.registration_is_open(clock.today()),
        **_search_context(request, program),
        **_preview_context(program, forms["filter"]),
    }
    return render(request, "programs/recruiting_invite.html", context, status=status)


def _invite(
    request: AuthenticatedRequest, program: Program, how: str, forms: dict[str, Any]
) -> InvitationBatch | None:
    """Bind the chosen form and call its service; None when the form is invalid."""
    if how == "people":
        people_form = forms["people"] = PeopleInviteForm(request.POST, prefix="people")
        if not people_form.is_valid():
            return None
        return invitation_create_many(
            program=program,
            people=people_form.cleaned_data["people"],
            role=people_form.cleaned_data["role"],
            invited_by=request.user,
        )
    if how == "filter":
        filter_form = forms["filter"] = FilterInviteForm(request.POST, prefix="filter")
        if not filter_form.is_valid():
            return None
        return invitation_create_from_filter(
            program=program,
            role=filter_form.cleaned_data["role"],
            criteria=filter_form.criteria(),
            invited_by=request.user,
        )
    csv_form = forms["csv"] = CsvInviteForm(request.POST, request.FILES, prefix="csv")
    if not csv_form.is_valid():
        return None
    return invitation_create_from_csv(
        program=program,
        role=csv_form.cleaned_data["role"],
        text=csv_form.cleaned_data["file"],
        invited_by=request.user,
    )


def _report(request: AuthenticatedRequest, batch: InvitationBatch) -> None:
    created = len(batch.created)
    parts = [
        f"Invited {created} {'person' if created == 1 else 'people'}; "
        "their emails are on their way."
        if created
        else "Nobody new was invited."
    ]
    if batch.already_invited:
        parts.append(f"{batch.already_invited} had already been invited.")
    if batch.already_registered:
        parts.append(f"{batch.already_registered} had already registered.")
    messages.success(request, " ".join(parts))
    for person, reason in batch.ineligible:
        messages.warning(
            request, f"{person.name} was not invited: not eligible ({reason or 'see eligibility'})."
        )


def _search_context(request: AuthenticatedRequest, program: Program) -> dict[str, Any]:
    """Directory search results for picking individuals, each marked if it cannot be invited.

    Three queries whatever the page size: the people, and which of them are
    eligible / already invited or registered.
    """
    query = request.GET.get("q", "").strip()[:200]
    role = request.GET.get("role", "mentor")
    if not query:
        return {"q": "", "search_role": role, "results": []}
    people = list(directory_search(request.user, query=query)[:SEARCH_RESULTS])
    return {"q": query, "search_role": role, "results": invite_search(program, role, people)}


def _preview_context(program: Program, form: FilterInviteForm) -> dict[str, Any]:
    if not form.is_bound or not form.is_valid():
        return {"preview_count": None}
    people = people_matching(program, form.cleaned_data["role"], form.criteria())
    return {
        "preview_count": people.count(),
        "preview_sample": preview_sample(people),
        "preview_description": form.criteria().describe(),
    }


@require_GET
@manager_page
def recruiting_people_search(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    """The htmx fragment behind the 'pick people' search box."""
    return render(
        request,
        "programs/_recruiting_search_results.html",
        {"program": program, **_search_context(request, program)},
    )


@require_GET
@manager_page
def recruiting_filter_preview(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    """The htmx fragment with the live count for a directory filter."""
    form = FilterInviteForm(request.GET, prefix="filter")
    return render(
        request,
        "programs/_recruiting_filter_preview.html",
        {"program": program, "forms": {"filter": form}, **_preview_context(program, form)},
    )


@require_GET
@manager_page
def invitation_list(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in InvitationStatus.values:
        status = ""
    query = request.GET.get("q", "").strip()[:200]
    invitations = invitations_for_program(program, status=status, query=query)
    page = Paginator(invitations, INVITATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/recruiting_invitations.html",
        {
            "program": program,
            "page": page,
            "status": status,
            "q": query,
            "funnel": recruiting_funnel(program),
            "statuses": InvitationStatus.choices,
            "pending_statuses": [InvitationStatus.SENT, InvitationStatus.OPENED],
        },
    )


@require_POST
@manager_page
def invitation_resend_view(
    request: AuthenticatedRequest, program: Program, invitation_id: int
) -> HttpResponseRedirect:
    invitation = get_program_invitation(program, invitation_id)
    try:
        invitation_resend(invitation=invitation, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"A new invitation email is on its way to {invitation.person.name}. "
            "The link in the earlier email no longer works.",
        )
    return _back_to_list(request, program)


@require_http_methods(["GET", "POST"])
@manager_page
def invitation_revoke_view(
    request: AuthenticatedRequest, program: Program, invitation_id: int
) -> HttpResponse:
    invitation = get_program_invitation(program, invitation_id)
    query = request.GET.get("return_query") or request.POST.get("return_query", "")

    def revoke(_data: dict[str, Any]) -> str:
        invitation_revoke(invitation=invitation, actor=request.user)
        return f"The invitation for {invitation.person.name} is withdrawn; its link is dead."

    confirmation = Confirmation(
        title="Withdraw an invitation",
        question=f"Withdraw the invitation to {invitation.person.name} "
        f"({invitation.person.email})?",
        effects=_revoke_effects(program),
        button="Withdraw the invitation",
        cancel_url=_list_url(program, query),
        hidden=[("return_query", query)],
    )
    return confirm_then_act(
        request,
        confirmation,
        act=revoke,
        done_url=_list_url(program, query),
        template="programs/confirm.html",
        context={"program": program},
    )


def _revoke_effects(program: Program) -> list[str]:
    # Revoked invitations count as "already invited" (invitation_create_many).
    effects = [
        "The link in their email stops working and no more reminders go out. They are not told.",
        "They cannot be invited to this program again.",
    ]
    if program.recruitment_mode == RecruitmentMode.OPEN:
        return [
            *effects,
            "The program has open registration: they can still register from its page, like "
            "anyone eligible.",
        ]
    return [*effects, "The program is invite-only, so they can no longer register."]


def _back_to_list(request: AuthenticatedRequest, program: Program) -> HttpResponseRedirect:
    return HttpResponseRedirect(_list_url(program, request.POST.get("return_query", "")))


def _list_url(program: Program, query: str) -> str:
    """The invitations list, with the filters and page it was left at."""
    url = reverse("programs:recruiting_invitations", args=[program.pk])
    return f"{url}?{query}" if query else url
