"""Moving a program through its lifecycle: the overview's buttons and what they post to.

Moves that can be undone happen on the click; the two with no way back (starting
and closing) go through a confirmation page that says what stops.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.programs.guards import manager_page
from upward.programs.models import Program, ProgramStatus
from upward.programs.selectors.setup import allowed_transitions
from upward.programs.services.setup import program_transition, transition_refusal

# What the button for moving to each status says; backward moves look secondary.
TRANSITION_BUTTONS = {
    ProgramStatus.DRAFT: ("Back to draft", True),
    ProgramStatus.RECRUITING: ("Open recruiting", False),
    ProgramStatus.MATCHING: ("Close registration and match", False),
    ProgramStatus.RUNNING: ("Start the program", False),
    ProgramStatus.CLOSED: ("Close the program", False),
}
BACK_TO_RECRUITING = ("Back to recruiting", True)
# The moves with no way back go through a confirmation page that says what stops.
ONE_WAY_MOVES = {
    ProgramStatus.RUNNING: (
        "Start",
        [
            "It cannot go back to matching: no new match runs, and no run can be published.",
            "Registration stays closed.",
            "Proposals already sent can still be answered, and people left without a "
            "partner can still be re-matched.",
        ],
    ),
    ProgramStatus.CLOSED: (
        "Close",
        [
            "It cannot be reopened.",
            "Its settings, dates, KPIs, eligibility, agenda templates, guides and questions "
            "can no longer be changed.",
            "No new pairs can be proposed: re-matching and mentees' own choices stop.",
            "Live pairs are not closed, and proposals already sent can still be answered: "
            "close each pair from its page when it is done.",
            "Its records stay for reporting.",
        ],
    ),
}


def transition_buttons(program: Program) -> list[tuple[ProgramStatus, str, bool, bool]]:
    """(status, label, secondary, one_way) for each move the program may make next."""
    buttons = []
    for status in allowed_transitions(program):
        label, secondary = (
            BACK_TO_RECRUITING
            if status == ProgramStatus.RECRUITING and program.status != ProgramStatus.DRAFT
            else TRANSITION_BUTTONS[status]
        )
        buttons.append((status, label, secondary, status in ONE_WAY_MOVES))
    return buttons


@require_POST
@manager_page
def program_status(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    to_status = request.POST.get("status", "")
    if to_status in ONE_WAY_MOVES:
        return redirect("programs:transition_confirm", program.pk, to_status)
    try:
        program = program_transition(actor=request.user, program=program, to_status=to_status)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The program is now {program.get_status_display().lower()}.")
    return redirect("programs:overview", program.pk)


@require_http_methods(["GET", "POST"])
@manager_page
def program_status_confirm(
    request: AuthenticatedRequest, program: Program, status: str
) -> HttpResponse:
    if status not in ONE_WAY_MOVES:
        raise Http404("No confirmation for this status")
    refusal = transition_refusal(program, status)
    if refusal and request.method == "GET":
        messages.error(request, refusal)
        return redirect("programs:overview", program.pk)

    def move(_data: dict[str, Any]) -> str:
        moved = program_transition(actor=request.user, program=program, to_status=status)
        return f"The program is now {moved.get_status_display().lower()}."

    verb, effects = ONE_WAY_MOVES[ProgramStatus(status)]
    overview = reverse("programs:overview", args=[program.pk])
    confirmation = Confirmation(
        title=f"{verb} the program",
        question=f"{verb} “{program.name}”?",
        effects=effects,
        button=TRANSITION_BUTTONS[ProgramStatus(status)][0],
        cancel_url=overview,
    )
    return confirm_then_act(
        request,
        confirmation,
        act=move,
        done_url=overview,
        template="programs/confirm.html",
        context={"program": program},
    )
