"""Writes for setting a program up: create, edit, lifecycle, KPIs, eligibility, managers.

Questions, agendas and guides live in services.setup_content. Every function
is keyword-only, runs in one transaction, validates with full_clean() and
writes an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.permissions import can_manage_programs
from upward.people.models import Department
from upward.programs.catalogue import CUSTOM_KPI, KPI_CATALOGUE, PROGRAM_TEMPLATES
from upward.programs.catalogue.common import AGREEMENT_CORE
from upward.programs.catalogue.types import ProgramTemplate
from upward.programs.models import (
    PROGRAM_TRANSITIONS,
    Eligibility,
    Kpi,
    Objective,
    Program,
    ProgramManager,
    ProgramStatus,
)
from upward.programs.services.program_defaults import (
    create_content,
    create_eligibility,
    default_dates,
    default_start,
    unique_slug,
)

MIN_KPIS, MAX_KPIS = 2, 5
BLANK_KPIS = ("cadence_kept", "usefulness")
DEFAULT_DURATION_MONTHS = 9

# Fields program_update may change, in the order the settings form shows them;
# everything else goes through its own service.
EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "description",
    "objectives",
    "custom_objective",
    "recruitment_mode",
    "registration_opens_on",
    "registration_closes_on",
    "matching_on",
    "starts_on",
    "ends_on",
    "cadence_weeks",
    "session_minutes",
    "mentor_capacity",
    "agreement_text",
)

# How a transition reads in an error message: "A running program can only be closed."
_TRANSITION_VERBS = {
    ProgramStatus.DRAFT: "returned to draft",
    ProgramStatus.RECRUITING: "opened for recruiting",
    ProgramStatus.MATCHING: "moved to matching",
    ProgramStatus.RUNNING: "started",
    ProgramStatus.CLOSED: "closed",
}


class KpiInput(TypedDict):
    kind: str
    name: str
    comparator: str
    target: Decimal
    measure: str  # a custom KPI's catalogue measure; "" for a catalogue KPI


def clean_or_raise(instance: Any) -> None:
    """full_clean() with model errors turned into the one business error type."""
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise ApplicationError(" ".join(messages), extra={"errors": error.message_dict}) from None


def _check_objectives(objectives: Sequence[str], custom_objective: str) -> None:
    unknown = set(objectives) - set(Objective.values)
    if unknown:
        raise ApplicationError(f"Unknown objective: {', '.join(sorted(unknown))}.")
    if not objectives:
        raise ApplicationError("Choose at least one objective.")
    if Objective.CUSTOM in objectives and not custom_objective.strip():
        raise ApplicationError("Describe your custom objective.")


def _check_editable(program: Program) -> None:
    if program.status == ProgramStatus.CLOSED:
        raise ApplicationError("A closed program can no longer be changed.")


@transaction.atomic
def program_create(
    *,
    actor: Any,
    name: str,
    template_key: str = "",
    starts_on: date | None = None,
    description: str = "",
) -> Program:
    """A complete draft program, blank or from a template, with `actor` as its manager.

    One step: the program, its KPIs, eligibility for both roles, agendas and
    preparation guides are all created here, so a manager can edit rather
    than assemble.
    """
    if not can_manage_programs(actor):
        raise ApplicationError("Only program managers and administrators can create programs.")
    template: ProgramTemplate | None = None
    if template_key:
        template = PROGRAM_TEMPLATES.get(template_key)
        if template is None:
            raise ApplicationError(f"There is no program template called “{template_key}”.")
    duration = template.duration_months if template else DEFAULT_DURATION_MONTHS
    program = Program(
        name=name.strip(),
        slug=unique_slug(name),
        description=description or (template.description if template else ""),
        objectives=list(template.objectives) if template else [Objective.CUSTOM.value],
        custom_objective="" if template else "Describe what this program should achieve",
        template_key=template_key,
        status=ProgramStatus.DRAFT,
        cadence_weeks=template.cadence_weeks if template else 2,
        session_minutes=template.session_minutes if template else 45,
        mentor_capacity=template.mentor_capacity if template else 1,
        agreement_text=template.agreement_text if template else AGREEMENT_CORE,
        **default_dates(starts_on=starts_on or default_start(), duration_months=duration),
    )
    clean_or_raise(program)
    program.save()
    ProgramManager.objects.create(program=program, user=actor)

    kpi_targets = template.kpis if template else [(k, KPI_CATALOGUE[k].target) for k in BLANK_KPIS]
    Kpi.objects.bulk_create(
        Kpi(
            program=program,
            kind=kind,
            name=KPI_CATALOGUE[kind].name,
            comparator=KPI_CATALOGUE[kind].comparator,
            target=target,
            unit=KPI_CATALOGUE[kind].unit,
            position=position,
        )
        for position, (kind, target) in enumerate(kpi_targets)
    )
    create_eligibility(program, template)
    create_content(program, template)
    audit_log(
        actor=actor,
        action="program.created",
        summary=f"Program “{program.name}” created"
        + (f" from the template “{template.name}”" if template else " blank"),
        target=program,
        data={"template": template_key},
    )
    return program


def _locked(program: Program) -> Program:
    """The program re-read under a row lock, so concurrent edits queue up."""
    return Program.objects.select_for_update().get(pk=program.pk)


@transaction.atomic
def program_update(*, actor: Any, program: Program, **changes: Any) -> Program:
    """Change the program's own settings; only EDITABLE_FIELDS, and not once closed."""
    unknown = set(changes).difference(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            f"These fields cannot be changed here: {', '.join(sorted(unknown))}."
        )
    program = _locked(program)
    _check_editable(program)
    changed = [field for field, value in changes.items() if getattr(program, field) != value]
    for field in changed:
        setattr(program, field, changes[field])
    _check_objectives(program.objectives, program.custom_objective)
    if not changed:
        return program
    clean_or_raise(program)
    program.save(update_fields=[*changed, "updated_at"])
    audit_log(
        actor=actor,
        action="program.updated",
        summary=f"Program “{program.name}” settings changed: {', '.join(changed)}",
        target=program,
        data={"fields": changed},
    )
    return program


def transition_refusal(program: Program, to_status: str) -> str | None:
    """Why `program` may not move to `to_status`, or None when it may."""
    current = ProgramStatus(program.status)
    if to_status == current:
        return f"The program is already {current.label.lower()}."
    allowed = PROGRAM_TRANSITIONS[current]
    if to_status not in allowed:
        if not allowed:
            return f"A {current.label.lower()} program cannot change status."
        verbs = " or ".join(_TRANSITION_VERBS[ProgramStatus(s)] for s in sorted(allowed))
        return f"A {current.label.lower()} program can only be {verbs}."
    if to_status == ProgramStatus.RECRUITING and current == ProgramStatus.DRAFT:
        kpis = program.kpis.count()
        if not MIN_KPIS <= kpis <= MAX_KPIS:
            return f"Set {MIN_KPIS} to {MAX_KPIS} KPIs before recruiting (there are {kpis})."
    return None


@transaction.atomic
def program_transition(*, actor: Any, program: Program, to_status: str) -> Program:
    """Move along the lifecycle; only the moves in PROGRAM_TRANSITIONS are legal."""
    if to_status not in ProgramStatus.values:
        raise ApplicationError(f"“{to_status}” is not a program status.")
    program = _locked(program)
    refusal = transition_refusal(program, to_status)
    if refusal:
        raise ApplicationError(refusal)
    previous = program.status
    program.status = to_status
    program.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="program.status_changed",
        summary=f"Program “{program.name}” moved from {previous} to {to_status}",
        target=program,
        data={"from": previous, "to": to_status},
    )
    return program


@transaction.atomic
def program_kpis_replace(*, actor: Any, program: Program, kpis: Sequence[KpiInput]) -> list[Kpi]:
    """Replace the whole KPI set at once, so the two-to-five rule holds after every save."""
    program = _locked(program)
    _check_editable(program)
    if not MIN_KPIS <= len(kpis) <= MAX_KPIS:
        raise ApplicationError(f"A program needs {MIN_KPIS} to {MAX_KPIS} KPIs, not {len(kpis)}.")
    kinds = [kpi["kind"] for kpi in kpis if kpi["kind"] != CUSTOM_KPI]
    if len(kinds) != len(set(kinds)):
        raise ApplicationError("Each KPI from the catalogue can be chosen only once.")
    rows = []
    for position, kpi in enumerate(kpis):
        spec = KPI_CATALOGUE.get(kpi["kind"])
        if spec is None:
            raise ApplicationError(f"“{kpi['kind']}” is not a KPI in the catalogue.")
        name = (kpi["name"] or "").strip() or ("" if kpi["kind"] == CUSTOM_KPI else spec.name)
        if not name:
            raise ApplicationError("Give each custom KPI a name.")
        measure = kpi["measure"] if kpi["kind"] == CUSTOM_KPI else ""
        if kpi["kind"] == CUSTOM_KPI:
            spec = KPI_CATALOGUE.get(measure) or spec
            if measure not in KPI_CATALOGUE or measure == CUSTOM_KPI:
                raise ApplicationError(f"Choose what measures “{name}”.")
        if spec.highest is not None and kpi["target"] > spec.highest:
            raise ApplicationError(
                f"The target for “{name}” can be at most {spec.highest.normalize():f}{spec.unit}."
            )
        row = Kpi(
            program=program,
            kind=kpi["kind"],
            name=name,
            comparator=kpi["comparator"] or spec.comparator,
            target=kpi["target"],
            unit=spec.unit,
            measure=measure,
            position=position,
        )
        clean_or_raise(row)
        rows.append(row)
    program.kpis.all().delete()
    created = Kpi.objects.bulk_create(rows)
    audit_log(
        actor=actor,
        action="program.kpis_updated",
        summary=f"Program “{program.name}” KPIs set: {', '.join(str(r) for r in rows)}",
        target=program,
    )
    return created


@transaction.atomic
def eligibility_update(
    *,
    actor: Any,
    program: Program,
    role: str,
    min_level: int | None,
    max_level: int | None,
    min_tenure_months: int,
    departments: Iterable[Department],
    locations: Sequence[str],
) -> Eligibility:
    """Who may take `role` in `program`; empty departments or locations mean anyone."""
    program = _locked(program)
    _check_editable(program)
    eligibility, _ = Eligibility.objects.get_or_create(program=program, role=role)
    eligibility.min_level = min_level
    eligibility.max_level = max_level
    eligibility.min_tenure_months = min_tenure_months
    eligibility.locations = sorted({location.strip() for location in locations if location.strip()})
    if min_level is not None and max_level is not None and min_level > max_level:
        raise ApplicationError("The lowest level must not be above the highest level.")
    clean_or_raise(eligibility)
    eligibility.save()
    eligibility.departments.set(list(departments))
    audit_log(
        actor=actor,
        action="program.eligibility_updated",
        summary=f"Program “{program.name}” eligibility for {role}s changed",
        target=program,
        data={"role": role},
    )
    return eligibility


@transaction.atomic
def program_manager_add(*, actor: Any, program: Program, user: Any) -> ProgramManager:
    program = _locked(program)
    if not can_manage_programs(user):
        raise ApplicationError(
            f"{user} cannot manage programs: an administrator must first give them the "
            "program manager role."
        )
    if ProgramManager.objects.filter(program=program, user=user).exists():
        raise ApplicationError(f"{user} already manages this program.")
    link = ProgramManager(program=program, user=user)
    clean_or_raise(link)
    link.save()
    audit_log(
        actor=actor,
        action="program.manager_added",
        summary=f"{user} now manages program “{program.name}”",
        target=program,
        data={"user_id": user.pk},
    )
    return link


@transaction.atomic
def program_manager_remove(*, actor: Any, program: Program, user: Any) -> None:
    # The lock serialises two managers removing each other at the same moment.
    program = _locked(program)
    links = ProgramManager.objects.filter(program=program)
    if not links.filter(user=user).exists():
        raise ApplicationError(f"{user} does not manage this program.")
    if links.count() <= 1:
        raise ApplicationError("A program needs at least one manager: add another one first.")
    links.filter(user=user).delete()
    audit_log(
        actor=actor,
        action="program.manager_removed",
        summary=f"{user} no longer manages program “{program.name}”",
        target=program,
        data={"user_id": user.pk},
    )
