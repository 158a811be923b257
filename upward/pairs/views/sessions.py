"""Session pages: plan, accept, move, cancel, mark held; the .ics download and the feed.

Every page is a `pair_page` (404 for anyone but the pair's mentor and mentee,
managers included: an invite carries the agenda); sessions are fetched through
get_space_session, scoped by the pair. The feed is the one public
page: its secret token is the credential, and a revoked token answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.notifications.email import absolute_url
from upward.pairs.calendar import ICS_MIMETYPE, session_filename, session_invite, sessions_feed
from upward.pairs.guards import pair_page
from upward.pairs.models import SessionStatus
from upward.pairs.selectors.sessions import (
    cadence,
    feed_sessions,
    get_feed_by_token,
    get_space_session,
    live_feed_of,
)
from upward.pairs.selectors.space import PairSpace
from upward.pairs.services.calendar_feeds import (
    calendar_feed_get_or_create,
    calendar_feed_regenerate,
    calendar_feed_revoke,
)
from upward.pairs.services.sessions import (
    session_accept,
    session_cancel,
    session_counter_propose,
    session_mark_held,
    session_propose,
    session_reschedule,
)
from upward.pairs.services.slots import suggest_slots, zone_of
from upward.pairs.session_display import (
    all_rows,
    cadence_line,
    first_name,
    session_row,
    slot_label,
)
from upward.pairs.session_forms import SessionCancelForm, SessionMoveForm, SessionProposeForm
from upward.programs.selectors.setup import program_agendas


def _back(pair_id: int) -> HttpResponse:
    return redirect("pairs:sessions", pair_id)


@require_http_methods(["GET", "POST"])
@pair_page
def sessions(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    now = timezone.now()
    zone = zone_of(space.me)
    slots = suggest_slots(space.pair, now=now) if space.is_live else []
    form = SessionProposeForm(
        request.POST if request.method == "POST" else None,
        zone=zone,
        slots=[
            (slot.starts_at.isoformat(), slot_label(slot, space.me, space.partner))
            for slot in slots
        ],
        agendas=program_agendas(space.pair.program),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["when"] is not None:
            data = form.cleaned_data
            try:
                session_propose(
                    pair=space.pair,
                    actor=space.me,
                    starts_at=data["when"],
                    agenda_template=data["agenda_template"],
                    agenda=data["agenda"],
                    location=data["location"],
                    now=now,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"Proposed. We have asked {first_name(space.partner)} to accept it.",
                )
                return _back(space.pair.pk)
        status = 400
    upcoming, past = all_rows(space, now=now)
    numbers = cadence(space.pair)
    return render(
        request,
        "pairs/sessions_list.html",
        {
            "space": space,
            "pair": space.pair,
            "upcoming_rows": upcoming,
            "past_rows": past,
            "form": form,
            "zone": zone.key,
            "partner_zone": zone_of(space.partner).key,
            "partner_first_name": first_name(space.partner),
            "has_slots": bool(slots),
            "cadence": numbers,
            "cadence_line": cadence_line(numbers),
        },
        status=status,
    )


@require_POST
@pair_page
def accept(request: AuthenticatedRequest, space: PairSpace, session_id: int) -> HttpResponse:
    session = get_space_session(space, session_id)
    try:
        session_accept(session=session, actor=space.me)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Booked. The calendar invite is on its way to you both.")
    return _back(space.pair.pk)


@require_http_methods(["GET", "POST"])
@pair_page
def reschedule(request: AuthenticatedRequest, space: PairSpace, session_id: int) -> HttpResponse:
    """Propose another time for a partner's proposal, or move a booked session."""
    session = get_space_session(space, session_id)
    booked = session.status == SessionStatus.BOOKED
    form = SessionMoveForm(
        request.POST if request.method == "POST" else None,
        zone=zone_of(space.me),
        reason_required=booked,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["when"] is not None:
            when, reason = form.cleaned_data["when"], form.cleaned_data["reason"]
            try:
                if booked:
                    session_reschedule(
                        session=session, actor=space.me, starts_at=when, reason=reason
                    )
                else:
                    session_counter_propose(
                        session=session, actor=space.me, starts_at=when, reason=reason
                    )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    "Moved. The updated invite is on its way to you both."
                    if booked
                    else f"Proposed. We have asked {first_name(space.partner)} to accept it.",
                )
                return _back(space.pair.pk)
        status = 400
    return render(
        request,
        "pairs/sessions_move.html",
        {
            "space": space,
            "pair": space.pair,
            "row": session_row(session, space, now=timezone.now()),
            "booked": booked,
            "form": form,
            "partner_first_name": first_name(space.partner),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@pair_page
def cancel(request: AuthenticatedRequest, space: PairSpace, session_id: int) -> HttpResponse:
    session = get_space_session(space, session_id)
    form = SessionCancelForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                session_cancel(session=session, actor=space.me, reason=form.cleaned_data["reason"])
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, f"Cancelled. We have let {first_name(space.partner)} know."
                )
                return _back(space.pair.pk)
        status = 400
    return render(
        request,
        "pairs/sessions_cancel.html",
        {
            "space": space,
            "pair": space.pair,
            "row": session_row(session, space, now=timezone.now()),
            "form": form,
            "partner_first_name": first_name(space.partner),
        },
        status=status,
    )


@require_POST
@pair_page
def held(request: AuthenticatedRequest, space: PairSpace, session_id: int) -> HttpResponse:
    session = get_space_session(space, session_id)
    try:
        session_mark_held(session=session, actor=space.me)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Marked as held. Thank you: this keeps your rhythm visible.")
    return _back(space.pair.pk)


def _ics(content: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{ICS_MIMETYPE}; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@pair_page
def ics(request: AuthenticatedRequest, space: PairSpace, session_id: int) -> HttpResponse:
    session = get_space_session(space, session_id)
    return _ics(session_invite(session), session_filename(session), download=True)


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_feed_by_token(token)
    content = sessions_feed(feed_sessions(feed.user), name="Upward: my mentoring sessions")
    response = _ics(content, "upward-sessions.ics", download=False)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("regenerate", "revoke"):
            # Both kill the link calendars are subscribed to: confirm first.
            return redirect(f"pairs:calendar_{action}")
        if action != "create":
            return HttpResponse("Unknown action", status=400)
        calendar_feed_get_or_create(user=request.user)
        messages.success(request, "Your private calendar link is ready.")
        return redirect("pairs:calendar_settings")
    feed = live_feed_of(request.user)
    url = (
        absolute_url(reverse("pairs:calendar_feed", args=[feed.token])) if feed is not None else ""
    )
    return render(request, "pairs/sessions_calendar.html", {"feed": feed, "feed_url": url})


@require_http_methods(["GET", "POST"])
def calendar_revoke(request: AuthenticatedRequest) -> HttpResponse:
    def revoke(_data: dict[str, Any]) -> str:
        calendar_feed_revoke(user=request.user)
        return "Link revoked. Calendars subscribed to it stop updating."

    return _calendar_link_change(
        request,
        question="Revoke your private calendar link?",
        effects=[
            "It stops working at once: calendars subscribed to it stop updating, and the "
            "sessions you book from now on do not appear in them.",
            "You can make a new link later and subscribe to that one instead.",
        ],
        button="Revoke the link",
        act=revoke,
    )


@require_http_methods(["GET", "POST"])
def calendar_regenerate(request: AuthenticatedRequest) -> HttpResponse:
    def regenerate(_data: dict[str, Any]) -> str:
        calendar_feed_regenerate(user=request.user)
        return "New link made. The old one no longer works."

    return _calendar_link_change(
        request,
        question="Replace your private calendar link with a new one?",
        effects=[
            "The current link stops working at once: calendars subscribed to it stop updating.",
            "Subscribe to the new link in each of your calendars again.",
        ],
        button="Make a new link",
        act=regenerate,
    )


def _calendar_link_change(
    request: AuthenticatedRequest,
    *,
    question: str,
    effects: list[str],
    button: str,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    settings_page = reverse("pairs:calendar_settings")
    if live_feed_of(request.user) is None:
        messages.info(request, "You have no calendar link at the moment.")
        return redirect(settings_page)
    confirmation = Confirmation(
        title="Your calendar link",
        question=question,
        effects=effects,
        button=button,
        cancel_url=settings_page,
        crumbs=[("My calendar feed", settings_page)],
    )
    return confirm_then_act(request, confirmation, act=act, done_url=settings_page)
