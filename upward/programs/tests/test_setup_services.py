"""Setting a program up: creation, lifecycle, KPIs, eligibility, managers, content."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from upward.accounts.models import Role
from upward.accounts.tests.factories import UserFactory
from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.people.tests.factories import DepartmentFactory
from upward.programs.catalogue import PROGRAM_TEMPLATES
from upward.programs.models import (
    PROGRAM_TRANSITIONS,
    Eligibility,
    ParticipantRole,
    Program,
    ProgramStatus,
    QuestionKind,
)
from upward.programs.services import setup_content
from upward.programs.services.program_defaults import add_months
from upward.programs.services.setup import (
    eligibility_update,
    program_create,
    program_kpis_replace,
    program_manager_add,
    program_manager_remove,
    program_transition,
    program_update,
)
from upward.programs.tests.factories import KpiFactory, ProgramFactory, make_manager

pytestmark = pytest.mark.django_db

ALL_MOVES = [(a, b) for a in ProgramStatus.values for b in ProgramStatus.values if a != b]
LEGAL = [(a, b) for a, b in ALL_MOVES if b in PROGRAM_TRANSITIONS[a]]
ILLEGAL = [(a, b) for a, b in ALL_MOVES if b not in PROGRAM_TRANSITIONS[a]]


def _kpi(kind: str, target: str = "80", name: str = "", measure: str = "") -> dict:
    return {
        "kind": kind,
        "name": name,
        "comparator": "gte",
        "target": Decimal(target),
        "measure": measure,
    }


# --- Creation -------------------------------------------------------------------


@pytest.mark.parametrize("key", list(PROGRAM_TEMPLATES))
def test_program_created_from_a_template_in_one_step(program_manager, key) -> None:
    template = PROGRAM_TEMPLATES[key]
    program = program_create(actor=program_manager, name="Spring cohort", template_key=key)

    assert program.status == ProgramStatus.DRAFT
    assert program.objectives == list(template.objectives)
    assert program.kpis.count() == len(template.kpis)
    assert set(program.eligibility.values_list("role", flat=True)) == set(ParticipantRole.values)
    assert program.agendas.count() == len(template.agendas)
    assert set(program.guides.values_list("role", flat=True)) == set(ParticipantRole.values)
    assert list(program.managers.all()) == [program_manager]
    assert program.cadence_weeks == template.cadence_weeks
    assert add_months(program.starts_on, template.duration_months) == program.ends_on
    assert program.registration_opens_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="program.created", target_id=str(program.pk)).exists()


def test_blank_program_still_has_everything_needed_to_recruit(program_manager) -> None:
    program = program_create(actor=program_manager, name="Pilot")
    assert program.kpis.count() == 2
    assert program.eligibility.count() == 2
    assert program.guides.count() == 2
    assert program.agendas.exists()
    assert "{cadence}" in program.agreement_text
    program_transition(actor=program_manager, program=program, to_status=ProgramStatus.RECRUITING)


def test_template_eligibility_keeps_mentors_junior_and_mentees_senior(program_manager) -> None:
    program = program_create(actor=program_manager, name="X", template_key="digital-leadership")
    mentor_rule = program.eligibility.get(role=ParticipantRole.MENTOR)
    mentee_rule = program.eligibility.get(role=ParticipantRole.MENTEE)
    assert mentor_rule.max_level < mentee_rule.min_level


def test_two_programs_with_the_same_name_get_distinct_slugs(program_manager) -> None:
    first = program_create(actor=program_manager, name="Cohort")
    second = program_create(actor=program_manager, name="Cohort")
    assert first.slug != second.slug


def test_members_cannot_create_programs(mentor) -> None:
    with pytest.raises(ApplicationError):
        program_create(actor=mentor, name="Mine")


def test_unknown_template_is_refused(program_manager) -> None:
    with pytest.raises(ApplicationError, match="no program template"):
        program_create(actor=program_manager, name="X", template_key="nope")


def test_a_program_cannot_start_in_the_past(program_manager) -> None:
    with pytest.raises(ApplicationError, match="past"):
        program_create(
            actor=program_manager, name="X", starts_on=timezone.localdate() - timedelta(days=1)
        )


# --- Lifecycle ------------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_legal_transitions_are_allowed(program_manager, from_status, to_status) -> None:
    program = ProgramFactory(status=from_status)
    KpiFactory.create_batch(2, program=program)
    program_transition(actor=program_manager, program=program, to_status=to_status)
    program.refresh_from_db()
    assert program.status == to_status
    entry = AuditEntry.objects.get(action="program.status_changed")
    assert entry.data == {"from": from_status, "to": to_status}


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_illegal_transitions_are_refused(program_manager, from_status, to_status) -> None:
    program = ProgramFactory(status=from_status)
    with pytest.raises(ApplicationError):
        program_transition(actor=program_manager, program=program, to_status=to_status)
    program.refresh_from_db()
    assert program.status == from_status
    assert not AuditEntry.objects.filter(action="program.status_changed").exists()


def test_a_running_program_can_only_be_closed(program_manager) -> None:
    program = ProgramFactory(status=ProgramStatus.RUNNING)
    with pytest.raises(ApplicationError, match="A running program can only be closed."):
        program_transition(actor=program_manager, program=program, to_status="recruiting")


def test_a_closed_program_cannot_be_reopened(program_manager) -> None:
    program = ProgramFactory(status=ProgramStatus.CLOSED)
    with pytest.raises(ApplicationError, match="closed program cannot change status"):
        program_transition(actor=program_manager, program=program, to_status="running")


def test_unknown_status_is_refused(program_manager) -> None:
    with pytest.raises(ApplicationError, match="not a program status"):
        program_transition(actor=program_manager, program=ProgramFactory(), to_status="paused")


def test_recruiting_needs_two_to_five_kpis(program_manager) -> None:
    program = ProgramFactory(status=ProgramStatus.DRAFT)
    KpiFactory(program=program)
    with pytest.raises(ApplicationError, match="2 to 5 KPIs"):
        program_transition(actor=program_manager, program=program, to_status="recruiting")


# --- Settings ---------------------------------------------------------------------


def test_program_update_changes_only_what_changed(program_manager) -> None:
    program = ProgramFactory(managers=[program_manager])
    program_update(actor=program_manager, program=program, cadence_weeks=3, name=program.name)
    program.refresh_from_db()
    assert program.cadence_weeks == 3
    assert AuditEntry.objects.get(action="program.updated").data == {"fields": ["cadence_weeks"]}


def test_program_update_refuses_dates_out_of_order(program_manager) -> None:
    program = ProgramFactory()
    with pytest.raises(ApplicationError):
        program_update(actor=program_manager, program=program, ends_on=program.starts_on)


def test_program_update_refuses_status_and_unknown_fields(program_manager) -> None:
    with pytest.raises(ApplicationError, match="cannot be changed"):
        program_update(actor=program_manager, program=ProgramFactory(), status="running")


def test_custom_objective_needs_a_description(program_manager) -> None:
    with pytest.raises(ApplicationError, match="custom objective"):
        program_update(
            actor=program_manager,
            program=ProgramFactory(),
            objectives=["custom"],
            custom_objective="",
        )


def test_a_closed_program_can_no_longer_be_changed(program_manager) -> None:
    program = ProgramFactory(status=ProgramStatus.CLOSED)
    with pytest.raises(ApplicationError, match="closed program"):
        program_update(actor=program_manager, program=program, name="New name")


# --- KPIs -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 6])
def test_kpi_set_must_hold_two_to_five(program_manager, count) -> None:
    program = ProgramFactory()
    kinds = ["cadence_kept", "usefulness", "skills_gained", "completion", "commitments", "custom"]
    kpis = [_kpi(kind, name="Own") for kind in kinds[:count]]
    with pytest.raises(ApplicationError, match="2 to 5 KPIs"):
        program_kpis_replace(actor=program_manager, program=program, kpis=kpis)


def test_kpi_set_is_replaced_whole(program_manager) -> None:
    program = ProgramFactory()
    KpiFactory.create_batch(3, program=program)
    program_kpis_replace(
        actor=program_manager,
        program=program,
        kpis=[
            _kpi("usefulness", "3.5"),
            _kpi("custom", "3", name="Sessions a month", measure="sessions_per_month"),
        ],
    )
    kpis = list(program.kpis.all())
    assert [(k.kind, k.target, k.unit) for k in kpis] == [
        ("usefulness", Decimal("3.5"), "/4"),
        ("custom", Decimal("3"), " sessions"),
    ]
    assert kpis[0].name == "Average usefulness rating"


@pytest.mark.parametrize(
    "kind, target, message",
    [
        ("usefulness", "4.5", "at most 4/4"),
        ("completion", "120", "at most 100%"),
    ],
)
def test_a_target_beyond_the_scale_is_refused(program_manager, kind, target, message) -> None:
    program = ProgramFactory()
    with pytest.raises(ApplicationError, match=message):
        program_kpis_replace(
            actor=program_manager,
            program=program,
            kpis=[
                _kpi(kind, target),
                _kpi("custom", "3", name="Sessions a month", measure="sessions_per_month"),
            ],
        )


def test_custom_kpi_needs_a_name_and_catalogue_kpis_appear_once(program_manager) -> None:
    program = ProgramFactory()
    with pytest.raises(ApplicationError, match="name"):
        program_kpis_replace(
            actor=program_manager, program=program, kpis=[_kpi("usefulness", "3"), _kpi("custom")]
        )
    with pytest.raises(ApplicationError, match="only once"):
        program_kpis_replace(
            actor=program_manager,
            program=program,
            kpis=[_kpi("usefulness", "3"), _kpi("usefulness", "3")],
        )


# --- Eligibility ------------------------------------------------------------------


def test_eligibility_update_sets_both_bands_and_lists(program_manager) -> None:
    program = ProgramFactory()
    sales = DepartmentFactory(name="Sales")
    rule = eligibility_update(
        actor=program_manager,
        program=program,
        role=ParticipantRole.MENTEE,
        min_level=6,
        max_level=None,
        min_tenure_months=12,
        departments=[sales],
        locations=[" London ", "Paris", ""],
    )
    rule = Eligibility.objects.get(pk=rule.pk)
    assert (rule.min_level, rule.max_level, rule.min_tenure_months) == (6, None, 12)
    assert list(rule.departments.all()) == [sales]
    assert rule.locations == ["London", "Paris"]


def test_eligibility_band_must_be_in_order(program_manager) -> None:
    with pytest.raises(ApplicationError, match="lowest level"):
        eligibility_update(
            actor=program_manager,
            program=ProgramFactory(),
            role=ParticipantRole.MENTOR,
            min_level=4,
            max_level=2,
            min_tenure_months=0,
            departments=[],
            locations=[],
        )


# --- Managers ---------------------------------------------------------------------


def test_only_program_managers_can_be_added(program_manager, mentor) -> None:
    program = ProgramFactory(managers=[program_manager])
    with pytest.raises(ApplicationError, match="program manager role"):
        program_manager_add(actor=program_manager, program=program, user=mentor)
    colleague = UserFactory(role=Role.PROGRAM_MANAGER)
    program_manager_add(actor=program_manager, program=program, user=colleague)
    assert set(program.managers.all()) == {program_manager, colleague}
    with pytest.raises(ApplicationError, match="already manages"):
        program_manager_add(actor=program_manager, program=program, user=colleague)


def test_the_last_manager_cannot_be_removed(program_manager) -> None:
    program = ProgramFactory(managers=[program_manager])
    with pytest.raises(ApplicationError, match="at least one manager"):
        program_manager_remove(actor=program_manager, program=program, user=program_manager)
    colleague = make_manager(program)
    program_manager_remove(actor=colleague, program=program, user=program_manager)
    assert list(program.managers.all()) == [colleague]


# --- Content ----------------------------------------------------------------------


def test_questions_agendas_and_guides_can_be_created_changed_and_deleted(program_manager) -> None:
    program = ProgramFactory()
    question = setup_content.question_create(
        actor=program_manager,
        program=program,
        prompt="Preferred language?",
        kind=QuestionKind.CHOICE,
        choices=["English", " French ", ""],
        role="",
        required=True,
    )
    assert question.choices == ["English", "French"]
    setup_content.question_update(
        actor=program_manager,
        question=question,
        prompt="Language?",
        kind=QuestionKind.CHOICE,
        choices=["English", "French"],
        role="",
        required=True,
    )
    agenda = setup_content.agenda_create(
        actor=program_manager, program=program, title="Intro", summary="", outline="Hi", minutes=30
    )
    setup_content.agenda_update(
        actor=program_manager, agenda=agenda, title="Intro", summary="", outline="Hi", minutes=45
    )
    guide = setup_content.guide_create(
        actor=program_manager, program=program, role="mentor", title="Prepare", body="Read this."
    )
    setup_content.guide_update(
        actor=program_manager, guide=guide, title="Prepare", body="Read this first."
    )
    with pytest.raises(ApplicationError, match="already has"):
        setup_content.guide_create(
            actor=program_manager, program=program, role="mentor", title="Again", body="x"
        )
    program.refresh_from_db()
    assert program.questions.get().prompt == "Language?"
    assert program.agendas.get().minutes == 45
    assert program.guides.get().body == "Read this first."
    setup_content.question_delete(actor=program_manager, question=question)
    setup_content.agenda_delete(actor=program_manager, agenda=agenda)
    setup_content.guide_delete(actor=program_manager, guide=guide)
    assert not (program.questions.exists() or program.agendas.exists() or program.guides.exists())


def test_a_choice_question_needs_two_choices(program_manager) -> None:
    with pytest.raises(ApplicationError, match="two choices"):
        setup_content.question_create(
            actor=program_manager,
            program=ProgramFactory(),
            prompt="Pick",
            kind="choice",
            choices=["A"],
            role="",
            required=False,
        )


def test_program_dates_constraint_still_holds_in_factory() -> None:
    program = ProgramFactory()
    program.full_clean()
    assert Program.objects.count() == 1
