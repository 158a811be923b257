"""Participant pages: register, see and edit one's registration, read the guide, withdraw.

Every registration is fetched through get_own_registration, so a participant
reaches only their own; the program through get_program_page_for_user.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core import clock
from upward.core.errors import ApplicationError
from upward.people.models import Person
from upward.programs.forms.registration import RegistrationForm
from upward.programs.forms.self_assessment import SelfAssessmentForm
from upward.programs.models import AssessmentMoment, ParticipantRole, Program, Registration
from upward.programs.selectors.access import get_own_registration, registration_of
from upward.programs.selectors.recruiting import get_program_page_for_user
from upward.programs.selectors.registration import (
    default_role,
    guide_for,
    is_editable,
    own_self_identification,
    registration_refusal,
    registrations_of_person,
    role_label,
    skill_picker,
)
from upward.programs.selectors.self_assessment import own_self_ratings, self_assessment_topics
from upward.programs.selectors.setup import program_agendas, program_questions
from upward.programs.self_assessment import SCALE_SHORT
from upward.programs.self_identification import PURPOSE_STATEMENT
from upward.programs.services.registration import (
    LOCKED_MESSAGE,
    registration_confirm_guide_read,
    registration_create,
    registration_update,
    registration_withdraw,
)
from upward.programs.services.self_assessment import self_assessment_record

PICKER_TARGET = "skill-picker"


def _person(request: AuthenticatedRequest) -> Person | None:
    return getattr(request.user, "person", None)


def _form_context(
    form: RegistrationForm, program: Program, role: str, **extra: Any
) -> dict[str, Any]:
    picker = skill_picker(
        program=program,
        query=str(extra.pop("skill_query", "")),
        picked_ids=form.picked_skill_ids(),
    )
    return {
        "form": form,
        "program": program,
        "role": role,
        "role_label": role_label(role),
        "is_mentor": role == ParticipantRole.MENTOR,
        "picker": picker,
        "ranks": form.ranks(),
        "picker_target": PICKER_TARGET,
        "availability_grid": _availability_grid(form),
        "purpose": PURPOSE_STATEMENT,
        **extra,
    }


def _availability_grid(form: RegistrationForm) -> list[dict[str, Any]]:
    """Rows of (time block) x (day) checkboxes; the form field validates the values."""
    from upward.programs.registration_choices import BLOCK_HOURS, DAYS, block_label

    chosen = set(form.submitted_or_initial("availability"))
    return [
        {
            "label": block_label(hour),
            "cells": [
                {
                    "value": f"{day}-{hour:02d}",
                    "day": day_name,
                    "checked": f"{day}-{hour:02d}" in chosen,
                }
                for day, day_name in DAYS
            ],
        }
        for hour in BLOCK_HOURS
    ]


@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    program = get_program_page_for_user(request.user, slug)
    person = _person(request)
    if person is None:
        return _refused(
            request,
            program,
            "Only people in the directory can register. "
            "Ask your administrator to link your account.",
        )
    existing = registration_of(request.user, program)
    if existing is not None:
        messages.info(request, f"You are already registered in {program.name}.")
        return redirect("programs:my_registration", existing.pk)
    role = request.GET.get("role") or default_role(program, person)
    if role not in ParticipantRole.values:
        return _choose_role(request, program, person)
    refusal = registration_refusal(program=program, person=person, role=role, today=clock.today())
    if refusal:
        return _refused(request, program, refusal, status=400 if request.method == "POST" else 200)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        program=program,
        role=role,
        person=person,
        with_self_identification=True,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = registration_create(
                    program=program,
                    person=person,
                    role=role,
                    data=form.to_data(),
                    actor=request.user,
                    self_identification=form.self_identification_answers(),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"You're registered as a {role_label(role)} in {program.name}. "
                    "We've emailed you what happens next.",
                )
                return redirect("programs:starting_point", registration.pk)
        status = 400
    context = _form_context(
        form, program, role, skill_query=request.GET.get("skill_q", ""), is_new=True
    )
    return render(request, "programs/registration_form.html", context, status=status)


def _choose_role(request: AuthenticatedRequest, program: Program, person: Person) -> HttpResponse:
    today = clock.today()
    options = [
        {
            "role": role,
            "label": role_label(role),
            "refusal": registration_refusal(program=program, person=person, role=role, today=today),
        }
        for role in (ParticipantRole.MENTOR, ParticipantRole.MENTEE)
    ]
    return render(
        request, "programs/registration_role.html", {"program": program, "options": options}
    )


def _refused(
    request: AuthenticatedRequest, program: Program, message: str, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "programs/registration_refused.html",
        {"program": program, "message": message},
        status=status,
    )


@require_GET
def skill_picker_fragment(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The picker alone, for the live search; the registration page works without it."""
    program = get_program_page_for_user(request.user, slug)
    role = request.GET.get("role", "")
    if role not in ParticipantRole.values:
        raise Http404("No such role")
    picked = [int(value) for value in request.GET.getlist("skills") if value.isdigit()]
    picker = skill_picker(program=program, query=request.GET.get("skill_q", ""), picked_ids=picked)
    ranks = {pk: request.GET.get(f"rank_{pk}", "") for pk in picker.picked_ids}
    response = render(
        request,
        "programs/_registration_skill_picker.html",
        {
            "picker": picker,
            "ranks": ranks,
            "is_mentor": role == ParticipantRole.MENTOR,
            "skills_field_errors": [],
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def my_registration(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    registration = registrations_of_person(registration.person).get(pk=registration.pk)
    return render(
        request,
        "programs/registration_detail.html",
        {
            "registration": registration,
            "program": registration.program,
            "role_label": role_label(registration.role),
            "editable": is_editable(registration),
            "locked_message": LOCKED_MESSAGE,
            "guide": guide_for(registration),
            "self_identification": own_self_identification(registration),
            "answers": _answers_shown(registration),
            "starting_point": _ratings_shown(registration),
        },
    )


def _ratings_shown(registration: Registration) -> list[tuple[str, str]]:
    ratings = own_self_ratings(registration, AssessmentMoment.BEFORE)
    if not ratings:
        return []
    return [
        (
            topic.label,
            f"{ratings[topic.key]} · {SCALE_SHORT[ratings[topic.key]]}"
            if topic.key in ratings
            else "not rated yet",
        )
        for topic in self_assessment_topics(registration, AssessmentMoment.BEFORE)
    ]


def _after_starting_point(registration: Registration) -> HttpResponse:
    if registration.role == ParticipantRole.MENTOR and registration.guide_read_at is None:
        return redirect("programs:registration_guide", registration.pk)
    return redirect("programs:my_registration", registration.pk)


@require_http_methods(["GET", "POST"])
def starting_point(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    """The self-assessment at registration: where the person starts, rated 1-5."""
    registration = get_own_registration(request.user, registration_id)
    if not is_editable(registration):
        messages.error(request, _why_not_editable(registration))
        return redirect("programs:my_registration", registration.pk)
    topics = self_assessment_topics(registration, AssessmentMoment.BEFORE)
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" else None,
        topics=topics,
        initial_ratings=own_self_ratings(registration, AssessmentMoment.BEFORE),
    )
    if request.method == "POST" and form.is_valid():
        try:
            self_assessment_record(
                registration=registration,
                moment=AssessmentMoment.BEFORE,
                ratings=form.ratings(),
                actor=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Thank you: your starting point is saved.")
            return _after_starting_point(registration)
    return render(
        request,
        "programs/registration_starting_point.html",
        {
            "registration": registration,
            "program": registration.program,
            "form": form,
            "is_mentor": registration.role == ParticipantRole.MENTOR,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _answers_shown(registration: Registration) -> list[tuple[str, str]]:
    questions = program_questions(registration.program)
    return [
        (question.prompt, str(registration.answers[str(question.pk)]))
        for question in questions
        if str(question.pk) in registration.answers
    ]


@require_http_methods(["GET", "POST"])
def registration_edit(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    if not is_editable(registration):
        messages.error(request, _why_not_editable(registration))
        return redirect("programs:my_registration", registration.pk)
    program = registration.program
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        program=program,
        role=registration.role,
        person=registration.person,
        instance=registration,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration_update(
                    registration=registration, data=form.to_data(), actor=request.user
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Your registration is updated.")
                return redirect("programs:my_registration", registration.pk)
        status = 400
    context = _form_context(
        form,
        program,
        registration.role,
        skill_query=request.GET.get("skill_q", ""),
        registration=registration,
        is_new=False,
    )
    return render(request, "programs/registration_form.html", context, status=status)


def _why_not_editable(registration: Registration) -> str:
    if registration.withdrawn_at is not None:
        return "This registration was withdrawn, so it can no longer be changed."
    return f"{LOCKED_MESSAGE}: ask the program manager if something important has changed."


@require_http_methods(["GET", "POST"])
def registration_withdraw_view(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    if request.method == "POST":
        registration_withdraw(registration=registration, actor=request.user)
        messages.success(
            request,
            f"You have withdrawn from {registration.program.name}. "
            "Any self-identification answers you gave have been deleted.",
        )
        return redirect("home:my_programs")
    return render(
        request,
        "programs/registration_withdraw.html",
        {
            "registration": registration,
            "program": registration.program,
            "role_label": role_label(registration.role),
        },
    )


@require_GET
def registration_guide(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    return render(
        request,
        "programs/registration_guide.html",
        {
            "registration": registration,
            "program": registration.program,
            "guide": guide_for(registration),
            "is_mentor": registration.role == ParticipantRole.MENTOR,
            "agendas": program_agendas(registration.program),
        },
    )


@require_POST
def registration_guide_confirm(request: AuthenticatedRequest, registration_id: int) -> HttpResponse:
    registration = get_own_registration(request.user, registration_id)
    if guide_for(registration) is None:
        messages.error(request, "There is no guide to confirm yet.")
        return redirect("programs:registration_guide", registration.pk)
    try:
        registration_confirm_guide_read(registration=registration, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Thank you: you're ready to be matched.")
    return redirect(reverse("programs:my_registration", args=[registration.pk]))
