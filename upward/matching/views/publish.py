"""Manager pages: publish a run, and re-match people left without a partner.

Both are `manager_page`s (404 unless the user manages the program); the run is
fetched through a selector scoped by that program. Publishing and re-matching
call pairs' `pair_propose` for each pair; the answers are then followed on the
pairs app's "Pairs and answers" page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.errors import ApplicationError
from upward.core.text import count_of
from upward.matching.forms import RematchForm
from upward.matching.selectors.runs import get_program_run, run_proposals_by_mentee
from upward.matching.services.publish import PublishResult, match_run_publish, publish_refusal
from upward.matching.services.rematch import rematch_publish, rematch_suggestions
from upward.programs.guards import manager_page
from upward.programs.models import Program


def _report(request: AuthenticatedRequest, result: PublishResult, what: str) -> None:
    messages.success(
        request,
        f"{what}: {count_of(result.published, 'proposal')} sent. "
        "Each person has been asked, privately, whether they are comfortable.",
    )
    for mentor, mentee, why in result.skipped:
        names = f"{mentor} with {mentee}" if mentor else "One choice"
        messages.warning(request, f"{names} was not sent: {why}")


@require_http_methods(["GET", "POST"])
@manager_page
def run_publish(request: AuthenticatedRequest, program: Program, run_id: int) -> HttpResponse:
    run = get_program_run(program, run_id)
    error = publish_refusal(run)
    if request.method == "POST" and not error:
        try:
            result = match_run_publish(run_id=run.pk, actor=request.user)
        except ApplicationError as failure:
            error = failure.message
        else:
            _report(request, result, "Published")
            return redirect("pairs:program_pairs", program.pk)
    return render(
        request,
        "matching/publish_confirm.html",
        {
            "program": program,
            "run": run,
            "proposals": run_proposals_by_mentee(run),
            "error": error,
        },
        status=400 if error and request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@manager_page
def rematch(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form = RematchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        choices = form.choices()
        if not choices:
            messages.error(request, "Choose at least one mentor to propose.")
        else:
            try:
                result = rematch_publish(program=program, actor=request.user, choices=choices)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                _report(request, result, "Re-match published")
                return redirect("pairs:program_pairs", program.pk)
    return render(
        request,
        "matching/publish_rematch.html",
        {"program": program, "options": rematch_suggestions(program=program)},
    )
