"""Writes for registration: join, edit, withdraw, confirm the guide, self-identify.

Audit entries record what happened to a registration, never what a person
wrote about themselves: self-identification answers and goals stay out of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from upward.core import clock
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.notifications.email import absolute_url, send_email
from upward.people.models import Person
from upward.programs.models import (
    AssessmentMoment,
    ParticipantRole,
    Program,
    Registration,
    RegistrationSkill,
    RegistrationStatus,
    SelfIdentification,
    SelfRating,
    Skill,
)
from upward.programs.registration_choices import is_valid_slot, is_valid_timezone
from upward.programs.selectors.registration import (
    EDITABLE_PROGRAM_STATUSES,
    registration_refusal,
    role_label,
)
from upward.programs.self_identification import PURPOSE_VERSION, clean_answers
from upward.programs.services.recruiting import invitation_mark_registered

MAX_SKILLS = 12
LOCKED_MESSAGE = "Registrations are locked once matching starts"


@dataclass(frozen=True)
class RegistrationData:
    """What a participant tells us; `skills` in priority order (first = most wanted)."""

    skills: list[Skill]
    goals: str
    availability: list[str]
    timezone: str
    meeting_preference: str
    languages: list[str]
    capacity: int = 1
    answers: dict[str, Any] = field(default_factory=dict)


def _check_data(program: Program, role: str, data: RegistrationData) -> None:
    if not data.skills:
        raise ApplicationError("Pick at least one skill.")
    if len(data.skills) > MAX_SKILLS:
        raise ApplicationError(f"Pick at most {MAX_SKILLS} skills.")
    if not data.goals.strip():
        raise ApplicationError("Tell us your goals in a sentence or two.")
    if not data.availability or not all(is_valid_slot(slot) for slot in data.availability):
        raise ApplicationError("Pick at least one time in the week when you could meet.")
    if not is_valid_timezone(data.timezone):
        raise ApplicationError("Choose your time zone from the list.")
    if not data.languages:
        raise ApplicationError("Pick at least one language you can meet in.")
    if data.capacity != 1 and not (
        role == ParticipantRole.MENTOR and 1 <= data.capacity <= program.mentor_capacity
    ):
        raise ApplicationError(
            f"A mentor in {program.name} can take between 1 and {program.mentor_capacity} mentees."
            if role == ParticipantRole.MENTOR and program.mentor_capacity > 1
            else "Only mentors in programs that allow it can take more than one mentee."
        )


def _apply(registration: Registration, data: RegistrationData) -> None:
    registration.goals = data.goals.strip()
    registration.availability = sorted(set(data.availability))
    registration.timezone = data.timezone
    registration.meeting_preference = data.meeting_preference
    registration.languages = list(dict.fromkeys(data.languages))
    registration.capacity = data.capacity
    registration.answers = data.answers
    registration.full_clean(exclude=["program", "person"])
    registration.save()
    RegistrationSkill.objects.filter(registration=registration).delete()
    RegistrationSkill.objects.bulk_create(
        RegistrationSkill(registration=registration, skill=skill, priority=position)
        for position, skill in enumerate(dict.fromkeys(data.skills))
    )
    # A skill taken off the registration takes its starting-point rating with it; a new one
    # is unrated, and "My programs" asks for it (registrations_of_person's rated_start).
    SelfRating.objects.filter(
        registration=registration, moment=AssessmentMoment.BEFORE, topic__startswith="skill:"
    ).exclude(topic__in=[f"skill:{skill.slug}" for skill in data.skills]).delete()


def registration_send_confirmation(*, registration_id: int) -> bool:
    """Email "You're registered as a ... what happens next"; False if it was withdrawn since."""
    registration = (
        Registration.objects.select_related("program", "person")
        .filter(pk=registration_id, status=RegistrationStatus.REGISTERED)
        .first()
    )
    if registration is None:
        return False
    program = registration.program
    person = registration.person
    send_email(
        to=[person.email],
        subject=(
            f"You're registered as a {role_label(registration.role)} in {program.name}: "
            "what happens next"
        ),
        template="programs/emails/registration_confirmed",
        context={
            "registration": registration,
            "program": program,
            "person": person,
            "first_name": person.name.split()[0] if person.name.strip() else "",
            "role": role_label(registration.role),
            "is_mentor": registration.role == ParticipantRole.MENTOR,
            "registration_url": absolute_url(
                reverse("programs:my_registration", args=[registration.pk])
            ),
            "guide_url": absolute_url(
                reverse("programs:registration_guide", args=[registration.pk])
            ),
        },
        recipient_timezone=person.timezone,
    )
    return True


def _send_confirmation_on_commit(registration_id: int) -> None:
    # A worker sends it: a slow or failing mail server never fails the registration.
    from upward.programs.tasks import send_registration_confirmation

    transaction.on_commit(
        lambda: send_registration_confirmation.enqueue(registration_id=registration_id)
    )


@transaction.atomic
def registration_create(
    *,
    program: Program,
    person: Person,
    role: str,
    data: RegistrationData,
    actor: Any,
    self_identification: dict[str, str] | None = None,
) -> Registration:
    """Register `person` as `role`; `self_identification` only when they consented.

    Refuses, with a message for the participant, anyone ineligible, outside the
    registration window, without an invitation to an invite-only program, or
    already registered.
    """
    # Lock the person's row: two quick submits must not both pass the checks.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    refusal = registration_refusal(program=program, person=person, role=role, today=clock.today())
    if refusal:
        raise ApplicationError(refusal)
    capacity = data.capacity if role == ParticipantRole.MENTOR else 1
    if program.mentor_capacity == 1:
        capacity = 1
    data = RegistrationData(**{**data.__dict__, "capacity": capacity})
    _check_data(program, role, data)
    registration = Registration(
        program=program, person=person, role=role, guide_read_at=None, withdrawn_at=None
    )
    try:
        with transaction.atomic():
            _apply(registration, data)
    except IntegrityError:
        raise ApplicationError(f"You are already registered in {program.name}.") from None
    audit_log(
        actor=actor,
        action="registration.created",
        summary=f"{person.name} registered as a {role_label(role)} in {program.name}",
        target=registration,
        data={"program": program.pk, "role": role, "skills": len(data.skills)},
    )
    invitation_mark_registered(program=program, person=person)
    if self_identification:
        self_identification_give(
            registration=registration, answers=self_identification, actor=actor
        )
    _send_confirmation_on_commit(registration.pk)
    return registration


def _lock(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update()
        .select_related("program", "person")
        .get(pk=registration.pk)
    )


@transaction.atomic
def registration_update(
    *, registration: Registration, data: RegistrationData, actor: Any
) -> Registration:
    """Change a live registration, until the program moves on to matching."""
    registration = _lock(registration)
    program = registration.program
    if registration.status != RegistrationStatus.REGISTERED:
        raise ApplicationError("This registration was withdrawn; register again to rejoin.")
    if program.status not in EDITABLE_PROGRAM_STATUSES:
        raise ApplicationError(LOCKED_MESSAGE)
    if registration.role != ParticipantRole.MENTOR or program.mentor_capacity == 1:
        data = RegistrationData(**{**data.__dict__, "capacity": 1})
    _check_data(program, registration.role, data)
    _apply(registration, data)
    audit_log(
        actor=actor,
        action="registration.updated",
        summary=f"{registration.person.name} updated their registration in {program.name}",
        target=registration,
        data={"program": program.pk, "skills": len(data.skills)},
    )
    return registration


@transaction.atomic
def registration_withdraw(*, registration: Registration, actor: Any) -> Registration:
    """Leave a program, at any time. Self-identification goes with it: it is deleted."""
    registration = _lock(registration)
    if registration.status == RegistrationStatus.WITHDRAWN:
        return registration
    SelfIdentification.objects.filter(registration=registration).delete()
    registration.status = RegistrationStatus.WITHDRAWN
    registration.withdrawn_at = timezone.now()
    registration.full_clean(exclude=["program", "person"])
    registration.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registration.withdrawn",
        summary=(
            f"{registration.person.name} withdrew from {registration.program.name} "
            f"as a {role_label(registration.role)}"
        ),
        target=registration,
        data={"program": registration.program_id, "role": registration.role},
    )
    return registration


@transaction.atomic
def registration_confirm_guide_read(*, registration: Registration, actor: Any) -> Registration:
    """A mentor confirms they read the preparation guide: from now on they can be matched."""
    registration = _lock(registration)
    if registration.role != ParticipantRole.MENTOR:
        raise ApplicationError("Only mentors confirm the preparation guide.")
    if registration.status != RegistrationStatus.REGISTERED:
        raise ApplicationError("This registration was withdrawn.")
    if registration.guide_read_at is not None:
        return registration
    registration.guide_read_at = timezone.now()
    registration.save(update_fields=["guide_read_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registration.guide_read",
        summary=(
            f"{registration.person.name} confirmed reading the preparation guide of "
            f"{registration.program.name}"
        ),
        target=registration,
        data={"program": registration.program_id},
    )
    return registration


@transaction.atomic
def self_identification_give(
    *,
    registration: Registration,
    answers: dict[str, str],
    actor: Any,
    purpose_version: str = PURPOSE_VERSION,
) -> SelfIdentification | None:
    """Store (or replace) consented self-identification; no answers means nothing is kept.

    Call this only when the person ticked the consent box. The audit entry
    records the consent and its wording's version, never the answers.
    """
    registration = _lock(registration)
    if registration.status != RegistrationStatus.REGISTERED:
        raise ApplicationError("This registration was withdrawn.")
    if not registration.program.has_inclusion_objective:
        raise ApplicationError("This program does not ask for self-identification.")
    cleaned = clean_answers(answers)
    if not cleaned:
        self_identification_withdraw(registration=registration, actor=actor)
        return None
    SelfIdentification.objects.filter(registration=registration).delete()
    record = SelfIdentification(
        registration=registration,
        consent_given_at=timezone.now(),
        purpose_version=purpose_version,
        answers=cleaned,
    )
    record.full_clean()
    record.save()
    audit_log(
        actor=actor,
        action="self_identification.consent_given",
        summary="Consent to optional self-identification recorded",
        target=registration,
        data={"purpose_version": purpose_version},
    )
    return record


@transaction.atomic
def self_identification_withdraw(*, registration: Registration, actor: Any) -> bool:
    """Withdraw consent: the answers are deleted, not blanked. True if there were any."""
    deleted, _ = SelfIdentification.objects.filter(registration=registration).delete()
    if deleted:
        audit_log(
            actor=actor,
            action="self_identification.consent_withdrawn",
            summary="Consent to optional self-identification withdrawn; answers deleted",
            target=registration,
        )
    return bool(deleted)
