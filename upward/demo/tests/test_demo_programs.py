"""The demo programs: one in each status, built through the real services."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from upward.demo.company import DEFAULT_SEED, PERSONA_BY_KEY
from upward.demo.programs import (
    CLOSED_NAME,
    DEMO_PROGRAM_NAMES,
    DRAFT_NAME,
    MATCHING_NAME,
    RECRUITING_NAME,
    RUNNING_NAME,
    demo_programs,
    demo_programs_delete,
    demo_programs_seed,
)
from upward.demo.services import demo_reset, demo_seed
from upward.matching.models import ConstraintKind, PairConstraint
from upward.programs.models import (
    InvitationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
    RecruitmentMode,
    Registration,
    RegistrationStatus,
    SelfIdentification,
)
from upward.programs.registration_choices import is_valid_slot, is_valid_timezone
from upward.programs.selectors.setup import is_eligible

MENTOR, MENTEE = ParticipantRole.MENTOR, ParticipantRole.MENTEE

pytestmark = pytest.mark.django_db


def live(program: Program):
    return Registration.objects.filter(program=program, status=RegistrationStatus.REGISTERED)


def program(name: str) -> Program:
    return demo_programs().get(name=name)


def snapshot() -> list[tuple]:
    """What a participant would see of every demo registration."""
    rows = []
    for registration in Registration.objects.filter(program__in=demo_programs()).order_by(
        "program__name", "person__employee_id"
    ):
        rows.append(
            (
                registration.program.name,
                registration.program.status,
                registration.person.employee_id,
                registration.role,
                registration.goals,
                tuple(registration.availability),
                tuple(registration.languages),
                registration.meeting_preference,
                tuple(registration.skill_links.order_by("priority").values_list("skill__slug")),
            )
        )
    return rows


def test_one_program_in_each_status_managed_by_the_demo_program_manager(seeded):
    assert seeded.programs.created == list(DEMO_PROGRAM_NAMES)
    statuses = dict(demo_programs().values_list("name", "status"))
    assert statuses == {
        DRAFT_NAME: ProgramStatus.DRAFT,
        RECRUITING_NAME: ProgramStatus.RECRUITING,
        MATCHING_NAME: ProgramStatus.MATCHING,
        RUNNING_NAME: ProgramStatus.RUNNING,
        CLOSED_NAME: ProgramStatus.CLOSED,
    }
    manager_email = PERSONA_BY_KEY["program_manager"].email
    for each in demo_programs():
        managers = list(each.managers.values_list("email", flat=True))
        # The running program is co-managed by a senior's line manager (demo.monitoring).
        assert manager_email in managers
        assert len(managers) == (2 if each.name == RUNNING_NAME else 1)
        assert 2 <= each.kpis.count() <= 5


def test_every_registration_is_eligible_complete_and_in_a_plausible_state(seeded):
    today = timezone.localdate()
    registrations = Registration.objects.filter(program__in=demo_programs()).select_related(
        "program", "person"
    )
    assert registrations.count() == seeded.programs.registrations >= 100
    for registration in registrations:
        person, role = registration.person, registration.role
        eligible, reason = is_eligible(registration.program, role, person, today=today)
        assert eligible, (person.name, registration.program.name, reason)
        assert registration.status == RegistrationStatus.REGISTERED
        assert registration.goals.strip()
        assert 1 <= registration.skill_links.count() <= 12
        assert registration.availability
        assert all(is_valid_slot(slot) for slot in registration.availability)
        assert registration.timezone == person.timezone
        assert is_valid_timezone(registration.timezone)
        assert registration.languages
        if role == MENTOR and registration.program.status != ProgramStatus.RECRUITING:
            assert registration.guide_read_at is not None
    assert not live(program(DRAFT_NAME)).exists()

    running, closed = program(RUNNING_NAME), program(CLOSED_NAME)
    assert running.starts_on <= today < running.ends_on
    assert closed.ends_on < today
    for each in (running, closed):
        roles = Counter(live(each).values_list("role", flat=True))
        assert roles[MENTOR] == roles[MENTEE] >= 8
        # Nobody took part in a program that began before they joined the company.
        assert not live(each).filter(person__hire_date__gt=each.registration_opens_on).exists()


def test_the_matching_program_has_the_demo_mentor_and_mentee_and_realistic_registrations(
    seeded,
):
    matching = program(MATCHING_NAME)
    assert matching.registration_closes_on < timezone.localdate() < matching.starts_on
    registrations = live(matching).select_related("person")
    mentors = [r for r in registrations if r.role == MENTOR]
    mentees = [r for r in registrations if r.role == MENTEE]
    assert len(mentors) == len(mentees) == 30
    assert {r.person.level for r in mentors} <= {1, 2}
    assert {r.person.level for r in mentees} <= {5, 6}
    assert all(r.is_ready for r in mentors)

    maya = registrations.get(person__email=PERSONA_BY_KEY["mentor"].email)
    richard = registrations.get(person__email=PERSONA_BY_KEY["mentee"].email)
    assert (maya.role, richard.role) == (MENTOR, MENTEE)
    assert maya.person.user is not None and richard.person.user is not None
    # seed_demo pins the two together (demo.matching_demo), so both have a proposal to confirm.
    assert PairConstraint.objects.filter(
        program=matching, mentor=maya, mentee=richard, kind=ConstraintKind.PIN
    ).exists()

    # Written in their own words: no two alike, and the mentee's skills in priority order.
    assert len({r.goals for r in registrations}) == len(registrations)
    assert len({r.timezone for r in registrations}) >= 4
    assert any(len(r.languages) > 1 for r in registrations)
    for mentee in mentees:
        priorities = list(mentee.skill_links.values_list("priority", flat=True))
        assert priorities == list(range(len(priorities)))
    families = {
        slug
        for r in registrations
        for slug in r.skill_links.values_list("skill__family__slug", flat=True)
    }
    assert len(families) >= 6


def test_the_recruiting_program_has_invitations_in_every_state(seeded):
    recruiting = program(RECRUITING_NAME)
    assert recruiting.recruitment_mode == RecruitmentMode.INVITE_ONLY
    assert recruiting.registration_is_open(timezone.localdate())
    invitations = Counter(recruiting.invitations.values_list("status", flat=True))
    assert sum(invitations.values()) >= 30
    assert invitations[InvitationStatus.REGISTERED] == 15
    assert invitations[InvitationStatus.DECLINED] >= 3
    assert invitations[InvitationStatus.OPENED] >= 3
    assert invitations[InvitationStatus.SENT] >= 2
    registrations = live(recruiting)
    assert registrations.count() == 15
    # Everyone registered through their invitation.
    assert set(registrations.values_list("person_id", flat=True)) == set(
        recruiting.invitations.filter(status=InvitationStatus.REGISTERED).values_list(
            "person_id", flat=True
        )
    )
    identified = SelfIdentification.objects.filter(registration__program=recruiting)
    assert 3 <= identified.count() <= 5
    assert all(record.consent_given_at and record.answers for record in identified)
    # The demo mentor and mentee each have an invitation waiting for an answer.
    for key, role in (("mentor", MENTOR), ("mentee", MENTEE)):
        invitation = recruiting.invitations.get(person__email=PERSONA_BY_KEY[key].email)
        assert (invitation.status, invitation.role) == (InvitationStatus.SENT, role)


def test_seeding_again_changes_nothing_and_the_same_directory_gives_the_same_programs(seeded):
    before = snapshot()
    again = demo_programs_seed(today=timezone.localdate())
    assert again.created == [] and again.skipped == list(DEMO_PROGRAM_NAMES)
    assert again.registrations == again.invitations == 0
    assert snapshot() == before

    demo_programs_delete()
    assert not demo_programs().exists()
    demo_programs_seed(today=timezone.localdate())
    assert snapshot() == before


def test_reset_deletes_the_demo_programs_and_a_small_company_still_gets_every_program(seeded):
    result = demo_seed(size=80, seed=DEFAULT_SEED, reset=True)
    assert result.programs.created == list(DEMO_PROGRAM_NAMES)
    assert Program.objects.filter(name__in=DEMO_PROGRAM_NAMES).count() == 5
    matching = program(MATCHING_NAME)
    emails = set(live(matching).values_list("person__email", flat=True))
    assert {PERSONA_BY_KEY["mentor"].email, PERSONA_BY_KEY["mentee"].email} <= emails

    demo_reset()
    assert not Program.objects.filter(name__in=DEMO_PROGRAM_NAMES).exists()
    assert not Registration.objects.exists()
