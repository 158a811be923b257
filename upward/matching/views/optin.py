"""Participant pages: my proposals, one proposal with the private answer, self-service picks.

Every pair is fetched with get_pair_for_user (404 unless the user is its
mentor or mentee) and shown through participant_pair, which decides what that
person may know; registrations through get_own_registration.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from upward.core.errors import ApplicationError
from upward.matching.services.self_service import (
    self_service_refusal,
    self_service_request,
    self_service_suggestions,
)
from upward.pairs.forms import AnswerForm
from upward.pairs.selectors import (
    ViewState,
    get_pair_for_user,
    pairs_for_participant,
    participant_pair,
    participant_reasons,
)
from upward.pairs.services import pair_answer
from upward.programs.models import RegistrationSkill
from upward.programs.selectors.access import get_own_registration


@require_GET
def my_proposals(request: HttpRequest) -> HttpResponse:
    return render(
        request, "matching/optin_list.html", {"views": pairs_for_participant(request.user)}
    )


@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for_user(request.user, pair_id)
    view = participant_pair(pair, request.user)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pair_answer(
                    pair_id=pair.pk,
                    user=request.user,
                    comfortable=form.comfortable,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Thank you. Your answer is recorded.")
                return redirect("matching:proposal", pair.pk)
        status = 400
    skills = []
    if view.shows_partner:
        skills = [
            link.skill.name
            for link in RegistrationSkill.objects.filter(registration=view.partner)
            .select_related("skill")
            .order_by("priority", "id")
        ]
    return render(
        request,
        "matching/optin_proposal.html",
        {"view": view, "form": form, "partner_skills": skills, "states": ViewState},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def suggestions(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    error = ""
    if request.method == "POST":
        try:
            mentor_id = int(request.POST.get("mentor", ""))
        except ValueError:
            error = "Choose one of the mentors below."
        else:
            try:
                pair = self_service_request(
                    registration=registration, mentor_id=mentor_id, user=request.user
                )
            except ApplicationError as failure:
                error = failure.message
            else:
                messages.success(
                    request,
                    f"We have asked {pair.mentor.person.name}. We'll let you know once they "
                    "have answered.",
                )
                return redirect("matching:proposal", pair.pk)
    picks = self_service_suggestions(registration=registration)
    return render(
        request,
        "matching/optin_suggestions.html",
        {
            "registration": registration,
            "program": registration.program,
            "refusal": self_service_refusal(registration),
            "suggestions": [(s, participant_reasons(list(s.reasons))) for s in picks],
            "error": error,
        },
        status=400 if error else 200,
    )


urlpatterns: list[URLPattern] = [
    path("proposals/", my_proposals, name="my_proposals"),
    path("proposals/<int:pair_id>/", proposal, name="proposal"),
    path("registrations/<int:registration_id>/suggestions/", suggestions, name="suggestions"),
]
