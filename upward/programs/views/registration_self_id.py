"""Optional self-identification, from the participant's own registration page only.

Reached through get_own_registration: nobody but the participant ever sees
these answers on a page, managers and administrators included.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.programs.forms.registration import SELF_ID_PREFIX, SelfIdentificationForm
from upward.programs.models import Registration, RegistrationStatus
from upward.programs.selectors.access import get_own_registration
from upward.programs.selectors.registration import own_self_identification
from upward.programs.self_identification import PURPOSE_STATEMENT
from upward.programs.services.registration import (
    self_identification_give,
    self_identification_withdraw,
)


def _own_live_registration(request: AuthenticatedRequest, registration_id: int) -> Registration:
    registration = get_own_registration(request.user, registration_id)
    if (
        registration.status != RegistrationStatus.REGISTERED
        or not registration.program.has_inclusion_objective
    ):
        raise Http404("No self-identification here")
    return registration


@require_http_methods(["GET", "POST"])
def self_identification_edit(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = _own_live_registration(request, registration_id)
    current = own_self_identification(registration)
    initial = (
        {f"{SELF_ID_PREFIX}{key}": value for key, value in current.answers.items()}
        if current
        else {}
    )
    form = SelfIdentificationForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            stored = self_identification_give(
                registration=registration, answers=form.answers(), actor=request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Thank you: your answers are saved."
                if stored
                else "You left every question blank, so nothing is stored.",
            )
            return redirect("programs:my_registration", registration.pk)
    return render(
        request,
        "programs/registration_self_identification.html",
        {
            "registration": registration,
            "program": registration.program,
            "form": form,
            "current": current,
            "purpose": PURPOSE_STATEMENT,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def self_identification_withdraw_view(
    request: AuthenticatedRequest, registration_id: int
) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    mine = reverse("programs:my_registration", args=[registration.pk])
    if own_self_identification(registration) is None:
        messages.info(request, "There were no self-identification answers to delete.")
        return redirect(mine)

    def withdraw(_data: dict[str, Any]) -> str:
        self_identification_withdraw(registration=registration, actor=request.user)
        return "Your self-identification answers have been deleted."

    program = registration.program
    confirmation = Confirmation(
        title="Withdraw your answers",
        question=f"Withdraw and delete your self-identification answers for {program.name}?",
        effects=[
            "Your answers are deleted straight away, not hidden: nobody can bring them back.",
            "Your registration stays as it is.",
            "You can share answers again later from your registration page, if you wish.",
        ],
        button="Withdraw and delete my answers",
        cancel_url=mine,
        crumbs=[("My programs", reverse("home:my_programs")), (program.name, mine)],
    )
    return confirm_then_act(request, confirmation, act=withdraw, done_url=mine)
