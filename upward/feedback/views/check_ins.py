"""Check-in pages: the private form in the pair's space, and the one-tap link from the email.

The one-tap link is the only page here open without signing in: its signed,
single-use token is the credential for that one answer. Its GET never writes
(mail scanners open links): it shows the answer and sends it with a POST, at
once in a browser that runs scripts, or on a button press.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.errors import ApplicationError
from upward.feedback.forms import CheckInForm
from upward.feedback.models import TookPlace
from upward.feedback.selectors.check_ins import get_own_check_in
from upward.feedback.services.check_ins import (
    TapError,
    check_in_answer,
    check_in_for_tap,
    check_in_tap,
)
from upward.pairs.guards import pair_page
from upward.pairs.selectors.space import PairSpace

ANSWER_LABELS = dict(TookPlace.choices)


@require_http_methods(["GET", "POST"])
@pair_page
def check_in(request: AuthenticatedRequest, space: PairSpace, check_in_id: int) -> HttpResponse:
    found = get_own_check_in(space, check_in_id)
    initial = {
        "took_place": found.took_place,
        "usefulness": found.usefulness,
        "fit": found.fit,
        "comment": found.comment,
        "share_comment": found.share_comment,
    }
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        asks_fit=found.asks_fit,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_in_answer(
                check_in=found,
                actor=space.me,
                took_place=data["took_place"],
                usefulness=data.get("usefulness"),
                fit=data.get("fit"),
                comment=data["comment"],
                share_comment=data["share_comment"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Thank you. Your partner never sees your answers; the program team sees the "
                "ratings, and your comment only if you ticked the box.",
            )
            return redirect("pairs:detail", space.pair.pk)
    return render(
        request,
        "feedback/check_in.html",
        {
            "space": space,
            "pair": space.pair,
            "check_in": found,
            "form": form,
            "closed": timezone.now() > found.expires_at,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_not_required
def check_in_tap_view(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        try:
            found, answer = check_in_for_tap(token=token)
        except TapError as error:
            return render(
                request, "feedback/check_in_tap.html", {"error": error.message}, status=410
            )
        return render(
            request,
            "feedback/check_in_tap.html",
            {"answer_label": ANSWER_LABELS[answer], "check_in": found},
        )
    try:
        recorded = check_in_tap(token=token)
    except TapError as error:
        return render(request, "feedback/check_in_tap.html", {"error": error.message}, status=410)
    except ApplicationError as error:  # e.g. the session changed since the email
        return render(request, "feedback/check_in_tap.html", {"error": error.message}, status=409)
    messages.success(
        request, "Thank you: your answer is recorded. Add a word on how useful it was, if you like."
    )
    # Signed in, or sent to sign in first: the rest of the form needs a login.
    return redirect(reverse("feedback:check_in", args=[recorded.pair_id, recorded.pk]))
