"""The monitoring board of a program, its actions, and who handles its concerns.

Every page is a `manager_page` (404 unless the user manages the program); pairs
are fetched through selectors scoped by that program. The board shows health,
sessions and ratings; never a comment unless its author shared it, and never a
concern to anyone who does not handle it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core.csv import csv_download
from upward.core.errors import ApplicationError
from upward.feedback.forms import (
    BoardFilterForm,
    ConcernContactsForm,
    ManagerMessageForm,
    NudgeForm,
)
from upward.feedback.health.score import AT_RISK_BELOW, ON_TRACK_FROM, TOO_EARLY_DAYS, WEIGHTS
from upward.feedback.selectors.board import (
    board_departments,
    board_pairs,
    board_rows,
    handled_health,
    state_counts,
)
from upward.feedback.selectors.concerns import concern_contacts, contact_candidates
from upward.feedback.selectors.nudges import pair_nudges, shared_comments
from upward.feedback.services.concerns import concern_contacts_set
from upward.feedback.services.nudges import nudge_send, pair_message_to_both
from upward.pairs.models import Pair
from upward.pairs.selectors import get_program_pair
from upward.programs.guards import manager_page
from upward.programs.models import Program

PAGE_SIZE = 50


def _filters(
    request: AuthenticatedRequest, program: Program
) -> tuple[BoardFilterForm, str, int | None]:
    form = BoardFilterForm(request.GET or None, departments=board_departments(program))
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["state"], form.cleaned_data["department"]
    return form, "", None


@require_GET
@manager_page
def board(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form, state, department = _filters(request, program)
    handled = handled_health(program, request.user)
    page = Paginator(
        board_pairs(program, state=state, department_id=department, handled=handled), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/board.html",
        {
            "program": program,
            "form": form,
            "page": page,
            "rows": board_rows(list(page.object_list), viewer=request.user),
            "counts": state_counts(program, handled),
            "query": request.GET.urlencode(),
            "weights": WEIGHTS,
            "at_risk_below": AT_RISK_BELOW,
            "on_track_from": ON_TRACK_FROM,
            "too_early_days": TOO_EARLY_DAYS,
        },
    )


@require_GET
@manager_page
def board_csv(request: AuthenticatedRequest, program: Program) -> StreamingHttpResponse:
    _form, state, department = _filters(request, program)
    handled = handled_health(program, request.user)
    pairs = board_pairs(program, state=state, department_id=department, handled=handled)

    def rows() -> Iterator[list[object]]:
        for start in range(0, pairs.count(), 500):
            for row in board_rows(list(pairs[start : start + 500]), viewer=request.user):
                yield [
                    row.pair.mentor.person.name,
                    row.pair.mentee.person.name,
                    row.state_label,
                    row.score if row.score is not None else "",
                    "; ".join(row.reasons),
                    row.held,
                    row.expected,
                    row.last_session_at.date().isoformat() if row.last_session_at else "",
                    row.next_session_at.date().isoformat() if row.next_session_at else "",
                    row.ratings["mentor"]["usefulness"],
                    row.ratings["mentee"]["usefulness"],
                    row.ratings["mentor"]["fit"],
                    row.ratings["mentee"]["fit"],
                    "; ".join(row.open_actions),
                    row.last_nudge_at.date().isoformat() if row.last_nudge_at else "",
                ]

    header = [
        "Mentor",
        "Mentee",
        "State",
        "Score",
        "Reasons",
        "Sessions held",
        "Sessions expected",
        "Last session",
        "Next session",
        "Mentor: usefulness",
        "Mentee: usefulness",
        "Mentor: fit",
        "Mentee: fit",
        "Open actions",
        "Last nudge",
    ]
    return csv_download(f"pairs-{program.slug}.csv", header, rows())


@require_GET
@manager_page
def pair_followup(request: AuthenticatedRequest, program: Program, pair_id: int) -> HttpResponse:
    """One pair's health in full, its nudges and shared comments, and the actions."""
    pair = get_program_pair(program, pair_id, space_only=True)
    return _followup(request, program, pair, message_form=ManagerMessageForm())


def _followup(
    request: AuthenticatedRequest, program: Program, pair: Pair, *, message_form: ManagerMessageForm
) -> HttpResponse:
    live = board_pairs(program).filter(pk=pair.pk)
    rows = board_rows(list(live), viewer=request.user)
    return render(
        request,
        "feedback/pair_followup.html",
        {
            "program": program,
            "pair": pair,
            "row": rows[0] if rows else None,
            "nudges": pair_nudges(pair),
            "comments": shared_comments(pair),
            "nudge_form": NudgeForm(),
            "message_form": message_form,
        },
        status=400 if message_form.is_bound and message_form.errors else 200,
    )


@require_POST
@manager_page
def nudge(request: AuthenticatedRequest, program: Program, pair_id: int) -> HttpResponse:
    pair = get_program_pair(program, pair_id, space_only=True)
    form = NudgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep your line under 2,000 characters.")
        return redirect("feedback:pair_followup", program.pk, pair.pk)
    try:
        nudge_send(pair=pair, actor=request.user, note=form.cleaned_data["note"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Nudged: {pair.mentor.person.name} and {pair.mentee.person.name} are reminded.",
        )
    if request.POST.get("next") == "board":
        return redirect("feedback:board", program.pk)
    return redirect("feedback:pair_followup", program.pk, pair.pk)


@require_POST
@manager_page
def message_both(request: AuthenticatedRequest, program: Program, pair_id: int) -> HttpResponse:
    pair = get_program_pair(program, pair_id, space_only=True)
    form = ManagerMessageForm(request.POST)
    if form.is_valid():
        try:
            pair_message_to_both(pair=pair, actor=request.user, text=form.cleaned_data["text"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Sent to both by email.")
            return redirect("feedback:pair_followup", program.pk, pair.pk)
    return _followup(request, program, pair, message_form=form)


@require_http_methods(["GET", "POST"])
@manager_page
def contacts(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    candidates = contact_candidates()
    current = concern_contacts(program)
    form = ConcernContactsForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        initial={"users": current},
    )
    if request.method == "POST" and form.is_valid():
        chosen = concern_contacts_set(
            program=program, actor=request.user, users=form.cleaned_data["users"]
        )
        messages.success(
            request,
            "Saved. New concerns go to the people you chose."
            if chosen
            else "Saved. New concerns go to the program's managers.",
        )
        return redirect("feedback:contacts", program.pk)
    return render(
        request,
        "feedback/contacts.html",
        {"program": program, "form": form, "current": current},
        status=400 if form.is_bound and form.errors else 200,
    )
