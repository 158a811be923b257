"""The private double opt-in: a participant's proposals and answer, and the managers' view.

A participant reaches a proposal only through get_pair_for_user (404 unless
they are its mentor or mentee) and sees it only through `participant_pair`,
which decides what that person may know. Managers enter through the program
guard and read each person's answer and reason; participants never read their
partner's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.pairs.forms import AnswerForm, WithdrawForm
from upward.pairs.models import PairStatus
from upward.pairs.selectors import (
    ViewState,
    get_pair_for_user,
    get_program_pair,
    pair_status_counts,
    pairs_for_participant,
    participant_pair,
    program_pairs,
)
from upward.pairs.services import pair_answer, pair_withdraw
from upward.programs.guards import manager_page
from upward.programs.models import Program
from upward.programs.selectors.registration import registration_skill_names

PAIRS_PAGE_SIZE = 100


@require_GET
def my_proposals(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "pairs/proposals_list.html", {"views": pairs_for_participant(request.user)}
    )


@require_http_methods(["GET", "POST"])
def proposal(request: AuthenticatedRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for_user(request.user, pair_id)
    view = participant_pair(pair, request.user)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pair_answer(
                    pair_id=pair.pk,
                    actor=view.me,
                    comfortable=form.comfortable,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Thank you. Your answer is recorded.")
                return redirect("pairs:proposal", pair.pk)
        status = 400
    return render(
        request,
        "pairs/proposal.html",
        {
            "view": view,
            "form": form,
            "partner_skills": registration_skill_names(view.partner) if view.shows_partner else [],
            "states": ViewState,
        },
        status=status,
    )


@require_GET
@manager_page
def program_pairs_page(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    # One page at a time: a program of 2,000 people has 1,000 pairs (half a megabyte at once).
    page = Paginator(program_pairs(program), PAIRS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pairs/program_pairs.html",
        {
            "program": program,
            "page": page,
            "counts": pair_status_counts(program),
            "statuses": PairStatus,
        },
    )


@require_http_methods(["GET", "POST"])
@manager_page
def withdraw(request: AuthenticatedRequest, program: Program, pair_id: int) -> HttpResponse:
    pair = get_program_pair(program, pair_id)
    pairs_page = reverse("pairs:program_pairs", args=[program.pk])
    mentor, mentee = pair.mentor.person.name, pair.mentee.person.name

    def take_back(data: dict[str, Any]) -> str:
        pair_withdraw(pair_id=pair.pk, actor=request.user, reason=data["reason"])
        return (
            f"Withdrew the proposal of {mentor} with {mentee}. "
            "Re-match them from the re-matching page."
        )

    confirmation = Confirmation(
        title="Withdraw a proposal",
        question=f"Withdraw the proposal of {mentor} (mentor) with {mentee} (mentee)?",
        effects=[
            "Neither of them can answer it any more. To both it reads like any other closed "
            "proposal: “we are finding the best fit for you”.",
            "These two are never proposed to each other again.",
            "You can then find each of them a new partner from the re-matching page.",
        ],
        button="Withdraw the proposal",
        cancel_url=pairs_page,
        form=WithdrawForm(request.POST if request.method == "POST" else None),
    )
    return confirm_then_act(
        request,
        confirmation,
        act=take_back,
        done_url=pairs_page,
        template="programs/confirm.html",
        context={"program": program},
    )
