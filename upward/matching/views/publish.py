"""Manager pages: publish a run, follow the answers, withdraw a proposal, re-match.

Programs come through get_managed_program, runs through get_run_to_publish
and pairs through get_pair_for_manager: each raises 404 for anything the user
does not manage. Managers see each person's answer and reason; participants
never see their partner's.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.matching.models import MatchRun
from upward.matching.services.publish import PublishResult, match_run_publish, publish_refusal
from upward.matching.services.rematch import rematch_publish, rematch_suggestions
from upward.pairs.forms import WithdrawForm
from upward.pairs.models import PairStatus
from upward.pairs.selectors import get_pair_for_manager, program_pairs
from upward.pairs.services import pair_withdraw
from upward.programs.selectors.access import get_managed_program, programs_managed_by


def get_run_to_publish(user: Any, run_id: int) -> MatchRun:
    try:
        return MatchRun.objects.select_related("program").get(
            pk=run_id, program__in=programs_managed_by(user)
        )
    except MatchRun.DoesNotExist:
        raise Http404("No such run") from None


def _report(request: HttpRequest, result: PublishResult, what: str) -> None:
    messages.success(
        request,
        f"{what}: {result.published} proposal{'s' if result.published != 1 else ''} sent. "
        "Each person has been asked, privately, whether they are comfortable.",
    )
    for mentor, mentee, why in result.skipped:
        names = f"{mentor} with {mentee}" if mentor else "One choice"
        messages.warning(request, f"{names} was not sent: {why}")


@require_http_methods(["GET", "POST"])
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_run_to_publish(request.user, run_id)
    error = publish_refusal(run)
    if request.method == "POST" and not error:
        try:
            result = match_run_publish(run_id=run.pk, actor=request.user)
        except ApplicationError as failure:
            error = failure.message
        else:
            _report(request, result, "Published")
            return redirect("matching:program_pairs", run.program_id)
    proposals = run.proposals.select_related("mentor__person", "mentee__person").order_by(
        "mentee__person__name"
    )
    return render(
        request,
        "matching/publish_confirm.html",
        {"program": run.program, "run": run, "proposals": proposals, "error": error},
        status=400 if error and request.method == "POST" else 200,
    )


@require_GET
def pairs_dashboard(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    pairs = list(program_pairs(program))
    counts = dict.fromkeys(PairStatus.values, 0)
    for pair in pairs:
        counts[pair.status] += 1
    return render(
        request,
        "matching/publish_pairs.html",
        {
            "program": program,
            "pairs": pairs,
            "counts": counts,
            "statuses": PairStatus,
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = get_pair_for_manager(request.user, pair_id)
    pairs_page = reverse("matching:program_pairs", args=[pair.program_id])
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
        context={"program": pair.program},
    )


@require_http_methods(["GET", "POST"])
def rematch(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    if request.method == "POST":
        choices: dict[int, int] = {}
        for key in request.POST:
            value = request.POST.get(key, "")
            if key.startswith("mentee-") and value:
                try:
                    choices[int(key.removeprefix("mentee-"))] = int(value)
                except ValueError:
                    continue
        if not choices:
            messages.error(request, "Choose at least one mentor to propose.")
        else:
            try:
                result = rematch_publish(program=program, actor=request.user, choices=choices)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                _report(request, result, "Re-match published")
                return redirect("matching:program_pairs", program.pk)
    return render(
        request,
        "matching/publish_rematch.html",
        {"program": program, "options": rematch_suggestions(program=program)},
    )


urlpatterns: list[URLPattern] = [
    path("runs/<int:run_id>/publish/", run_publish, name="run_publish"),
    path("programs/<int:program_id>/pairs/", pairs_dashboard, name="program_pairs"),
    path("programs/<int:program_id>/rematch/", rematch, name="rematch"),
    path("pairs/<int:pair_id>/withdraw/", withdraw, name="pair_withdraw"),
]
