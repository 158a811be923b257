"""Self-service: a mentee picks a mentor among their best suggestions, with the reasons.

The registration comes through get_own_registration (404 for anyone else's).
The pick becomes a proposal that the mentor answers privately, on the pairs
app's proposal page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.errors import ApplicationError
from upward.matching.services.self_service import (
    self_service_refusal,
    self_service_request,
    self_service_suggestions,
)
from upward.pairs.selectors import participant_reasons
from upward.programs.selectors.access import get_own_registration


@require_http_methods(["GET", "POST"])
def suggestions(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    error = ""
    if request.method == "POST":
        mentor = request.POST.get("mentor", "")
        if not mentor.isdigit():
            error = "Choose one of the mentors below."
        else:
            try:
                pair = self_service_request(
                    registration=registration, mentor_id=int(mentor), actor=request.user
                )
            except ApplicationError as failure:
                error = failure.message
            else:
                messages.success(
                    request,
                    f"We have asked {pair.mentor.person.name}. We'll let you know once they "
                    "have answered.",
                )
                return redirect("pairs:proposal", pair.pk)
    picks = self_service_suggestions(registration=registration)
    return render(
        request,
        "matching/self_service_suggestions.html",
        {
            "registration": registration,
            "program": registration.program,
            "refusal": self_service_refusal(registration),
            "suggestions": [(s, participant_reasons(list(s.reasons))) for s in picks],
            "error": error,
        },
        status=400 if error else 200,
    )
