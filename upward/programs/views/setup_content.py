"""Pages for a program's content: agenda templates, preparation guides, questions.

The three kinds work alike (list, add, edit, delete), so one set of views
serves them, each kind described once in CONTENT_KINDS. Deleting goes through
a confirmation page that says what still uses the item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, register_converter, reverse
from django.views.decorators.http import require_GET, require_http_methods

from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.core.permissions import program_manager_required
from upward.pairs.selectors.sessions import agenda_template_use
from upward.programs.forms.setup import AgendaForm, GuideForm, QuestionForm
from upward.programs.models import (
    AgendaTemplate,
    ParticipantRole,
    PreparationGuide,
    Program,
    RegistrationQuestion,
)
from upward.programs.selectors.access import get_managed_program
from upward.programs.selectors.registration import registration_summary
from upward.programs.selectors.setup import question_answer_count
from upward.programs.services import setup_content as services


@dataclass(frozen=True)
class ContentKind:
    slug: str  # in URLs: agendas, guides, questions
    singular: str
    plural: str
    intro: str
    form: type[forms.ModelForm[Any]]
    items: Callable[[Program], QuerySet[Any]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    item_arg: str  # the services' keyword for one item
    name: Callable[[Any], str]  # how pages name one item
    effects: Callable[[Any], list[str]]  # what deleting one item changes elsewhere
    quote: Callable[[Any], str]  # the item's words, shown on its delete page


def _agenda_effects(agenda: AgendaTemplate) -> list[str]:
    use = agenda_template_use(agenda.pk)
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


def _question_effects(question: RegistrationQuestion) -> list[str]:
    answered = question_answer_count(question)
    effects = ["People who register from now on are not asked it."]
    if not answered:
        return [*effects, "Nobody has answered it yet."]
    # The service keeps the answers (keyed by the old id): say so, not that they go.
    return [
        *effects,
        f"Registrations with an answer to it ({answered}) keep the answer stored, but it is "
        "no longer shown anywhere: not to the person who gave it, not to you.",
    ]


CONTENT_KINDS = {
    kind.slug: kind
    for kind in (
        ContentKind(
            slug="agendas",
            singular="agenda template",
            plural="Agenda templates",
            intro="Session outlines junior mentors can pick and adapt. Structure is what "
            "junior mentors ask for most; one outline per session of the program is ideal.",
            form=AgendaForm,
            items=lambda program: program.agendas.all(),
            create=services.agenda_create,
            update=services.agenda_update,
            delete=services.agenda_delete,
            item_arg="agenda",
            name=lambda agenda: agenda.title,
            effects=_agenda_effects,
            quote=lambda agenda: agenda.outline,
        ),
        ContentKind(
            slug="guides",
            singular="preparation guide",
            plural="Preparation guides",
            intro="What each role reads before matching. Mentors confirm they have read "
            "theirs before they can be matched.",
            form=GuideForm,
            items=lambda program: program.guides.order_by("role"),
            create=services.guide_create,
            update=services.guide_update,
            delete=services.guide_delete,
            item_arg="guide",
            name=lambda guide: f"{guide.title} (for {guide.role}s)",
            effects=_guide_effects,
            quote=lambda guide: "",
        ),
        ContentKind(
            slug="questions",
            singular="registration question",
            plural="Registration questions",
            intro="Extra questions people answer when they register, beyond skills, goals "
            "and availability.",
            form=QuestionForm,
            items=lambda program: program.questions.all(),
            create=services.question_create,
            update=services.question_update,
            delete=services.question_delete,
            item_arg="question",
            name=lambda question: question.prompt,
            effects=_question_effects,
            quote=lambda question: "\n".join(question.choices),
        ),
    )
}


def _kind_or_404(slug: str) -> ContentKind:
    try:
        return CONTENT_KINDS[slug]
    except KeyError:
        raise Http404("No such content") from None


def _item_or_404(kind: ContentKind, program: Program, item_id: int) -> Any:
    item = kind.items(program).filter(pk=item_id).first()
    if item is None:
        raise Http404("No such item")
    return item


def _form_kwargs(kind: ContentKind, program: Program, instance: Model | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"instance": instance}
    if kind.slug == "guides" and instance is None:
        taken = set(program.guides.values_list("role", flat=True))
        kwargs["missing_roles"] = [role for role in ParticipantRole.values if role not in taken]
    return kwargs


@require_GET
@program_manager_required
def content_list(request: HttpRequest, program_id: int, kind: str) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    content = _kind_or_404(kind)
    items = list(content.items(program))
    can_add = content.slug != "guides" or len(items) < len(ParticipantRole.values)
    return render(
        request,
        "programs/content_list.html",
        {"program": program, "kind": content, "items": items, "can_add": can_add},
    )


@require_http_methods(["GET", "POST"])
@program_manager_required
def content_edit(
    request: HttpRequest, program_id: int, kind: str, item_id: int | None = None
) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    content = _kind_or_404(kind)
    item = _item_or_404(content, program, item_id) if item_id is not None else None
    form = content.form(request.POST or None, **_form_kwargs(content, program, item))
    if item is None and content.slug == "guides" and not form.fields["role"].choices:  # type: ignore[attr-defined]
        messages.info(request, "Both roles already have a guide: edit one instead.")
        return redirect("programs:content", program.pk, content.slug)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if item is None:
                content.create(actor=request.user, program=program, **fields)
            else:
                content.update(actor=request.user, **{content.item_arg: item}, **fields)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"The {content.singular} was saved.")
            return redirect("programs:content", program.pk, content.slug)
    return render(
        request,
        "programs/content_form.html",
        {"program": program, "kind": content, "item": item, "form": form},
    )


@require_http_methods(["GET", "POST"])
@program_manager_required
def content_delete(request: HttpRequest, program_id: int, kind: str, item_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    content = _kind_or_404(kind)
    item = _item_or_404(content, program, item_id)
    back = reverse("programs:content", args=[program.pk, content.slug])

    def delete(_data: dict[str, Any]) -> str:
        content.delete(actor=request.user, **{content.item_arg: item})
        return f"The {content.singular} was deleted."

    confirmation = Confirmation(
        title=f"Delete {content.singular}",
        question=f"Delete the {content.singular} “{content.name(item)}”?",
        effects=["It is deleted for good: there is no undo.", *content.effects(item)],
        quote=content.quote(item),
        button=f"Delete the {content.singular}",
        cancel_url=back,
    )
    return confirm_then_act(
        request,
        confirmation,
        act=delete,
        done_url=back,
        template="programs/confirm.html",
        context={"program": program},
    )


class ContentKindConverter:
    """Only the content kinds match, so these URLs never shadow other program areas."""

    regex = "|".join(CONTENT_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ContentKindConverter, "program_content")
_KINDS = "<program_content:kind>"
urlpatterns: list[URLPattern] = [
    path(f"<int:program_id>/{_KINDS}/", content_list, name="content"),
    path(f"<int:program_id>/{_KINDS}/new/", content_edit, name="content_create"),
    path(f"<int:program_id>/{_KINDS}/<int:item_id>/", content_edit, name="content_edit"),
    path(f"<int:program_id>/{_KINDS}/<int:item_id>/delete/", content_delete, name="content_delete"),
]
