"""Writes for a program's content: registration questions, agenda templates, guides.

Each is small and alike on purpose; the manager edits them freely until the
program closes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.programs.models import (
    AgendaTemplate,
    PreparationGuide,
    Program,
    ProgramStatus,
    QuestionKind,
    RegistrationQuestion,
)
from upward.programs.services.setup import clean_or_raise

QUESTION_FIELDS = frozenset({"prompt", "kind", "choices", "role", "required", "position"})
AGENDA_FIELDS = frozenset({"title", "summary", "outline", "minutes", "position"})
GUIDE_FIELDS = frozenset({"title", "body"})


def _check_open(program: Program) -> None:
    if program.status == ProgramStatus.CLOSED:
        raise ApplicationError("A closed program can no longer be changed.")


def _apply(instance: Any, allowed: frozenset[str], changes: dict[str, Any]) -> list[str]:
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    changed = [field for field, value in changes.items() if getattr(instance, field) != value]
    for field in changed:
        setattr(instance, field, changes[field])
    return changed


def _check_question(question: RegistrationQuestion) -> None:
    question.choices = [choice.strip() for choice in question.choices if choice.strip()]
    if question.kind == QuestionKind.CHOICE and len(question.choices) < 2:
        raise ApplicationError("A choice question needs at least two choices, one per line.")
    if question.kind != QuestionKind.CHOICE:
        question.choices = []


def _save(*, actor: Any, instance: Any, action: str, summary: str) -> None:
    clean_or_raise(instance)
    instance.save()
    audit_log(actor=actor, action=action, summary=summary, target=instance.program)


def _next_position(queryset: Any) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def question_create(*, actor: Any, program: Program, **fields: Any) -> RegistrationQuestion:
    _check_open(program)
    question = RegistrationQuestion(program=program, position=_next_position(program.questions))
    _apply(question, QUESTION_FIELDS, fields)
    _check_question(question)
    _save(
        actor=actor,
        instance=question,
        action="program.question_create",
        summary=f"Question added to “{program.name}”: {question.prompt}",
    )
    return question


@transaction.atomic
def question_update(
    *, actor: Any, question: RegistrationQuestion, **changes: Any
) -> RegistrationQuestion:
    _check_open(question.program)
    if _apply(question, QUESTION_FIELDS, changes):
        _check_question(question)
        _save(
            actor=actor,
            instance=question,
            action="program.question_update",
            summary=f"Question changed in “{question.program.name}”: {question.prompt}",
        )
    return question


@transaction.atomic
def question_delete(*, actor: Any, question: RegistrationQuestion) -> None:
    # Answers already given stay in Registration.answers, keyed by the old id.
    _check_open(question.program)
    audit_log(
        actor=actor,
        action="program.question_delete",
        target=question.program,
        summary=f"Question removed from “{question.program.name}”: {question.prompt}",
    )
    question.delete()


@transaction.atomic
def agenda_create(*, actor: Any, program: Program, **fields: Any) -> AgendaTemplate:
    _check_open(program)
    agenda = AgendaTemplate(program=program, position=_next_position(program.agendas))
    _apply(agenda, AGENDA_FIELDS, fields)
    _save(
        actor=actor,
        instance=agenda,
        action="program.agenda_create",
        summary=f"Agenda “{agenda.title}” added to “{program.name}”",
    )
    return agenda


@transaction.atomic
def agenda_update(*, actor: Any, agenda: AgendaTemplate, **changes: Any) -> AgendaTemplate:
    _check_open(agenda.program)
    if _apply(agenda, AGENDA_FIELDS, changes):
        _save(
            actor=actor,
            instance=agenda,
            action="program.agenda_update",
            summary=f"Agenda “{agenda.title}” changed in “{agenda.program.name}”",
        )
    return agenda


@transaction.atomic
def agenda_delete(*, actor: Any, agenda: AgendaTemplate) -> None:
    _check_open(agenda.program)
    audit_log(
        actor=actor,
        action="program.agenda_delete",
        target=agenda.program,
        summary=f"Agenda “{agenda.title}” removed from “{agenda.program.name}”",
    )
    agenda.delete()


@transaction.atomic
def guide_create(
    *, actor: Any, program: Program, role: str, title: str, body: str
) -> PreparationGuide:
    _check_open(program)
    if program.guides.filter(role=role).exists():
        raise ApplicationError("This role already has a preparation guide: edit it instead.")
    guide = PreparationGuide(program=program, role=role, title=title, body=body)
    _save(
        actor=actor,
        instance=guide,
        action="program.guide_create",
        summary=f"Preparation guide for {role}s added to “{program.name}”",
    )
    return guide


@transaction.atomic
def guide_update(*, actor: Any, guide: PreparationGuide, **changes: Any) -> PreparationGuide:
    _check_open(guide.program)
    if _apply(guide, GUIDE_FIELDS, changes):
        _save(
            actor=actor,
            instance=guide,
            action="program.guide_update",
            summary=f"Preparation guide for {guide.role}s changed in “{guide.program.name}”",
        )
    return guide


@transaction.atomic
def guide_delete(*, actor: Any, guide: PreparationGuide) -> None:
    _check_open(guide.program)
    audit_log(
        actor=actor,
        action="program.guide_delete",
        target=guide.program,
        summary=f"Preparation guide for {guide.role}s removed from “{guide.program.name}”",
    )
    guide.delete()
