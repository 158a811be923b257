"""Recruiting: invitations, and what happens to them until the invitee answers.

For the registration service: when a registration is created for a person,
call `invitation_mark_registered(program=..., person=...)` inside the same
transaction; it is a no-op for people who were never invited.

Emails are sent by tasks (programs.tasks, services/invitation_sending.py)
enqueued on commit, never inside a request: an invitation row exists before
its email does, and `sent_at` says when the email actually left.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from upward.core import clock
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.people.models import Person
from upward.programs.models import (
    Invitation,
    InvitationStatus,
    ParticipantRole,
    Program,
    Registration,
    RegistrationStatus,
)
from upward.programs.selectors.recruiting import (
    PENDING_STATUSES,
    DirectoryCriteria,
    eligibility_of,
    eligible_people_for,
    people_matching,
)
from upward.programs.services.csv_emails import CsvProblem, read_invitee_emails
from upward.programs.services.invitation_sending import send_invitations_on_commit

logger = logging.getLogger(__name__)

ROLE_CHOICES = ("", ParticipantRole.MENTOR, ParticipantRole.MENTEE)
_CHUNK = 500  # keeps IN (...) lists under every database's parameter limit
_REASONS_SHOWN = 50  # per-person eligibility reasons cost a query each


@dataclass
class InvitationBatch:
    """What one bulk invitation did."""

    created: list[Invitation] = field(default_factory=list)
    already_invited: int = 0
    already_registered: int = 0
    ineligible: list[tuple[Person, str]] = field(default_factory=list)


def _ensure_recruiting(program: Program) -> None:
    if not program.registration_is_open(clock.today()):
        raise ApplicationError(
            f"Invitations can be sent only while {program.name} is recruiting and its "
            f"registration is open ({program.registration_opens_on:%d %b %Y} to "
            f"{program.registration_closes_on:%d %b %Y})."
        )


def _ensure_role(role: str) -> None:
    if role not in ROLE_CHOICES:
        raise ApplicationError(f"Unknown role {role!r}: invite as a mentor or a mentee.")


# --- Creating invitations ------------------------------------------------------


@transaction.atomic
def invitation_create_many(
    *,
    program: Program,
    people: QuerySet[Person] | Iterable[Person],
    role: str,
    invited_by: Any,
    source: str = "individuals",
) -> InvitationBatch:
    """Invite `people` to `program` in `role` ("" = either) and queue their emails.

    Idempotent per person: someone already invited or registered is counted,
    never invited twice (the database's unique constraint settles races
    between two managers). People who are not eligible are left out and
    reported with the reason.
    """
    _ensure_recruiting(program)
    _ensure_role(role)
    if isinstance(people, QuerySet):
        wanted = list(people.values_list("pk", flat=True))
    else:
        wanted = [person.pk for person in people]
    wanted = list(dict.fromkeys(wanted))
    batch = InvitationBatch()

    eligible: set[int] = set()
    for chunk in _chunks(wanted):
        eligible.update(
            eligible_people_for(program, role).filter(pk__in=chunk).values_list("pk", flat=True)
        )
    not_eligible = [pk for pk in wanted if pk not in eligible]
    if not_eligible:
        shown = Person.objects.filter(pk__in=not_eligible[:_REASONS_SHOWN])
        batch.ineligible = [(person, eligibility_of(program, role, person)[1]) for person in shown]

    candidates = [pk for pk in wanted if pk in eligible]
    invited: set[int] = set()
    registered: set[int] = set()
    for chunk in _chunks(candidates):
        invited.update(
            Invitation.objects.filter(program=program, person_id__in=chunk).values_list(
                "person_id", flat=True
            )
        )
        registered.update(
            Registration.objects.filter(
                program=program, person_id__in=chunk, status=RegistrationStatus.REGISTERED
            ).values_list("person_id", flat=True)
        )
    batch.already_registered = len(registered)
    batch.already_invited = len(invited - registered)

    new = []
    for pk in candidates:
        if pk in invited or pk in registered:
            continue
        invitation = Invitation(
            program=program,
            person_id=pk,
            role=role,
            status=InvitationStatus.SENT,
            nonce=secrets.token_hex(16),
            invited_by=invited_by if getattr(invited_by, "is_authenticated", False) else None,
        )
        # Relations and uniqueness are checked by the database in one statement;
        # checking them here would cost several queries per person.
        invitation.full_clean(
            exclude=["program", "person", "invited_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        new.append(invitation)
    # A concurrent batch may have invited some of the same people: ignore those
    # conflicts, then read back exactly the rows this batch wrote, by nonce.
    Invitation.objects.bulk_create(new, batch_size=_CHUNK, ignore_conflicts=True)
    nonces = [invitation.nonce for invitation in new]
    for chunk in _chunks(nonces):
        batch.created.extend(
            Invitation.objects.filter(program=program, nonce__in=chunk).select_related("person")
        )
    batch.already_invited += len(new) - len(batch.created)

    if batch.created:
        audit_log(
            actor=invited_by,
            action="invitation.batch_created",
            summary=f"Invited {len(batch.created)} people to {program.name} ({source})",
            target=program,
            data={"count": len(batch.created), "role": role, "source": source},
        )
        send_invitations_on_commit([invitation.pk for invitation in batch.created])
    return batch


def invitation_create_from_filter(
    *, program: Program, role: str, criteria: DirectoryCriteria, invited_by: Any
) -> InvitationBatch:
    """Invite every eligible, active person the directory filter reaches."""
    return invitation_create_many(
        program=program,
        people=people_matching(program, role, criteria),
        role=role,
        invited_by=invited_by,
        source=f"filter: {criteria.describe()}",
    )


@transaction.atomic
def invitation_create_from_csv(
    *, program: Program, role: str, text: str, invited_by: Any
) -> InvitationBatch:
    """Invite everyone listed in a CSV of emails, or no one.

    Every line that names nobody we can invite (a malformed or unknown email,
    someone who has left, someone not eligible) is reported with its line
    number in `ApplicationError.extra["problems"]`, and nothing is sent.
    """
    _ensure_recruiting(program)
    _ensure_role(role)
    rows, problems = read_invitee_emails(text)
    found: dict[str, Person] = {}
    emails = list(dict.fromkeys(email for _line, email in rows))
    for chunk in _chunks(emails):
        # Lower(email) is what the directory's unique index covers.
        matches = Person.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk)
        found.update((person.email_lower, person) for person in matches)

    people: list[tuple[int, Person]] = []
    for line, email in rows:
        person = found.get(email)
        if person is None:
            problems.append(CsvProblem(line, email, "No one in the directory has this email."))
        elif not person.is_active:
            problems.append(CsvProblem(line, email, "This person has left the organisation."))
        else:
            people.append((line, person))

    eligible: set[int] = set()
    for chunk in _chunks([person.pk for _line, person in people]):
        eligible.update(
            eligible_people_for(program, role).filter(pk__in=chunk).values_list("pk", flat=True)
        )
    reasons_left = _REASONS_SHOWN
    for line, person in people:
        if person.pk in eligible:
            continue
        reason = "Not eligible for this program."
        if reasons_left > 0:
            reasons_left -= 1
            detail = eligibility_of(program, role, person)[1]
            reason = f"Not eligible for this program: {detail}." if detail else reason
        problems.append(CsvProblem(line, person.email, reason))

    if problems:
        problems.sort(key=lambda problem: problem.line)
        raise ApplicationError(
            f"{len(problems)} line{'s' if len(problems) != 1 else ''} of the file need attention. "
            "Nobody was invited: correct the file and upload it again.",
            extra={"problems": problems},
        )
    if not people:
        raise ApplicationError("The file lists no email addresses.")
    return invitation_create_many(
        program=program,
        people=[person for _line, person in people],
        role=role,
        invited_by=invited_by,
        source="CSV upload",
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: Any) -> Invitation:
    """A new email with a new link; every older link for this invitation stops working."""
    invitation = _locked(invitation)
    if invitation.status not in PENDING_STATUSES:
        raise ApplicationError(
            f"Only invitations waiting for an answer can be resent; this one is "
            f"{invitation.get_status_display().lower()}."
        )
    _ensure_recruiting(invitation.program)
    invitation.nonce = secrets.token_hex(16)
    invitation.full_clean(exclude=["program", "person", "invited_by"], validate_constraints=False)
    invitation.save(update_fields=["nonce", "updated_at"])
    audit_log(
        actor=actor,
        action="invitation.resent",
        summary=f"Resent the invitation to {invitation.program.name} for {invitation.person.name}",
        target=invitation,
    )
    send_invitations_on_commit([invitation.pk])
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("program", "person", "invited_by")
        .get(pk=invitation.pk)
    )


# --- The invitee's answers -------------------------------------------------------


@transaction.atomic
def invitation_open(*, invitation: Invitation, now: datetime | None = None) -> Invitation:
    """Record the first time the invitee opened their link; later visits change nothing."""
    if invitation.opened_at is not None:
        return invitation
    invitation = _locked(invitation)
    if invitation.opened_at is not None:
        return invitation
    invitation.opened_at = now or timezone.now()
    fields = ["opened_at", "updated_at"]
    if invitation.status == InvitationStatus.SENT:
        invitation.status = InvitationStatus.OPENED
        fields.append("status")
    invitation.save(update_fields=fields)
    audit_log(
        actor=invitation.person.user,
        action="invitation.opened",
        summary=f"{invitation.person.name} opened the invitation to {invitation.program.name}",
        target=invitation,
    )
    return invitation


def invitation_accept(*, invitation: Invitation) -> str:
    """Check the invitee may still register; return the role to register in ("" = choose).

    Accepting is not an answer yet: the invitation becomes REGISTERED only when
    the registration form is submitted (`invitation_mark_registered`).
    """
    if invitation.status not in PENDING_STATUSES:
        raise ApplicationError("This invitation has already been answered.")
    if not invitation.program.registration_is_open(clock.today()):
        raise ApplicationError(
            f"Registration for {invitation.program.name} closed on "
            f"{invitation.program.registration_closes_on:%d %B %Y}."
        )
    invitation_open(invitation=invitation)
    return invitation.role


@transaction.atomic
def invitation_mark_registered(
    *, program: Program, person: Person, now: datetime | None = None
) -> Invitation | None:
    """Mark the person's invitation REGISTERED; None if they were never invited.

    Someone who declined and then registered after all counts as registered.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(program=program, person=person)
        .exclude(status__in=[InvitationStatus.REVOKED, InvitationStatus.REGISTERED])
        .first()
    )
    if invitation is None:
        return None
    moment = now or timezone.now()
    invitation.status = InvitationStatus.REGISTERED
    invitation.responded_at = moment
    invitation.opened_at = invitation.opened_at or moment
    invitation.save(update_fields=["status", "responded_at", "opened_at", "updated_at"])
    return invitation


@transaction.atomic
def invitation_decline(*, invitation: Invitation, reason: str = "") -> Invitation:
    invitation = _locked(invitation)
    if invitation.status not in PENDING_STATUSES:
        raise ApplicationError("This invitation has already been answered.")
    now = timezone.now()
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = now
    invitation.opened_at = invitation.opened_at or now
    invitation.decline_reason = reason.strip()[:500]
    invitation.full_clean(exclude=["program", "person", "invited_by"], validate_constraints=False)
    invitation.save(
        update_fields=["status", "responded_at", "opened_at", "decline_reason", "updated_at"]
    )
    audit_log(
        actor=invitation.person.user,
        action="invitation.declined",
        summary=f"{invitation.person.name} declined the invitation to {invitation.program.name}",
        target=invitation,
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: Any) -> Invitation:
    invitation = _locked(invitation)
    if invitation.status not in PENDING_STATUSES:
        raise ApplicationError(
            f"Only invitations waiting for an answer can be withdrawn; this one is "
            f"{invitation.get_status_display().lower()}."
        )
    invitation.status = InvitationStatus.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="invitation.revoked",
        summary=f"Withdrew the invitation to {invitation.program.name} for "
        f"{invitation.person.name}",
        target=invitation,
    )
    return invitation


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
