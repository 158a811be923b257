"""Reads for recruiting: the funnel, invitation lists, who a directory filter reaches.

Every function returns a QuerySet with its relations joined, or a handful of
numbers from one aggregate, so a page costs the same number of queries for ten
invitations or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from upward.people.models import Person
from upward.programs.models import (
    Invitation,
    InvitationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
    RecruitmentMode,
    Registration,
    RegistrationStatus,
)

# An invitation still waiting for an answer: it can be opened, accepted,
# declined, reminded, resent or revoked.
PENDING_STATUSES = (InvitationStatus.SENT, InvitationStatus.OPENED)


class Funnel(TypedDict):
    invited: int
    opened: int
    registered: int
    declined: int
    pending: int
    revoked: int
    open_signups: int


@dataclass(frozen=True)
class DirectoryCriteria:
    """A directory filter for bulk invitations: 'level 6 and above in Sales'."""

    min_level: int | None = None
    max_level: int | None = None
    department_id: int | None = None
    location: str = ""
    department_name: str = ""  # for people to read; the filter uses department_id

    def describe(self) -> str:
        parts = []
        if self.min_level is not None and self.max_level is not None:
            parts.append(f"level {self.min_level} to {self.max_level}")
        elif self.min_level is not None:
            parts.append(f"level {self.min_level} and above")
        elif self.max_level is not None:
            parts.append(f"level {self.max_level} and below")
        if self.department_id is not None:
            parts.append(f"in {self.department_name or f'department #{self.department_id}'}")
        if self.location:
            parts.append(f"in {self.location}")
        return ", ".join(parts) or "everyone eligible"


# --- Eligibility ---------------------------------------------------------------
# The rules live with program set-up (selectors/setup.py). Recruiting only asks
# "who may take this role?", so it goes through these two adapters.


def eligible_people_for(program: Program, role: str) -> QuerySet[Person]:
    """Active people eligible for `role` ("" = either role) in `program`."""
    from upward.programs.selectors.setup import eligible_people

    if role:
        return eligible_people(program, role).filter(is_active=True)
    return Person.objects.filter(
        Q(pk__in=eligible_people(program, ParticipantRole.MENTOR).values("pk"))
        | Q(pk__in=eligible_people(program, ParticipantRole.MENTEE).values("pk")),
        is_active=True,
    )


def eligibility_of(program: Program, role: str, person: Person) -> tuple[bool, str]:
    """(eligible?, reason if not) for one person, one role ("" = either)."""
    from upward.programs.selectors.setup import is_eligible

    if not person.is_active:
        return False, "has left the organisation"
    roles = [role] if role else [ParticipantRole.MENTOR, ParticipantRole.MENTEE]
    reasons = []
    for each in roles:
        ok, reason = is_eligible(program, each, person)
        if ok:
            return True, ""
        reasons.append(reason)
    return False, "; ".join(reason for reason in reasons if reason)


def people_matching(program: Program, role: str, criteria: DirectoryCriteria) -> QuerySet[Person]:
    """Who a directory filter would invite: eligible, active, and not yet invited."""
    people = eligible_people_for(program, role)
    if criteria.min_level is not None:
        people = people.filter(level__gte=criteria.min_level)
    if criteria.max_level is not None:
        people = people.filter(level__lte=criteria.max_level)
    if criteria.department_id is not None:
        people = people.filter(department_id=criteria.department_id)
    if criteria.location:
        people = people.filter(location=criteria.location)
    return people.exclude(
        Exists(Invitation.objects.filter(program=program, person=OuterRef("pk")))
    ).exclude(
        Exists(
            Registration.objects.filter(
                program=program, person=OuterRef("pk"), status=RegistrationStatus.REGISTERED
            )
        )
    )


# --- Funnel and lists ------------------------------------------------------------


def recruiting_funnel(program: Program) -> Funnel:
    """Invited, opened, registered, declined: one aggregate over the invitations,
    plus one count of people who joined through open registration."""
    counts = Invitation.objects.filter(program=program).aggregate(
        invited=Count("pk", filter=~Q(status=InvitationStatus.REVOKED)),
        opened=Count("pk", filter=Q(opened_at__isnull=False) & ~Q(status=InvitationStatus.REVOKED)),
        registered=Count("pk", filter=Q(status=InvitationStatus.REGISTERED)),
        declined=Count("pk", filter=Q(status=InvitationStatus.DECLINED)),
        pending=Count("pk", filter=Q(status__in=PENDING_STATUSES)),
        revoked=Count("pk", filter=Q(status=InvitationStatus.REVOKED)),
    )
    open_signups = (
        Registration.objects.filter(program=program, status=RegistrationStatus.REGISTERED)
        .exclude(Exists(Invitation.objects.filter(program=program, person=OuterRef("person"))))
        .count()
    )
    return Funnel(
        invited=counts["invited"],
        opened=counts["opened"],
        registered=counts["registered"],
        declined=counts["declined"],
        pending=counts["pending"],
        revoked=counts["revoked"],
        open_signups=open_signups,
    )


def invitations_for_program(
    program: Program, *, status: str = "", query: str = ""
) -> QuerySet[Invitation]:
    invitations = Invitation.objects.filter(program=program).select_related(
        "person", "person__department", "invited_by"
    )
    if status:
        invitations = invitations.filter(status=status)
    if query:
        invitations = invitations.filter(
            Q(person__name__icontains=query) | Q(person__email__icontains=query)
        )
    return invitations.order_by("-created_at", "-pk")


def declines_with_reasons(program: Program, *, limit: int = 10) -> list[Invitation]:
    """The latest declined invitations whose person said why, newest first."""
    declined = invitations_for_program(program, status=InvitationStatus.DECLINED)
    return list(declined.exclude(decline_reason="")[:limit])


@dataclass(frozen=True)
class SearchResult:
    person: Person
    invitable: bool
    note: str


def invite_search(program: Program, role: str, people: list[Person]) -> list[SearchResult]:
    """Each found person, marked if they cannot be invited: three queries for any number.

    Someone already invited or registered, or not eligible for `role`, is shown
    but cannot be ticked.
    """
    ids = [person.pk for person in people]
    eligible = set(
        eligible_people_for(program, role if role in ("mentor", "mentee") else "")
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    invited = set(
        Invitation.objects.filter(program=program, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    ) | set(
        Registration.objects.filter(
            program=program, person_id__in=ids, status=RegistrationStatus.REGISTERED
        ).values_list("person_id", flat=True)
    )
    return [
        SearchResult(
            person=person,
            invitable=person.pk in eligible and person.pk not in invited,
            note="Already invited or registered"
            if person.pk in invited
            else ("" if person.pk in eligible else "Not eligible for this role"),
        )
        for person in people
    ]


def preview_sample(people: QuerySet[Person], *, size: int = 5) -> list[Person]:
    """The first few people a directory filter matches, by name."""
    return list(people.select_related("department").order_by("name")[:size])


def get_program_invitation(program: Program, invitation_id: int) -> Invitation:
    """One invitation of a program the caller already fetched through its scoped helper."""
    try:
        return invitations_for_program(program).get(pk=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None


def pending_invitation_for(program: Program, person: Person | None) -> Invitation | None:
    """The person's invitation still waiting for an answer, if any.

    The registration form uses it to let an invited person register for an
    invite-only program, in the role they were invited for.
    """
    if person is None:
        return None
    return (
        Invitation.objects.filter(program=program, person=person, status__in=PENDING_STATUSES)
        .select_related("program", "person")
        .first()
    )


# --- The public program page ----------------------------------------------------


def programs_visible_to(user: Any) -> QuerySet[Program]:
    """Every program `user` may read (the program page's rule, also used by the API).

    Managers see their programs in any state. Everyone else sees a program once
    it has left the draft state, and then: any open-registration program, or an
    invite-only one they were invited to or registered for.
    """
    from upward.programs.selectors.access import programs_managed_by

    if not getattr(user, "is_authenticated", False):
        return Program.objects.none()
    person = getattr(user, "person", None)
    visible = Q(recruitment_mode=RecruitmentMode.OPEN)
    if person is not None:
        visible |= Q(Exists(Invitation.objects.filter(program=OuterRef("pk"), person=person)))
        visible |= Q(
            Exists(
                Registration.objects.filter(
                    program=OuterRef("pk"), person=person, status=RegistrationStatus.REGISTERED
                )
            )
        )
    managed = programs_managed_by(user).values("pk")
    return Program.objects.filter(Q(pk__in=managed) | (~Q(status=ProgramStatus.DRAFT) & visible))


def get_program_page_for_user(user: Any, slug: str) -> Program:
    """The program behind `/programs/p/<slug>/`, if `user` may see it; Http404 otherwise."""
    try:
        return programs_visible_to(user).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program") from None


def programs_open_to(person: Person | None) -> list[tuple[Program, list[ParticipantRole]]]:
    """Recruiting programs `person` may join now, with the roles open to them.

    Open programs, and invite-only ones they were invited to (not revoked), that
    they have not registered for. The eligibility rules are checked per program
    (a handful recruit at a time).
    """
    if person is None or not person.is_active:
        return []
    invited = Invitation.objects.filter(program=OuterRef("pk"), person=person).exclude(
        status=InvitationStatus.REVOKED
    )
    joined = Registration.objects.filter(
        program=OuterRef("pk"), person=person, status=RegistrationStatus.REGISTERED
    )
    candidates = (
        Program.objects.filter(status=ProgramStatus.RECRUITING)
        .filter(Q(recruitment_mode=RecruitmentMode.OPEN) | Q(Exists(invited)))
        .exclude(Exists(joined))
        .order_by("registration_closes_on", "name")
    )
    found = []
    for program in candidates:
        roles = [
            role
            for role in (ParticipantRole.MENTOR, ParticipantRole.MENTEE)
            if eligibility_of(program, role, person)[0]
        ]
        if roles:
            found.append((program, roles))
    return found
