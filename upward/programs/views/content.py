"""A program's content pages: agenda templates, preparation guides, registration questions.

Each kind has its own four views (list, add, edit, delete) calling its own
typed services. They look alike on purpose: explicit views are cheaper to read
and change than one generic view steered by a table of callables. Deleting goes
through the shared confirmation page, which says what still uses the item.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.core.text import count_of
from upward.programs.forms.setup import AgendaForm, GuideForm, QuestionForm
from upward.programs.guards import manager_page
from upward.programs.models import (
    AgendaTemplate,
    ParticipantRole,
    PreparationGuide,
    Program,
)
from upward.programs.selectors.registration import registration_summary
from upward.programs.selectors.setup import (
    agenda_use,
    get_program_agenda,
    get_program_guide,
    get_program_question,
    program_agendas,
    program_guides,
    program_questions,
    question_answer_count,
)
from upward.programs.services import setup_content as services

AGENDAS_INTRO = (
    "Session outlines junior mentors can pick and adapt. Structure is what junior mentors ask "
    "for most; one outline per session of the program is ideal."
)
GUIDES_INTRO = (
    "What each role reads before matching. Mentors confirm they have read theirs before they "
    "can be matched."
)
QUESTIONS_INTRO = (
    "Extra questions people answer when they register, beyond skills, goals and availability."
)


def _form_page(
    request: AuthenticatedRequest, program: Program, form: Any, *, title: str, intro: str, back: str
) -> HttpResponse:
    return render(
        request,
        "programs/content_form.html",
        {"program": program, "form": form, "title": title, "intro": intro, "back": back},
        status=400 if form.is_bound and form.errors else 200,
    )


def _confirm_delete(
    request: AuthenticatedRequest,
    program: Program,
    confirmation: Confirmation,
    act: Any,
    back: str,
) -> HttpResponse:
    return confirm_then_act(
        request,
        confirmation,
        act=act,
        done_url=back,
        template="programs/confirm.html",
        context={"program": program},
    )


# --- agenda templates ----------------------------------------------------------------


@require_GET
@manager_page
def agendas(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    return render(
        request,
        "programs/content_agendas.html",
        {"program": program, "items": list(program_agendas(program)), "intro": AGENDAS_INTRO},
    )


@require_http_methods(["GET", "POST"])
@manager_page
def agenda_create(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form = AgendaForm(request.POST or None)
    back = reverse("programs:agendas", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_create(actor=request.user, program=program, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The agenda template was saved.")
            return redirect(back)
    return _form_page(
        request, program, form, title="Add an agenda template", intro=AGENDAS_INTRO, back=back
    )


@require_http_methods(["GET", "POST"])
@manager_page
def agenda_edit(request: AuthenticatedRequest, program: Program, agenda_id: int) -> HttpResponse:
    agenda = get_program_agenda(program, agenda_id)
    form = AgendaForm(request.POST or None, instance=agenda)
    back = reverse("programs:agendas", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_update(actor=request.user, agenda=agenda, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The agenda template was saved.")
            return redirect(back)
    return _form_page(
        request, program, form, title="Edit the agenda template", intro=AGENDAS_INTRO, back=back
    )


@require_http_methods(["GET", "POST"])
@manager_page
def agenda_delete(request: AuthenticatedRequest, program: Program, agenda_id: int) -> HttpResponse:
    agenda = get_program_agenda(program, agenda_id)
    back = reverse("programs:agendas", args=[program.pk])

    def delete(_data: dict[str, Any]) -> str:
        services.agenda_delete(actor=request.user, agenda=agenda)
        return "The agenda template was deleted."

    confirmation = Confirmation(
        title="Delete agenda template",
        question=f"Delete the agenda template “{agenda.title}”?",
        effects=["It is deleted for good: there is no undo.", *_agenda_effects(agenda)],
        quote=agenda.outline,
        button="Delete the agenda template",
        cancel_url=back,
    )
    return _confirm_delete(request, program, confirmation, delete, back)


def _agenda_effects(agenda: AgendaTemplate) -> list[str]:
    use = agenda_use(agenda)
    effects = [
        "It disappears from the outlines pairs pick from when they plan a session, from "
        "their space's resources and from the preparation guide page."
    ]
    if not use.total:
        return [*effects, "No session uses it yet."]
    # Session.agenda_template is SET_NULL: the sessions stay, the outline goes from them.
    return [
        *effects,
        f"Sessions planned with it ({use.total}, {use.to_come} still to come) keep their "
        "date and any agenda notes of their own, but lose this outline: its title and steps "
        "no longer appear in the sessions list, reminder emails or calendar invites.",
    ]


# --- preparation guides --------------------------------------------------------------


@require_GET
@manager_page
def guides(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    items = list(program_guides(program))
    return render(
        request,
        "programs/content_guides.html",
        {
            "program": program,
            "items": items,
            "intro": GUIDES_INTRO,
            "can_add": len(items) < len(ParticipantRole.values),
        },
    )


@require_http_methods(["GET", "POST"])
@manager_page
def guide_create(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    back = reverse("programs:guides", args=[program.pk])
    taken = {guide.role for guide in program_guides(program)}
    missing = [role for role in ParticipantRole.values if role not in taken]
    if not missing:
        messages.info(request, "Both roles already have a guide: edit one instead.")
        return redirect(back)
    form = GuideForm(request.POST or None, missing_roles=missing)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_create(actor=request.user, program=program, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The preparation guide was saved.")
            return redirect(back)
    return _form_page(
        request, program, form, title="Add a preparation guide", intro=GUIDES_INTRO, back=back
    )


@require_http_methods(["GET", "POST"])
@manager_page
def guide_edit(request: AuthenticatedRequest, program: Program, guide_id: int) -> HttpResponse:
    guide = get_program_guide(program, guide_id)
    form = GuideForm(request.POST or None, instance=guide)
    back = reverse("programs:guides", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_update(actor=request.user, guide=guide, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The preparation guide was saved.")
            return redirect(back)
    return _form_page(
        request, program, form, title="Edit the preparation guide", intro=GUIDES_INTRO, back=back
    )


@require_http_methods(["GET", "POST"])
@manager_page
def guide_delete(request: AuthenticatedRequest, program: Program, guide_id: int) -> HttpResponse:
    guide = get_program_guide(program, guide_id)
    back = reverse("programs:guides", args=[program.pk])

    def delete(_data: dict[str, Any]) -> str:
        services.guide_delete(actor=request.user, guide=guide)
        return "The preparation guide was deleted."

    confirmation = Confirmation(
        title="Delete preparation guide",
        question=f"Delete the preparation guide “{guide.title} (for {guide.role}s)”?",
        effects=["It is deleted for good: there is no undo.", *_guide_effects(guide)],
        button="Delete the preparation guide",
        cancel_url=back,
    )
    return _confirm_delete(request, program, confirmation, delete, back)


def _guide_effects(guide: PreparationGuide) -> list[str]:
    counts = registration_summary(guide.program)
    if guide.role != ParticipantRole.MENTOR:
        return [f"Mentees ({counts['mentees']} registered) see no guide until you add one."]
    return [
        f"Mentors who confirmed reading it ({counts['mentors_ready']}) stay ready to be matched.",
        f"Mentors who have not confirmed yet ({counts['mentors_not_ready']}), and those who "
        "register from now on, cannot become ready to be matched until you add a new guide "
        "for mentors.",
    ]


# --- registration questions ----------------------------------------------------------


@require_GET
@manager_page
def questions(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    return render(
        request,
        "programs/content_questions.html",
        {"program": program, "items": list(program_questions(program)), "intro": QUESTIONS_INTRO},
    )


@require_http_methods(["GET", "POST"])
@manager_page
def question_create(request: AuthenticatedRequest, program: Program) -> HttpResponse:
    form = QuestionForm(request.POST or None)
    back = reverse("programs:questions", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(actor=request.user, program=program, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The registration question was saved.")
            return redirect(back)
    return _form_page(
        request,
        program,
        form,
        title="Add a registration question",
        intro=QUESTIONS_INTRO,
        back=back,
    )


@require_http_methods(["GET", "POST"])
@manager_page
def question_edit(
    request: AuthenticatedRequest, program: Program, question_id: int
) -> HttpResponse:
    question = get_program_question(program, question_id)
    form = QuestionForm(request.POST or None, instance=question)
    back = reverse("programs:questions", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=question, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The registration question was saved.")
            return redirect(back)
    return _form_page(
        request,
        program,
        form,
        title="Edit the registration question",
        intro=QUESTIONS_INTRO,
        back=back,
    )


@require_http_methods(["GET", "POST"])
@manager_page
def question_delete(
    request: AuthenticatedRequest, program: Program, question_id: int
) -> HttpResponse:
    question = get_program_question(program, question_id)
    back = reverse("programs:questions", args=[program.pk])
    answered = question_answer_count(question)

    def delete(_data: dict[str, Any]) -> str:
        gone = services.question_delete(actor=request.user, question=question)
        return f"The registration question was deleted, with {count_of(gone, 'answer')}."

    confirmation = Confirmation(
        title="Delete registration question",
        question=f"Delete the registration question “{question.prompt}”?",
        effects=[
            "It is deleted for good: there is no undo.",
            "People who register from now on are not asked it.",
            f"The {count_of(answered, 'answer')} already given to it "
            f"{'is' if answered == 1 else 'are'} deleted with it."
            if answered
            else "Nobody has answered it yet.",
        ],
        quote="\n".join(question.choices),
        button="Delete the question and its answers" if answered else "Delete the question",
        cancel_url=back,
    )
    return _confirm_delete(request, program, confirmation, delete, back)
