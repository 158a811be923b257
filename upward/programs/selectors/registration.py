"""Reads for registration: who may register, registration lists, the skill picker.

List selectors join or prefetch everything their pages show, so a page costs
the same number of queries for ten registrations or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat

from upward.people.models import Person
from upward.programs.models import (
    AssessmentMoment,
    Invitation,
    InvitationStatus,
    ParticipantRole,
    PreparationGuide,
    Program,
    ProgramStatus,
    RecruitmentMode,
    Registration,
    RegistrationSkill,
    RegistrationStatus,
    SelfIdentification,
    SelfRating,
    Skill,
    SkillFamily,
)

# Registrations may change until the program moves on to matching.
EDITABLE_PROGRAM_STATUSES = (ProgramStatus.DRAFT, ProgramStatus.RECRUITING)
# An invitation lets its person register for an invite-only program unless it was
# revoked: a decline may be reconsidered, and someone who registered, withdrew and
# changed their mind may come back while the window is open.
USABLE_INVITATION_STATUSES = (
    InvitationStatus.SENT,
    InvitationStatus.OPENED,
    InvitationStatus.DECLINED,
    InvitationStatus.REGISTERED,
)
SUGGESTIONS_SHOWN = 8


def long_date(day: date) -> str:
    """'3 March 2025': no leading zero, on every platform (strftime's %-d is glibc only)."""
    return f"{day.day} {day:%B %Y}"


def role_label(role: str) -> str:
    return "mentor" if role == ParticipantRole.MENTOR else "mentee"


# --- May this person register? ------------------------------------------------------


def usable_invitation(program: Program, person: Person) -> Invitation | None:
    return (
        Invitation.objects.filter(
            program=program, person=person, status__in=USABLE_INVITATION_STATUSES
        )
        .order_by("-created_at")
        .first()
    )


def window_refusal(program: Program, today: date) -> str | None:
    """Why registration is not open today, in words a participant understands."""
    if program.registration_is_open(today):
        return None
    if program.status == ProgramStatus.DRAFT:
        return f"Registration for {program.name} has not opened yet."
    if program.status != ProgramStatus.RECRUITING:
        return (
            f"Registration for {program.name} closed on "
            f"{long_date(program.registration_closes_on)}: matching has started."
        )
    if today < program.registration_opens_on:
        return (
            f"Registration for {program.name} opens on {long_date(program.registration_opens_on)}."
        )
    return (
        f"Registration for {program.name} closed on {long_date(program.registration_closes_on)}. "
        "Ask the program manager if you would like to join a later cohort."
    )


def registration_refusal(*, program: Program, person: Person, role: str, today: date) -> str | None:
    """Why `person` may not register as `role` in `program` today, or None if they may.

    The one place these rules live: the form page asks before showing the form,
    and registration_create asks again inside its transaction.
    """
    from upward.programs.selectors.setup import is_eligible

    if role not in ParticipantRole.values:
        return "Choose whether you are joining as a mentor or as a mentee."
    refusal = window_refusal(program, today)
    if refusal:
        return refusal
    existing = (
        Registration.objects.filter(
            program=program, person=person, status=RegistrationStatus.REGISTERED
        )
        .only("role")
        .first()
    )
    if existing is not None:
        return f"You are already registered in {program.name} as a {role_label(existing.role)}."
    if program.recruitment_mode == RecruitmentMode.INVITE_ONLY:
        invitation = usable_invitation(program, person)
        if invitation is None:
            return f"{program.name} is by invitation only, and you have no open invitation to it."
        if invitation.role and invitation.role != role:
            return (
                f"You were invited to {program.name} as a {role_label(invitation.role)}, "
                f"so you can register only as a {role_label(invitation.role)}."
            )
    if not person.is_active:
        return "Only current employees can register."
    eligible, reason = is_eligible(program, role, person, today=today)
    if not eligible:
        return reason or f"You are not eligible to join {program.name} as a {role_label(role)}."
    return None


def default_role(program: Program, person: Person) -> str:
    """The role an invitation names, or "" to let the person choose."""
    invitation = usable_invitation(program, person)
    return invitation.role if invitation is not None else ""


# --- Registration lists -------------------------------------------------------------


def registrations_with_details() -> QuerySet[Registration]:
    """Registrations with their person, program and ordered skills joined in."""
    return Registration.objects.select_related(
        "program", "person", "person__department"
    ).prefetch_related(
        Prefetch(
            "skill_links",
            queryset=RegistrationSkill.objects.select_related("skill", "skill__family").order_by(
                "priority", "skill__name"
            ),
        )
    )


def program_registrations(
    program: Program,
    *,
    role: str = "",
    ready: bool | None = None,
    status: str = RegistrationStatus.REGISTERED,
) -> QuerySet[Registration]:
    """A program's registrations for its managers. Never joins self-identification."""
    registrations = registrations_with_details().filter(program=program)
    if status:
        registrations = registrations.filter(status=status)
    if role:
        registrations = registrations.filter(role=role)
    if ready is True:
        registrations = registrations.filter(
            Q(role=ParticipantRole.MENTEE) | Q(guide_read_at__isnull=False)
        )
    elif ready is False:
        registrations = registrations.filter(
            role=ParticipantRole.MENTOR, guide_read_at__isnull=True
        )
    return registrations.order_by("role", "person__name", "pk")


class RegistrationSummary(TypedDict):
    mentors: int
    mentees: int
    mentors_ready: int
    mentors_not_ready: int
    withdrawn: int


def registration_summary(program: Program) -> RegistrationSummary:
    """Head counts for the program overview, in one aggregate query."""
    live = Q(status=RegistrationStatus.REGISTERED)
    mentor = live & Q(role=ParticipantRole.MENTOR)
    counts = Registration.objects.filter(program=program).aggregate(
        mentors=Count("pk", filter=mentor),
        mentees=Count("pk", filter=live & Q(role=ParticipantRole.MENTEE)),
        mentors_ready=Count("pk", filter=mentor & Q(guide_read_at__isnull=False)),
        withdrawn=Count("pk", filter=Q(status=RegistrationStatus.WITHDRAWN)),
    )
    return RegistrationSummary(
        mentors=counts["mentors"],
        mentees=counts["mentees"],
        mentors_ready=counts["mentors_ready"],
        mentors_not_ready=counts["mentors"] - counts["mentors_ready"],
        withdrawn=counts["withdrawn"],
    )


def registrations_of_person(person: Person) -> QuerySet[Registration]:
    """Everything one person registered for, newest program first.

    `rated_start`: whether they rated their starting point (a next step otherwise).
    """
    rated = SelfRating.objects.filter(registration=OuterRef("pk"), moment=AssessmentMoment.BEFORE)
    # A mentee who added a skill since rating the others has one left to rate.
    skill_rated = SelfRating.objects.filter(
        registration=OuterRef("registration"),
        moment=AssessmentMoment.BEFORE,
        topic=Concat(Value("skill:"), OuterRef("skill__slug")),
    )
    unrated_skill = RegistrationSkill.objects.filter(
        registration=OuterRef("pk"), registration__role=ParticipantRole.MENTEE
    ).exclude(Exists(skill_rated))
    return (
        registrations_with_details()
        .filter(person=person)
        .annotate(rated_start=Exists(rated) & ~Exists(unrated_skill))
        .order_by("-program__starts_on", "-created_at")
    )


def guide_for(registration: Registration) -> PreparationGuide | None:
    return PreparationGuide.objects.filter(
        program_id=registration.program_id, role=registration.role
    ).first()


def is_editable(registration: Registration) -> bool:
    return (
        registration.status == RegistrationStatus.REGISTERED
        and registration.program.status in EDITABLE_PROGRAM_STATUSES
    )


def registration_skill_names(registration: Registration) -> list[str]:
    """The skills a person listed, first choice first (what their proposed partner reads)."""
    return list(
        RegistrationSkill.objects.filter(registration=registration)
        .order_by("priority", "id")
        .values_list("skill__name", flat=True)
    )


# --- The skill picker -------------------------------------------------------------


@dataclass
class SkillGroup:
    family: SkillFamily
    skills: list[Skill] = field(default_factory=list)


@dataclass
class SkillPicker:
    """What the picker shows: suggestions first, then every family's matching skills.

    Each skill appears once. Picked skills always appear (in their family),
    whatever the search, so a search never drops what the person chose.
    """

    query: str
    picked_ids: list[int]
    suggestions: list[Skill]
    groups: list[SkillGroup]

    @property
    def is_empty(self) -> bool:
        return not self.suggestions and not any(group.skills for group in self.groups)


def _matches(skill: Skill, words: list[str]) -> bool:
    haystack = f"{skill.name} {skill.keywords} {skill.family.name}".lower()
    return all(word in haystack for word in words)


def skill_suggestions(
    program: Program, picked_ids: list[int], skills_by_id: dict[int, Skill]
) -> list[Skill]:
    """Skills people in this program pick most, then neighbours of what this person picked."""
    popular = (
        RegistrationSkill.objects.filter(
            registration__program=program,
            registration__status=RegistrationStatus.REGISTERED,
        )
        .values("skill_id")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "skill_id")[: SUGGESTIONS_SHOWN * 2]
    )
    picked = set(picked_ids)
    ordered = [row["skill_id"] for row in popular]
    picked_families = {skills_by_id[pk].family_id for pk in picked if pk in skills_by_id}
    ordered += [skill.pk for skill in skills_by_id.values() if skill.family_id in picked_families]
    suggestions: list[Skill] = []
    for pk in ordered:
        skill = skills_by_id.get(pk)
        if skill is None or pk in picked or skill in suggestions:
            continue
        suggestions.append(skill)
        if len(suggestions) == SUGGESTIONS_SHOWN:
            break
    return suggestions


def skill_picker(*, program: Program, query: str, picked_ids: list[int]) -> SkillPicker:
    """The picker for one search, in two queries whatever the size of the taxonomy."""
    skills = list(Skill.objects.select_related("family").order_by("family__name", "name"))
    skills_by_id = {skill.pk: skill for skill in skills}
    picked_ids = [pk for pk in dict.fromkeys(picked_ids) if pk in skills_by_id]
    words = query.lower().split()
    suggestions = [] if words else skill_suggestions(program, picked_ids, skills_by_id)
    suggested = {skill.pk for skill in suggestions}
    picked = set(picked_ids)
    groups: dict[int, SkillGroup] = {}
    for skill in skills:
        if skill.pk in suggested:
            continue
        if skill.pk in picked or _matches(skill, words):
            groups.setdefault(skill.family_id, SkillGroup(family=skill.family)).skills.append(skill)
    return SkillPicker(
        query=query,
        picked_ids=picked_ids,
        suggestions=suggestions,
        groups=list(groups.values()),
    )


def own_self_identification(registration: Registration) -> SelfIdentification | None:
    """The participant's own answers. Call only with a registration fetched through
    get_own_registration: nobody else ever reads self-identification."""
    return SelfIdentification.objects.filter(registration=registration).first()


def skill_families_with_skills() -> QuerySet[SkillFamily]:
    """The whole taxonomy, family by family, in two queries."""
    return SkillFamily.objects.prefetch_related("skills").order_by("name")
