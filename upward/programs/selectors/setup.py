"""Reads for setting programs up: the manager's list, eligibility, content.

Every function here costs a fixed number of queries whatever the size of the
directory or the number of programs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from upward.accounts.models import Role, User
from upward.core import clock
from upward.people.models import Person
from upward.programs.models import (
    PROGRAM_TRANSITIONS,
    AgendaTemplate,
    Eligibility,
    Kpi,
    ParticipantRole,
    PreparationGuide,
    Program,
    ProgramManager,
    ProgramStatus,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from upward.programs.selectors.access import programs_managed_by
from upward.programs.services.program_defaults import add_months

ROLE_PLURAL = {ParticipantRole.MENTOR: "Mentors", ParticipantRole.MENTEE: "Mentees"}


def _count_of(queryset: QuerySet[Any]) -> Coalesce:
    """A correlated COUNT, so several counts on one row never multiply each other."""
    counted = queryset.order_by().values("program").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def program_list_for(user: Any) -> QuerySet[Program]:
    """The manager's programs, each with its head counts: one query for the page."""
    live = Registration.objects.filter(program=OuterRef("pk"), status=RegistrationStatus.REGISTERED)
    return (
        programs_managed_by(user)
        .annotate(
            mentor_count=_count_of(live.filter(role=ParticipantRole.MENTOR)),
            mentee_count=_count_of(live.filter(role=ParticipantRole.MENTEE)),
            kpi_count=_count_of(Kpi.objects.filter(program=OuterRef("pk"))),
            manager_count=_count_of(ProgramManager.objects.filter(program=OuterRef("pk"))),
        )
        .order_by("-starts_on", "name")
    )


def program_managers(program: Program) -> QuerySet[ProgramManager]:
    return program.manager_links.select_related("user", "user__person").order_by(
        "user__full_name", "user__email"
    )


def manager_candidates(program: Program) -> QuerySet[User]:
    """Logins that may be made managers of `program`: the role is granted by administrators."""
    return (
        User.objects.filter(is_active=True, role__in=[Role.ADMINISTRATOR, Role.PROGRAM_MANAGER])
        .exclude(program_manager_links__program=program)
        .order_by("full_name", "email")
    )


def allowed_transitions(program: Program) -> list[ProgramStatus]:
    """The statuses the program may move to next, in lifecycle order."""
    allowed = PROGRAM_TRANSITIONS[ProgramStatus(program.status)]
    return [status for status in ProgramStatus if status in allowed]


# --- Eligibility ---------------------------------------------------------------


def eligibility_rules(program: Program) -> dict[str, Eligibility]:
    """Both roles' rules with their departments, in two queries."""
    rows = program.eligibility.prefetch_related("departments")
    return {row.role: row for row in rows}


def _tenure_cutoff(months: int, today: date) -> date:
    return add_months(today, -months)


def people_meeting(
    *,
    min_level: int | None = None,
    max_level: int | None = None,
    min_tenure_months: int = 0,
    department_ids: Sequence[int] = (),
    locations: Sequence[str] = (),
    today: date | None = None,
) -> QuerySet[Person]:
    """Active people who meet these criteria; the eligibility form previews with it."""
    people = Person.objects.filter(is_active=True).select_related("department")
    if min_level is not None:
        people = people.filter(level__gte=min_level)
    if max_level is not None:
        people = people.filter(level__lte=max_level)
    if min_tenure_months:
        cutoff = _tenure_cutoff(min_tenure_months, today or clock.today())
        people = people.filter(hire_date__lte=cutoff)
    if department_ids:
        people = people.filter(department_id__in=department_ids)
    if locations:
        people = people.filter(location__in=locations)
    return people.order_by("name", "employee_id")


def eligible_people(
    program: Program,
    role: str,
    *,
    today: date | None = None,
    eligibility: Eligibility | None = None,
) -> QuerySet[Person]:
    """Active people in the directory who meet `role`'s eligibility in `program`.

    No rule row means anyone active may take the role.
    """
    rule = eligibility or program.eligibility.filter(role=role).first()
    if rule is None:
        return people_meeting(today=today)
    return people_meeting(
        min_level=rule.min_level,
        max_level=rule.max_level,
        min_tenure_months=rule.min_tenure_months,
        department_ids=[department.pk for department in rule.departments.all()],
        locations=rule.locations,
        today=today,
    )


def eligible_counts(program: Program, *, today: date | None = None) -> dict[str, int]:
    """How many people could take each role: one COUNT per role."""
    rules = eligibility_rules(program)
    return {
        role: eligible_people(program, role, today=today, eligibility=rules.get(role)).count()
        for role in ParticipantRole.values
    }


def describe_eligibility(rule: Eligibility | None) -> list[str]:
    """The rule in short phrases for people: ["Levels 1 to 3", "6 months' tenure", ...]."""
    if rule is None:
        return ["Anyone in the directory"]
    if rule.min_level is not None and rule.max_level is not None:
        level = (
            f"Level {rule.min_level}"
            if rule.min_level == rule.max_level
            else f"Levels {rule.min_level} to {rule.max_level}"
        )
    elif rule.min_level is not None:
        level = f"Level {rule.min_level} or above"
    elif rule.max_level is not None:
        level = f"Level {rule.max_level} or below"
    else:
        level = "Any level"
    phrases = [level]
    if rule.min_tenure_months:
        phrases.append(f"At least {_months(rule.min_tenure_months)} with the company")
    departments = [department.name for department in rule.departments.all()]
    phrases.append(", ".join(sorted(departments)) if departments else "Any department")
    phrases.append(", ".join(rule.locations) if rule.locations else "Any location")
    return phrases


def _months(months: int) -> str:
    return f"{months} month{'s' if months != 1 else ''}"


@dataclass(frozen=True)
class EligibilitySummary:
    role: str
    label: str
    rule: Eligibility | None
    phrases: list[str]
    eligible: int


def eligibility_summary(program: Program) -> list[EligibilitySummary]:
    rules = eligibility_rules(program)
    counts = eligible_counts(program)
    return [
        EligibilitySummary(
            role=role,
            label=ROLE_PLURAL[ParticipantRole(role)],
            rule=rules.get(role),
            phrases=describe_eligibility(rules.get(role)),
            eligible=counts[role],
        )
        for role in ParticipantRole.values
    ]


def is_eligible(
    program: Program, role: str, person: Person, *, today: date | None = None
) -> tuple[bool, str]:
    """Whether `person` may take `role` in `program`, and if not, the first reason why.

    The reason is written to the person themselves ("your level is 2"), for the
    registration page. Checks run in the same order as eligible_people filters.
    """
    who = ROLE_PLURAL[ParticipantRole(role)]
    if not person.is_active:
        return False, "Only current employees can take part."
    rule = program.eligibility.filter(role=role).first()
    if rule is None:
        return True, ""
    if rule.min_level is not None and person.level < rule.min_level:
        return False, (
            f"{who} must be at level {rule.min_level} or above; your level is {person.level}."
        )
    if rule.max_level is not None and person.level > rule.max_level:
        return False, (
            f"{who} must be at level {rule.max_level} or below; your level is {person.level}."
        )
    if rule.min_tenure_months:
        cutoff = _tenure_cutoff(rule.min_tenure_months, today or clock.today())
        if person.hire_date is None:
            return False, (
                f"{who} need at least {_months(rule.min_tenure_months)} with the company, "
                "and the directory has no hire date for you."
            )
        if person.hire_date > cutoff:
            return False, (
                f"{who} need at least {_months(rule.min_tenure_months)} with the company; "
                f"you joined on {person.hire_date:%d %B %Y}."
            )
    departments = list(rule.departments.all())
    if departments and person.department_id not in {d.pk for d in departments}:
        names = ", ".join(sorted(d.name for d in departments))
        yours = person.department.name if person.department else "no department"
        return False, f"{who} must be in {names}; you are in {yours}."
    if rule.locations and person.location not in rule.locations:
        yours = person.location or "no location"
        return False, f"{who} must be based in {', '.join(rule.locations)}; you are in {yours}."
    return True, ""


def directory_locations() -> list[str]:
    """Every location in the directory, for the eligibility form's choices."""
    return list(
        Person.objects.filter(is_active=True)
        .exclude(location="")
        .values_list("location", flat=True)
        .distinct()
        .order_by("location")
    )


def program_content_counts(program: Program) -> dict[str, int]:
    """Agendas, questions and guides in one query, for the overview's links."""
    counts = Program.objects.filter(pk=program.pk).aggregate(
        agendas=Count("agendas", distinct=True),
        questions=Count("questions", distinct=True),
        guides=Count("guides", distinct=True),
    )
    return {key: value or 0 for key, value in counts.items()}


def question_answer_count(question: RegistrationQuestion) -> int:
    """Registrations holding an answer to `question`: answers are keyed by its id."""
    return Registration.objects.filter(
        program_id=question.program_id, answers__has_key=str(question.pk)
    ).count()


@dataclass(frozen=True)
class AgendaUse:
    total: int
    to_come: int  # not started and not cancelled


def agenda_use(agenda: AgendaTemplate, *, now: datetime | None = None) -> AgendaUse:
    """Sessions planned with an agenda, in one query, for its delete page.

    Read through the sessions' named reverse relation; "cancelled" is the one
    session state that will not take place.
    """
    to_come = Q(starts_at__gt=now or timezone.now()) & ~Q(status="cancelled")
    counts = agenda.sessions.aggregate(total=Count("pk"), to_come=Count("pk", filter=to_come))
    return AgendaUse(total=counts["total"], to_come=counts["to_come"])


# --- A program's content ------------------------------------------------------------


def program_agendas(program: Program) -> QuerySet[AgendaTemplate]:
    return AgendaTemplate.objects.filter(program=program).order_by("position", "id")


def program_guides(program: Program) -> QuerySet[PreparationGuide]:
    return PreparationGuide.objects.filter(program=program).order_by("role")


def program_questions(program: Program) -> QuerySet[RegistrationQuestion]:
    return RegistrationQuestion.objects.filter(program=program).order_by("position", "id")


def _one_of(items: QuerySet[Any], pk: int, what: str) -> Any:
    found = items.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found


def get_program_agenda(program: Program, agenda_id: int) -> AgendaTemplate:
    """One agenda of a program already reached through the manager's guard; 404 otherwise."""
    agenda: AgendaTemplate = _one_of(program_agendas(program), agenda_id, "agenda template")
    return agenda


def get_program_guide(program: Program, guide_id: int) -> PreparationGuide:
    guide: PreparationGuide = _one_of(program_guides(program), guide_id, "guide")
    return guide


def get_program_question(program: Program, question_id: int) -> RegistrationQuestion:
    question: RegistrationQuestion = _one_of(program_questions(program), question_id, "question")
    return question


def program_kpi_list(program: Program) -> list[Kpi]:
    return list(Kpi.objects.filter(program=program).order_by("position", "id"))


def get_manager_link(program: Program, user_id: int) -> ProgramManager:
    """One manager of the program (for removing them); 404 for anyone else."""
    link = program_managers(program).filter(user_id=user_id).first()
    if link is None:
        raise Http404("No such manager")
    return link
