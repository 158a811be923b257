"""Manager pages for registration: who registered and who is ready; adding skills.

Self-identification never appears here, not even whether someone gave it:
the selectors these pages use do not read it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.errors import ApplicationError
from upward.core.permissions import program_manager_required
from upward.programs.forms.registration import RegistrationFilterForm, SkillCreateForm
from upward.programs.guards import manager_page
from upward.programs.models import Program
from upward.programs.selectors.registration import (
    program_registrations,
    registration_summary,
    skill_families_with_skills,
)
from upward.programs.services.skills import skill_create

PAGE_SIZE = 100


@require_GET
@manager_page
def registrations(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form = RegistrationFilterForm(request.GET)
    page = Paginator(program_registrations(program, **form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "programs/registration_list.html",
        {
            "program": program,
            "form": form,
            "page": page,
            "summary": registration_summary(program),
        },
    )


@require_http_methods(["GET", "POST"])
@program_manager_required
def skill_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = SkillCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            skill = skill_create(
                family=form.cleaned_data["family"],
                name=form.cleaned_data["name"],
                keywords=form.cleaned_data["keywords"],
                actor=request.user,
            )
        except ApplicationError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"“{skill.name}” is now in the skills taxonomy.")
            return redirect("programs:skill_create")
    families = skill_families_with_skills()
    return render(
        request,
        "programs/registration_skills.html",
        {"form": form, "families": families},
        status=400 if form.is_bound and form.errors else 200,
    )
