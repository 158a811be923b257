"""Writes for a program's content: registration questions, agenda templates, guides.

One create, update and delete service per kind, each with the fields it takes
spelt out: the three look alike on purpose, and stay explicit rather than
generic. The manager edits them freely until the program closes.
"""

from __future__ import annotations

from django.db import transaction

from upward.accounts.models import User
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.text import count_of
from upward.programs.models import (
    AgendaTemplate,
    PreparationGuide,
    Program,
    ProgramStatus,
    QuestionKind,
    Registration,
    RegistrationQuestion,
)
from upward.programs.services.setup import clean_or_raise


def _check_open(program: Program) -> None:
    if program.status == ProgramStatus.CLOSED:
        raise ApplicationError("A closed program can no longer be changed.")


def _next_position(positions: list[int]) -> int:
    return max(positions, default=-1) + 1


# --- registration questions ----------------------------------------------------------


def _clean_choices(kind: str, choices: list[str]) -> list[str]:
    kept = [choice.strip() for choice in choices if choice.strip()]
    if kind == QuestionKind.CHOICE and len(kept) < 2:
        raise ApplicationError("A choice question needs at least two choices, one per line.")
    return kept if kind == QuestionKind.CHOICE else []


@transaction.atomic
def question_create(
    *,
    actor: User,
    program: Program,
    prompt: str,
    kind: str,
    choices: list[str],
    role: str,
    required: bool,
) -> RegistrationQuestion:
    _check_open(program)
    question = RegistrationQuestion(
        program=program,
        prompt=prompt,
        kind=kind,
        choices=_clean_choices(kind, choices),
        role=role,
        required=required,
        position=_next_position(list(program.questions.values_list("position", flat=True))),
    )
    clean_or_raise(question)
    question.save()
    audit_log(
        actor=actor,
        action="question.created",
        summary=f"Question added to “{program.name}”: {question.prompt}",
        target=program,
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: User,
    question: RegistrationQuestion,
    prompt: str,
    kind: str,
    choices: list[str],
    role: str,
    required: bool,
) -> RegistrationQuestion:
    _check_open(question.program)
    question.prompt, question.kind, question.role, question.required = prompt, kind, role, required
    question.choices = _clean_choices(kind, choices)
    clean_or_raise(question)
    question.save()
    audit_log(
        actor=actor,
        action="question.updated",
        summary=f"Question changed in “{question.program.name}”: {question.prompt}",
        target=question.program,
    )
    return question


@transaction.atomic
def question_delete(*, actor: User, question: RegistrationQuestion) -> int:
    """Delete a question and every answer given to it; returns how many answers went.

    Answers live in Registration.answers keyed by the question's id: an answer
    nobody can see any more is data kept for no purpose, so it goes too.
    """
    _check_open(question.program)
    key = str(question.pk)
    answered = list(
        Registration.objects.select_for_update()
        .filter(program_id=question.program_id, answers__has_key=key)
        .order_by("pk")
    )
    for registration in answered:
        registration.answers.pop(key, None)
    Registration.objects.bulk_update(answered, ["answers"], batch_size=500)
    audit_log(
        actor=actor,
        action="question.deleted",
        target=question.program,
        summary=f"Question removed from “{question.program.name}” with "
        f"{count_of(len(answered), 'answer')}: {question.prompt}",
        data={"answers_deleted": len(answered)},
    )
    question.delete()
    return len(answered)


# --- agenda templates ----------------------------------------------------------------


@transaction.atomic
def agenda_create(
    *, actor: User, program: Program, title: str, summary: str, outline: str, minutes: int
) -> AgendaTemplate:
    _check_open(program)
    agenda = AgendaTemplate(
        program=program,
        title=title,
        summary=summary,
        outline=outline,
        minutes=minutes,
        position=_next_position(list(program.agendas.values_list("position", flat=True))),
    )
    clean_or_raise(agenda)
    agenda.save()
    audit_log(
        actor=actor,
        action="agenda.created",
        summary=f"Agenda “{agenda.title}” added to “{program.name}”",
        target=program,
    )
    return agenda


@transaction.atomic
def agenda_update(
    *, actor: User, agenda: AgendaTemplate, title: str, summary: str, outline: str, minutes: int
) -> AgendaTemplate:
    _check_open(agenda.program)
    agenda.title, agenda.summary, agenda.outline, agenda.minutes = title, summary, outline, minutes
    clean_or_raise(agenda)
    agenda.save()
    audit_log(
        actor=actor,
        action="agenda.updated",
        summary=f"Agenda “{agenda.title}” changed in “{agenda.program.name}”",
        target=agenda.program,
    )
    return agenda


@transaction.atomic
def agenda_delete(*, actor: User, agenda: AgendaTemplate) -> None:
    _check_open(agenda.program)
    audit_log(
        actor=actor,
        action="agenda.deleted",
        target=agenda.program,
        summary=f"Agenda “{agenda.title}” removed from “{agenda.program.name}”",
    )
    agenda.delete()


# --- preparation guides --------------------------------------------------------------


@transaction.atomic
def guide_create(
    *, actor: User, program: Program, role: str, title: str, body: str
) -> PreparationGuide:
    _check_open(program)
    if program.guides.filter(role=role).exists():
        raise ApplicationError("This role already has a preparation guide: edit it instead.")
    guide = PreparationGuide(program=program, role=role, title=title, body=body)
    clean_or_raise(guide)
    guide.save()
    audit_log(
        actor=actor,
        action="guide.created",
        summary=f"Preparation guide for {role}s added to “{program.name}”",
        target=program,
    )
    return guide


@transaction.atomic
def guide_update(
    *, actor: User, guide: PreparationGuide, title: str, body: str
) -> PreparationGuide:
    _check_open(guide.program)
    guide.title, guide.body = title, body
    clean_or_raise(guide)
    guide.save()
    audit_log(
        actor=actor,
        action="guide.updated",
        summary=f"Preparation guide for {guide.role}s changed in “{guide.program.name}”",
        target=guide.program,
    )
    return guide


@transaction.atomic
def guide_delete(*, actor: User, guide: PreparationGuide) -> None:
    _check_open(guide.program)
    audit_log(
        actor=actor,
        action="guide.deleted",
        target=guide.program,
        summary=f"Preparation guide for {guide.role}s removed from “{guide.program.name}”",
    )
    guide.delete()
