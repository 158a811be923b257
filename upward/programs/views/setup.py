"""Pages for program managers to set a program up.

Every view fetches the program through get_managed_program, which raises 404
for a program the user does not manage; the decorator turns members away
with 403 before that.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.core.permissions import is_administrator, program_manager_required
from upward.programs.catalogue import KPI_CATALOGUE, PROGRAM_TEMPLATES
from upward.programs.forms.setup import (
    BaseKpiFormSet,
    EligibilityForm,
    KpiFormSet,
    ManagerAddForm,
    ProgramCreateForm,
    ProgramSettingsForm,
)
from upward.programs.guards import manager_page
from upward.programs.models import Objective, ParticipantRole, Program
from upward.programs.selectors.recruiting import recruiting_funnel
from upward.programs.selectors.registration import registration_summary
from upward.programs.selectors.setup import (
    ROLE_PLURAL,
    directory_locations,
    eligibility_rules,
    eligibility_summary,
    eligible_people,
    get_manager_link,
    manager_candidates,
    people_meeting,
    program_content_counts,
    program_kpi_list,
    program_list_for,
    program_managers,
)
from upward.programs.services.setup import (
    eligibility_update,
    program_create,
    program_kpis_replace,
    program_manager_add,
    program_manager_remove,
    program_update,
)
from upward.programs.views.setup_status import transition_buttons

# The other areas of a program add their panels to the overview by creating
# these templates; each receives `program` and `user`.
ELIGIBLE_PAGE_SIZE = 50


def _role_or_404(role: str) -> ParticipantRole:
    if role not in ParticipantRole.values:
        raise Http404("No such role")
    return ParticipantRole(role)


@require_GET
@program_manager_required
def program_list(request: AuthenticatedRequest) -> HttpResponse:
    programs = list(program_list_for(request.user))
    return render(request, "programs/program_list.html", {"programs": programs})


@require_http_methods(["GET", "POST"])
@program_manager_required
def program_new(request: AuthenticatedRequest) -> HttpResponse:
    form = ProgramCreateForm(
        request.POST or None, initial={"template": request.GET.get("template")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            program = program_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                template_key=form.template_key,
                starts_on=form.cleaned_data["starts_on"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"“{program.name}” is ready as a draft. Review and adjust each part below."
            )
            return redirect("programs:overview", program.pk)
    return render(
        request,
        "programs/program_new.html",
        {"form": form, "templates": list(PROGRAM_TEMPLATES.values()), "kpis": KPI_CATALOGUE},
    )


@require_GET
@manager_page
def program_overview(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    context: dict[str, Any] = {
        "program": program,
        "transitions": transition_buttons(program),
        "kpis": program_kpi_list(program),
        "managers": list(program_managers(program)),
        "eligibility": eligibility_summary(program),
        "content": program_content_counts(program),
        "agreement": program.render_agreement(),
        "funnel": recruiting_funnel(program),
        "registrations": registration_summary(program),
        "objective_labels": [
            Objective(value).label for value in program.objectives if value in Objective.values
        ],
    }
    return render(request, "programs/program_overview.html", context)


@require_http_methods(["GET", "POST"])
@manager_page
def program_settings(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form = ProgramSettingsForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            program_update(actor=request.user, program=program, **form.changes())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Settings saved.")
            return redirect("programs:overview", program.pk)
    return render(request, "programs/program_settings.html", {"program": program, "form": form})


@require_http_methods(["GET", "POST"])
@manager_page
def program_kpis(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    initial = [
        {
            "kind": k.kind,
            "name": k.name,
            "comparator": k.comparator,
            "target": k.target,
            "measure": k.measure,
        }
        for k in program_kpi_list(program)
    ]
    initial += [{} for _ in range(KpiFormSet.max_num - len(initial))]
    formset = KpiFormSet(request.POST or None, initial=initial, prefix="kpi")
    service_error = ""
    if request.method == "POST" and formset.is_valid():
        try:
            program_kpis_replace(
                actor=request.user,
                program=program,
                kpis=cast(BaseKpiFormSet, formset).kpis(),
            )
        except ApplicationError as error:
            service_error = error.message
        else:
            messages.success(request, "KPIs saved.")
            return redirect("programs:overview", program.pk)
    return render(
        request,
        "programs/program_kpis.html",
        {
            "program": program,
            "formset": formset,
            "service_error": service_error,
            "catalogue": KPI_CATALOGUE.values(),
        },
    )


def _eligibility_forms(
    request: AuthenticatedRequest, program: Program
) -> dict[str, EligibilityForm]:
    rules = eligibility_rules(program)
    locations = directory_locations()
    forms = {}
    for role in ParticipantRole.values:
        rule = rules.get(role)
        initial = (
            {
                "min_level": rule.min_level,
                "max_level": rule.max_level,
                "min_tenure_months": rule.min_tenure_months,
                "departments": list(rule.departments.all()),
                "locations": rule.locations,
            }
            if rule
            else {}
        )
        # Keep a rule's location even after everyone there has left the directory.
        choices = sorted(set(locations) | set(rule.locations if rule else []))
        bound = request.method == "POST" and request.POST.get("role") == role
        forms[role] = EligibilityForm(
            request.POST if bound else None, initial=initial, prefix=role, locations=choices
        )
    return forms


@require_http_methods(["GET", "POST"])
@manager_page
def program_eligibility(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    forms = _eligibility_forms(request, program)
    role = request.POST.get("role", "")
    if request.method == "POST":
        form = forms.get(role)
        if form is None:
            raise Http404("No such role")
        if form.is_valid():
            try:
                eligibility_update(
                    actor=request.user, program=program, role=role, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, f"Eligibility for {ROLE_PLURAL[ParticipantRole(role)].lower()} saved."
                )
                return redirect("programs:eligibility", program.pk)
    sections = [
        {
            "role": summary.role,
            "label": summary.label,
            "form": forms[summary.role],
            "summary": summary,
        }
        for summary in eligibility_summary(program)
    ]
    return render(
        request, "programs/program_eligibility.html", {"program": program, "sections": sections}
    )


@require_POST
@manager_page
def eligibility_preview(request: AuthenticatedRequest, program: Program, role: str) -> HttpResponse:
    """The live count beside the eligibility form, for the values not yet saved."""
    role = _role_or_404(role)
    form = EligibilityForm(request.POST, prefix=role, locations=directory_locations())
    count = None
    if form.is_valid():
        data = form.cleaned_data
        count = people_meeting(
            min_level=data["min_level"],
            max_level=data["max_level"],
            min_tenure_months=data["min_tenure_months"] or 0,
            department_ids=[department.pk for department in data["departments"]],
            locations=data["locations"],
        ).count()
    return render(
        request,
        "programs/_eligible_count.html",
        {"program": program, "role": role, "count": count, "preview": True},
    )


@require_GET
@manager_page
def program_eligible_people(
    request: AuthenticatedRequest, program: Program, role: str
) -> HttpResponse:
    role = _role_or_404(role)
    people = eligible_people(program, role)
    page = Paginator(people, ELIGIBLE_PAGE_SIZE).get_page(request.GET.get("page"))
    summary = next(s for s in eligibility_summary(program) if s.role == role)
    return render(
        request,
        "programs/program_eligible_people.html",
        {"program": program, "role": role, "summary": summary, "page": page},
    )


@require_http_methods(["GET", "POST"])
@manager_page
def program_managers_page(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form = ManagerAddForm(request.POST or None, candidates=manager_candidates(program))
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        try:
            program_manager_add(actor=request.user, program=program, user=user)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{user} now manages this program.")
            return redirect("programs:managers", program.pk)
    return render(
        request,
        "programs/program_managers.html",
        {"program": program, "managers": list(program_managers(program)), "form": form},
    )


@require_http_methods(["GET", "POST"])
@manager_page
def program_manager_remove_view(
    request: AuthenticatedRequest, program: Program, user_id: int
) -> HttpResponse:
    link = get_manager_link(program, user_id)
    managers_page = reverse("programs:managers", args=[program.pk])
    yourself = link.user_id == request.user.pk

    def remove(_data: dict[str, Any]) -> str:
        program_manager_remove(actor=request.user, program=program, user=link.user)
        return f"{link.user} no longer manages this program."

    confirmation = Confirmation(
        title="Remove a manager",
        question=f"Remove {link.user} as a manager of “{program.name}”?",
        effects=_manager_remove_effects(request.user, yourself),
        button="Remove the manager",
        cancel_url=managers_page,
    )
    return confirm_then_act(
        request,
        confirmation,
        act=remove,
        # Managers who remove themselves can no longer see the program's pages.
        done_url=reverse("programs:list")
        if yourself and not is_administrator(request.user)
        else managers_page,
        template="programs/confirm.html",
        context={"program": program},
    )


def _manager_remove_effects(user: Any, yourself: bool) -> list[str]:
    if not yourself:
        return [
            "They can no longer open this program's pages or change anything in it.",
            "Another manager can add them back at any time.",
        ]
    if is_administrator(user):
        return ["You stop being listed as its manager; as an administrator you keep access."]
    return [
        "That is you: you can no longer open this program's pages or change anything in it.",
        "Only another manager or an administrator can add you back.",
    ]
