"""Match runs for program managers: settings, preview runs, adjustments, comparison.

Every view is a `manager_page` (404 unless the user manages the program); runs
and pins are then fetched through selectors scoped by that program.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.matching.forms import (
    AssignForm,
    AssignSearchForm,
    ForbidForm,
    MatchSettingsForm,
    ProposalForm,
    RunForm,
    SwapForm,
)
from upward.matching.models import ConstraintKind, MatchRun, PairConstraint, RunStatus
from upward.matching.selectors.runs import (
    assign_candidates,
    compare_runs,
    constraint_list,
    find_constraint,
    finished_runs,
    get_program_run,
    program_constraints,
    run_has_proposal,
    run_proposals,
    run_unmatched,
    runs_for_program,
)
from upward.matching.services import adjust
from upward.matching.services.match_settings import (
    RULES,
    WEIGHTS,
    match_settings_for,
    match_settings_update,
)
from upward.matching.services.runs import match_run_start
from upward.programs.guards import manager_page
from upward.programs.models import Program

PAGE_SIZE = 100
CRITERIA_LABELS = {item.key: item.label for item in WEIGHTS}
# The opt-in side adds its publish panel to the run page by creating this template.


@require_http_methods(["GET", "POST"])
@manager_page
def match_settings(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    current = match_settings_for(program)
    form = MatchSettingsForm(request.POST or None, initial=MatchSettingsForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            match_settings_update(actor=request.user, program=program, **form.settings())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Matching settings saved. Run a preview to see the effect.")
            return redirect("matching:runs", program.pk)
    return render(
        request,
        "matching/settings_form.html",
        {"program": program, "form": form, "saved": current.pk is not None},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@manager_page
def run_list(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    return render(
        request,
        "matching/runs_list.html",
        {
            "program": program,
            "runs": list(runs_for_program(program)),
            "form": RunForm(),
            "constraints": list(constraint_list(program)),
        },
    )


@require_POST
@manager_page
def run_new(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The run's name is too long.")
        return redirect("matching:runs", program.pk)
    try:
        run = match_run_start(actor=request.user, program=program, label=form.cleaned_data["label"])
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("matching:runs", program.pk)
    return redirect("matching:run_detail", program.pk, run.pk)


def _histogram(run: MatchRun) -> dict[str, Any]:
    bins = run.summary.get("histogram") or []
    width = 100 // max(1, len(bins))
    labels = [f"{k * width} to {(k + 1) * width}" for k in range(len(bins))]
    return {
        "labels": labels,
        "values": bins,
        "rows": list(zip(labels, bins, strict=True)),
        "label": "Pairs",
        "x": "Score",
        "y": "Pairs",
    }


def _rows(page_items: list[Any], constraints: dict[tuple[int, int], str]) -> list[dict[str, Any]]:
    rows = []
    for p in page_items:
        parts = [
            {"key": key, "label": CRITERIA_LABELS.get(key, key.title()), "points": value}
            for key, value in p.contributions.items()
            if value > 0
        ]
        x = 0.0
        for part in parts:
            part["x"] = x
            x += part["points"]
        rows.append(
            {"p": p, "parts": parts, "constraint": constraints.get((p.mentor_id, p.mentee_id))}
        )
    return rows


@require_GET
@manager_page
def run_detail(request: AuthenticatedRequest, program: Program, run_id: int) -> HttpResponse:
    run = get_program_run(program, run_id)
    program = run.program
    context: dict[str, Any] = {"program": program, "run": run}
    if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        return render(request, "matching/runs_detail.html", context)
    page = Paginator(run_proposals(run), PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        page=page,
        rows=_rows(list(page.object_list), program_constraints(program)),
        unmatched=list(run_unmatched(run)),
        histogram=_histogram(run),
        assign_search=AssignSearchForm(),
        editable=run.status == RunStatus.DONE,
        other_runs=[r for r in runs_for_program(program) if r.pk != run.pk][:20],
        criteria=[(c, CRITERIA_LABELS.get(c, c)) for c in run.summary.get("criteria", [])],
    )
    return render(request, "matching/runs_detail.html", context)


@require_GET
@manager_page
def run_progress(request: AuthenticatedRequest, program: Program, run_id: int) -> HttpResponse:
    """The progress fragment the run page polls; when done, htmx reloads the whole page."""
    run = get_program_run(program, run_id)
    response = render(request, "matching/runs_progress.html", {"program": run.program, "run": run})
    if (
        run.status not in (RunStatus.QUEUED, RunStatus.RUNNING)
        and request.headers.get("HX-Request") == "true"
    ):
        response["HX-Refresh"] = "true"
    return response


def _back(run: MatchRun, request: AuthenticatedRequest) -> HttpResponse:
    url = reverse("matching:run_detail", args=[run.program_id, run.pk])
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@require_POST
@manager_page
def run_swap(request: AuthenticatedRequest, program: Program, run_id: int) -> HttpResponse:
    run = get_program_run(program, run_id)
    ids = [int(x) for x in request.POST.getlist("proposal") if x.isdigit()]
    form = SwapForm(request.POST, proposal_ids=ids)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(run, request)
    first, second = form.cleaned_data["proposal"]
    try:
        adjust.proposal_swap(
            actor=request.user,
            run=run,
            first_id=first,
            second_id=second,
            override_reason=form.cleaned_data["override_reason"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Mentors swapped. Both new pairs are pinned for later runs.")
    return _back(run, request)


ASSIGN_RESULTS_TARGET = "assign-results"


@require_http_methods(["GET", "POST"])
@manager_page
def run_assign(request: AuthenticatedRequest, program: Program, run_id: int) -> HttpResponse:
    """Assign by hand: search each side by name (htmx or a plain GET), then pick and pair.

    The run page never lists every participant: a name search returns a
    bounded list, so the page stays the same size for 20 or 20,000 people.
    """
    run = get_program_run(program, run_id)
    if run.status != RunStatus.DONE:
        messages.error(request, "Only a finished run that is not published can be adjusted.")
        return redirect("matching:run_detail", run.program_id, run.pk)
    search = AssignSearchForm(request.POST if request.method == "POST" else request.GET)
    form = AssignForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                adjust.proposal_assign(
                    actor=request.user,
                    run=run,
                    mentor_id=form.cleaned_data["mentor"],
                    mentee_id=form.cleaned_data["mentee"],
                    override_reason=form.cleaned_data["override_reason"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Pair assigned by hand and pinned for later runs.")
                return redirect("matching:run_detail", run.program_id, run.pk)
        status = 400
    terms = search.cleaned_data if search.is_valid() else {"mentor_q": "", "mentee_q": ""}
    context = {
        "program": run.program,
        "run": run,
        "search": search,
        "form": form,
        "mentors": assign_candidates(run.program, role="mentor", query=terms["mentor_q"]),
        "mentees": assign_candidates(run.program, role="mentee", query=terms["mentee_q"]),
        "results_target": ASSIGN_RESULTS_TARGET,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == ASSIGN_RESULTS_TARGET and request.method == "GET":
        response = render(request, "matching/_assign_results.html", context)
    else:
        response = render(request, "matching/runs_assign.html", context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@require_POST
@manager_page
def run_pin(request: AuthenticatedRequest, program: Program, run_id: int) -> HttpResponse:
    run = get_program_run(program, run_id)
    form = ProposalForm(request.POST)
    if form.is_valid() and run_has_proposal(run, form.cleaned_data["proposal"]):
        try:
            adjust.proposal_pin(
                actor=request.user, run=run, proposal_id=form.cleaned_data["proposal"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Pair pinned: every later run keeps it.")
    else:
        messages.error(request, "That pair is not part of this run.")
    return _back(run, request)


@require_POST
@manager_page
def run_forbid(request: AuthenticatedRequest, program: Program, run_id: int) -> HttpResponse:
    run = get_program_run(program, run_id)
    form = ForbidForm(request.POST)
    if form.is_valid() and run_has_proposal(run, form.cleaned_data["proposal"]):
        try:
            adjust.proposal_forbid(
                actor=request.user,
                run=run,
                proposal_id=form.cleaned_data["proposal"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Pair forbidden: no later run will propose it.")
    else:
        messages.error(request, "That pair is not part of this run.")
    return _back(run, request)


@require_http_methods(["GET", "POST"])
@manager_page
def constraint_remove(
    request: AuthenticatedRequest, program: Program, constraint_id: int
) -> HttpResponse:
    constraint = find_constraint(program, constraint_id)
    runs_page = reverse("matching:runs", args=[program.pk])
    pin = constraint.kind == ConstraintKind.PIN
    noun = "pin" if pin else "forbid"

    def remove(_data: dict[str, Any]) -> str:
        adjust.pair_constraint_remove(actor=request.user, constraint=constraint)
        return f"{noun.capitalize()} removed."

    confirmation = Confirmation(
        title=f"Remove a {noun}",
        question=f"Remove the {noun} of {constraint.mentor.person.name} (mentor) with "
        f"{constraint.mentee.person.name} (mentee)?",
        effects=_constraint_effects(constraint, pin=pin),
        button=f"Remove the {noun}",
        cancel_url=runs_page,
    )
    return confirm_then_act(
        request,
        confirmation,
        act=remove,
        done_url=runs_page,
        template="programs/confirm.html",
        context={"program": program},
    )


def _constraint_effects(constraint: PairConstraint, *, pin: bool) -> list[str]:
    effects = [
        "Later runs no longer keep these two together: they may pair them differently."
        if pin
        else "Later runs may propose these two to each other again.",
        "Runs already made stay as they are.",
    ]
    if constraint.override_reason:
        effects.append(
            f"The rule override goes with it ({'; '.join(constraint.rule_violations)}; your "
            f"reason: “{constraint.override_reason}”): pinning them again asks for a reason again."
        )
    elif constraint.reason:
        effects.append(f"Its note (“{constraint.reason}”) is deleted with it.")
    return effects


@require_GET
@manager_page
def run_compare(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    runs = list(finished_runs(program))
    by_id = {str(r.pk): r for r in runs}
    a = by_id.get(request.GET.get("a", "")) or (runs[1] if len(runs) > 1 else None)
    b = by_id.get(request.GET.get("b", "")) or (runs[0] if runs else None)
    context: dict[str, Any] = {"program": program, "runs": runs, "a": a, "b": b}
    if a is not None and b is not None and a.pk != b.pk:
        comparison = compare_runs(a, b)
        labels = {**CRITERIA_LABELS, **{r.key: r.label for r in RULES}}
        for row in comparison.settings_rows:
            row["label"] = labels.get(row["key"], row["key"].replace("_", " ").capitalize())
            for side in ("a", "b"):
                if isinstance(row[side], bool):
                    row[side] = "Yes" if row[side] else "No"
        context["comparison"] = comparison
    return render(request, "matching/compare.html", context)
