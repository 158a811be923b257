"""Concern pages: raised from the pair's space; read by their raiser and handlers only.

Every concern is fetched through get_concern_for_user (404 for anyone who did
not raise it and does not handle it, administrators and the pair's partner
included). The patterns page is for administrators and concern contacts.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core.audit import audit_log
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.core.permissions import can_manage_programs
from upward.feedback.forms import ConcernForm, ConcernMessageForm, ConcernResolveForm
from upward.feedback.selectors.concerns import (
    concern_thread,
    concerns_handled_by,
    concerns_raised_by,
    get_concern_for_user,
)
from upward.feedback.selectors.patterns import flagged_people, may_see_patterns
from upward.feedback.services.concerns import (
    concern_acknowledge,
    concern_message_post,
    concern_raise,
    concern_resolve,
    concern_withdraw,
)
from upward.pairs.guards import pair_page
from upward.pairs.selectors.space import PairSpace


@require_http_methods(["GET", "POST"])
@pair_page
def concern_new(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = concern_raise(
                pair=space.pair,
                actor=space.me,
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Your concern is with the people who handle concerns in this program. "
                f"{space.partner.person.name} is not told.",
            )
            return redirect("feedback:concern", concern.pk)
    return render(
        request,
        "feedback/concern_new.html",
        {"space": space, "pair": space.pair, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
def concern_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "feedback/concern_list.html",
        {
            "raised": concerns_raised_by(request.user),
            "handled": concerns_handled_by(request.user),
            "sees_patterns": may_see_patterns(request.user),
            "may_handle": can_manage_programs(request.user),
        },
    )


def _page(request: AuthenticatedRequest, concern_id: int, **forms: Any) -> HttpResponse:
    view = get_concern_for_user(request.user, concern_id)
    if view.as_handler and request.method == "GET":
        # Who read a concern, and when, is on record (never what it says).
        audit_log(
            actor=request.user,
            action="concern.viewed",
            summary="A handler opened a concern",
            target=view.concern,
        )
    context = {
        "view": view,
        "concern": view.concern,
        "thread": concern_thread(view.concern),
        "message_form": forms.get("message_form") or ConcernMessageForm(),
        "resolve_form": forms.get("resolve_form") or ConcernResolveForm(),
    }
    status = 400 if any(f.is_bound and f.errors for f in forms.values()) else 200
    return render(request, "feedback/concern_detail.html", context, status=status)


@require_GET
def concern_detail(request: AuthenticatedRequest, concern_id: int) -> HttpResponse:
    return _page(request, concern_id)


@require_POST
def concern_message(request: AuthenticatedRequest, concern_id: int) -> HttpResponse:
    view = get_concern_for_user(request.user, concern_id)
    form = ConcernMessageForm(request.POST)
    if form.is_valid():
        try:
            concern_message_post(
                concern=view.concern, actor=request.user, text=form.cleaned_data["text"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("feedback:concern", view.concern.pk)
    return _page(request, concern_id, message_form=form)


@require_POST
def concern_acknowledge_view(request: AuthenticatedRequest, concern_id: int) -> HttpResponse:
    view = get_concern_for_user(request.user, concern_id)
    try:
        concern_acknowledge(concern=view.concern, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Acknowledged: the person who raised it can see that you have it."
        )
    return redirect("feedback:concern", view.concern.pk)


@require_POST
def concern_resolve_view(request: AuthenticatedRequest, concern_id: int) -> HttpResponse:
    view = get_concern_for_user(request.user, concern_id)
    form = ConcernResolveForm(request.POST)
    if form.is_valid():
        try:
            concern_resolve(
                concern=view.concern, actor=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Resolved. The person who raised it can read the outcome.")
            return redirect("feedback:concern", view.concern.pk)
    return _page(request, concern_id, resolve_form=form)


@require_http_methods(["GET", "POST"])
def concern_withdraw_view(request: AuthenticatedRequest, concern_id: int) -> HttpResponse:
    view = get_concern_for_user(request.user, concern_id)
    if not view.as_raiser:
        raise PermissionDenied
    url = reverse("feedback:concern", args=[view.concern.pk])

    def withdraw(_data: dict[str, Any]) -> str:
        concern_withdraw(concern=view.concern, actor=view.concern.raised_by)
        return "Withdrawn. Nobody will act on it any more."

    return confirm_then_act(
        request,
        Confirmation(
            title="Withdraw your concern",
            question="Withdraw your concern?",
            effects=[
                "The people handling it are told it was withdrawn, and nobody acts on it any more.",
                "You can still read it and its messages; it cannot be reopened. If something "
                "happens again, raise a new one.",
            ],
            button="Withdraw my concern",
            cancel_url=url,
            cancel_label="Keep it open",
            crumbs=[("Concerns", reverse("feedback:concerns")), ("Your concern", url)],
        ),
        act=withdraw,
        done_url=url,
    )


@require_GET
def patterns(request: AuthenticatedRequest) -> HttpResponse:
    if not may_see_patterns(request.user):
        raise Http404  # as for any page one may not see: nothing says it exists
    audit_log(
        actor=request.user,
        action="concern.patterns_viewed",
        summary="Patterns across pairs viewed",
    )
    return render(request, "feedback/patterns.html", {"people": flagged_people(request.user)})
