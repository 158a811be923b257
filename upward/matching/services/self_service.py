"""Self-service matching: a mentee picks among their best suggestions, the mentor confirms.

Offered only when the program's matching settings say so, while it is
matching or running, to a registered mentee with no proposed or live pair.
The request is the mentee's "comfortable" answer; the mentor then answers
privately as in any proposal, and a "no" reads to the mentee like every other
closed proposal: "we are finding the best fit for you".
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.core.errors import ApplicationError
from upward.matching.engine import suggest
from upward.matching.services.match_settings import match_settings_for
from upward.matching.services.publish import respond_by_for
from upward.matching.services.suggestions import (
    Suggested,
    current_problem,
    registrations_by_id,
)
from upward.pairs.models import ACTIVE_STATUSES, Pair
from upward.pairs.services import pair_propose
from upward.programs.models import ParticipantRole, ProgramStatus, Registration, RegistrationStatus

TOP_K = 5


def self_service_refusal(registration: Registration) -> str:
    """Why this participant cannot pick a mentor now, or "" when they can."""
    program = registration.program
    if not match_settings_for(program).self_service:
        return "In this program, the program managers propose the pairs."
    if registration.role != ParticipantRole.MENTEE:
        return "Mentees choose among their suggestions; your program manager will be in touch."
    if registration.status != RegistrationStatus.REGISTERED:
        return "You are no longer registered in this program."
    if program.status not in (ProgramStatus.MATCHING, ProgramStatus.RUNNING):
        return "Suggestions open when matching starts."
    if Pair.objects.filter(mentee=registration, status__in=ACTIVE_STATUSES).exists():
        return "You already have a proposed or live pair in this program."
    return ""


def self_service_suggestions(*, registration: Registration, k: int = TOP_K) -> list[Suggested]:
    """The mentee's `k` best mentors with a place left, best first, with the reasons."""
    if self_service_refusal(registration):
        return []
    _, problem = current_problem(registration.program, mentees=[registration.pk])
    if str(registration.pk) not in problem.mentee_index():
        return []
    found = suggest(problem, str(registration.pk), k)
    mentors = registrations_by_id(s.mentor for s in found)
    return [Suggested(mentors[int(s.mentor)], registration, s.score, s.reasons) for s in found]


@transaction.atomic
def self_service_request(*, registration: Registration, mentor_id: int, actor: User) -> Pair:
    """The mentee asks for one of their suggested mentors; the mentor is asked to confirm."""
    person = getattr(actor, "person", None)
    if person is None or registration.person_id != person.pk:
        raise ApplicationError("Only the mentee can ask for a mentor.")
    refusal = self_service_refusal(registration)
    if refusal:
        raise ApplicationError(refusal)
    pick = next(
        (
            s
            for s in self_service_suggestions(registration=registration)
            if s.mentor.pk == mentor_id
        ),
        None,
    )
    if pick is None:
        raise ApplicationError("That mentor is no longer available. Please choose another.")
    now = timezone.now()
    return pair_propose(
        program=registration.program,
        mentor=pick.mentor,
        mentee=registration,
        actor=actor,
        respond_by=respond_by_for(registration.program, now),
        score=pick.score,
        reasons=pick.reasons,
        requested_by_mentee=True,
        now=now,
    )
