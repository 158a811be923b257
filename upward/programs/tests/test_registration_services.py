"""Registration rules, through the services: who may join, when, and what is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.programs.models import (
    Invitation,
    InvitationStatus,
    Objective,
    ParticipantRole,
    ProgramStatus,
    RecruitmentMode,
    Registration,
    RegistrationStatus,
    SelfIdentification,
    Skill,
)
from upward.programs.selectors.registration import long_date
from upward.programs.services.registration import (
    LOCKED_MESSAGE,
    RegistrationData,
    registration_confirm_guide_read,
    registration_create,
    registration_send_confirmation,
    registration_update,
    registration_withdraw,
    self_identification_give,
    self_identification_withdraw,
)
from upward.programs.services.skills import skill_create, skills_seed
from upward.programs.skills_taxonomy import TAXONOMY
from upward.programs.tests.factories import (
    EligibilityFactory,
    InvitationFactory,
    ProgramFactory,
    RegistrationFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

SELF_ID = {"generation": "gen_z", "gender_identity": "non-binary", "disability": "no"}


def open_program(**fields: object):  # type: ignore[no-untyped-def]
    return ProgramFactory(recruitment_mode=RecruitmentMode.OPEN, **fields)


def data(**overrides: object) -> RegistrationData:
    values: dict[str, object] = {
        "skills": [SkillFactory(), SkillFactory()],
        "goals": "Show a leader how my generation uses LinkedIn.",
        "availability": ["tue-09", "thu-13"],
        "timezone": "Europe/London",
        "meeting_preference": "either",
        "languages": ["en"],
    }
    values.update(overrides)
    return RegistrationData(**values)  # type: ignore[arg-type]


def register(program, user, role=ParticipantRole.MENTOR, **kwargs):  # type: ignore[no-untyped-def]
    return registration_create(
        program=program,
        person=user.person,
        role=role,
        data=kwargs.pop("data", None) or data(),
        actor=user,
        **kwargs,
    )


def test_level_2_employee_cannot_register_as_mentee_where_mentees_must_be_level_6(mentor):
    program = open_program()
    EligibilityFactory(program=program, role=ParticipantRole.MENTEE, min_level=6)

    with pytest.raises(ApplicationError) as refused:
        register(program, mentor, role=ParticipantRole.MENTEE)

    assert str(refused.value) == "Mentees must be at level 6 or above; your level is 2."
    assert not Registration.objects.exists()


def test_level_6_employee_registers_as_mentee(mentee):
    program = open_program()
    EligibilityFactory(program=program, role=ParticipantRole.MENTEE, min_level=6)

    registration = register(program, mentee, role=ParticipantRole.MENTEE)

    assert registration.role == ParticipantRole.MENTEE
    assert registration.is_ready


def test_registering_after_the_window_closed_is_refused_with_a_clear_message(mentor):
    today = timezone.localdate()
    program = open_program(
        name="Spring cohort",
        registration_opens_on=today - timedelta(days=20),
        registration_closes_on=today - timedelta(days=1),
    )

    with pytest.raises(ApplicationError) as refused:
        register(program, mentor)

    closed_on = program.registration_closes_on
    assert str(refused.value).startswith(
        f"Registration for Spring cohort closed on {long_date(closed_on)}."
    )


def test_registering_before_the_window_opens_says_when_it_opens(mentor):
    today = timezone.localdate()
    program = open_program(name="Autumn cohort", registration_opens_on=today + timedelta(days=2))

    with pytest.raises(ApplicationError, match="Registration for Autumn cohort opens on"):
        register(program, mentor)


def test_registering_once_matching_started_is_refused(mentor):
    program = open_program(status=ProgramStatus.MATCHING)

    with pytest.raises(ApplicationError, match="matching has started"):
        register(program, mentor)


def test_a_person_registers_only_once_per_program(mentor):
    program = open_program(name="Cohort A")
    register(program, mentor)

    with pytest.raises(ApplicationError, match="already registered in Cohort A as a mentor"):
        register(program, mentor, role=ParticipantRole.MENTEE)


def test_invite_only_program_needs_an_invitation_and_marks_it_registered(mentor, outsider):
    program = ProgramFactory(recruitment_mode=RecruitmentMode.INVITE_ONLY)
    invitation = InvitationFactory(program=program, person=mentor.person)

    with pytest.raises(ApplicationError, match="by invitation only"):
        register(program, outsider)
    register(program, mentor)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REGISTERED


def test_invited_role_is_the_only_role_offered(mentee):
    program = ProgramFactory(recruitment_mode=RecruitmentMode.INVITE_ONLY)
    InvitationFactory(program=program, person=mentee.person, role=ParticipantRole.MENTEE)

    with pytest.raises(ApplicationError, match="register only as a mentee"):
        register(program, mentee, role=ParticipantRole.MENTOR)


def test_revoked_invitation_no_longer_lets_anyone_in(mentor):
    program = ProgramFactory(recruitment_mode=RecruitmentMode.INVITE_ONLY)
    InvitationFactory(program=program, person=mentor.person, status=InvitationStatus.REVOKED)

    with pytest.raises(ApplicationError, match="by invitation only"):
        register(program, mentor)
    assert Invitation.objects.get().status == InvitationStatus.REVOKED


def test_capacity_counts_only_where_the_program_allows_more_than_one_mentee(mentor, mentee):
    single = open_program(mentor_capacity=1)
    multiple = open_program(mentor_capacity=3)

    assert register(single, mentor, data=data(capacity=3)).capacity == 1
    assert register(multiple, mentor, data=data(capacity=3)).capacity == 3
    assert (
        register(multiple, mentee, role=ParticipantRole.MENTEE, data=data(capacity=2)).capacity == 1
    )
    with pytest.raises(ApplicationError, match="between 1 and 3"):
        register(open_program(mentor_capacity=3), mentor, data=data(capacity=4))


def test_skills_keep_the_order_of_priority(mentee):
    first, second, third = SkillFactory(), SkillFactory(), SkillFactory()
    registration = register(
        open_program(),
        mentee,
        role=ParticipantRole.MENTEE,
        data=data(skills=[third, first, second]),
    )

    links = list(registration.skill_links.order_by("priority"))
    assert [link.skill for link in links] == [third, first, second]
    assert [link.priority for link in links] == [0, 1, 2]


def test_confirmation_email_says_what_happens_next(mentor, django_capture_on_commit_callbacks):
    program = open_program(name="Digital cohort")

    with django_capture_on_commit_callbacks(execute=True):
        register(program, mentor)

    [message] = mail.outbox
    assert message.to == ["jo.junior@example.com"]
    assert message.subject == ("You're registered as a mentor in Digital cohort: what happens next")
    assert "preparation guide" in message.body


def test_participant_edits_until_matching_then_the_registration_is_locked(mentor):
    program = open_program()
    registration = register(program, mentor)

    registration_update(registration=registration, data=data(goals="New goals"), actor=mentor)
    registration.refresh_from_db()
    assert registration.goals == "New goals"

    program.status = ProgramStatus.MATCHING
    program.save()
    with pytest.raises(ApplicationError) as refused:
        registration_update(registration=registration, data=data(goals="Later"), actor=mentor)
    assert str(refused.value) == LOCKED_MESSAGE == "Registrations are locked once matching starts"


def test_withdrawing_is_possible_at_any_time(mentor):
    program = open_program(status=ProgramStatus.RUNNING)
    registration = RegistrationFactory(program=program, person=mentor.person)

    registration_withdraw(registration=registration, actor=mentor)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WITHDRAWN
    assert registration.withdrawn_at is not None


def test_mentor_is_not_ready_until_the_guide_is_confirmed(mentor):
    registration = register(open_program(), mentor)
    assert not registration.is_ready

    registration_confirm_guide_read(registration=registration, actor=mentor)

    registration.refresh_from_db()
    assert registration.is_ready
    assert AuditEntry.objects.filter(action="registration.guide_read").exists()


def test_mentees_do_not_confirm_a_guide(mentee):
    registration = register(open_program(), mentee, role=ParticipantRole.MENTEE)

    with pytest.raises(ApplicationError):
        registration_confirm_guide_read(registration=registration, actor=mentee)


# --- Self-identification -------------------------------------------------------------


def inclusion_program():  # type: ignore[no-untyped-def]
    return open_program(objectives=[Objective.INCLUSION.value, Objective.DIGITAL_SKILLS.value])


def test_self_identification_is_stored_with_consent(mentor):
    registration = register(inclusion_program(), mentor, self_identification=SELF_ID)

    record = SelfIdentification.objects.get(registration=registration)
    assert record.answers == SELF_ID
    assert record.purpose_version
    assert record.consent_given_at is not None


def test_nothing_is_stored_without_consent(mentor):
    # The form passes self_identification=None when the consent box is unticked.
    register(inclusion_program(), mentor, self_identification=None)

    assert not SelfIdentification.objects.exists()


def test_programs_without_an_inclusion_objective_do_not_take_self_identification(mentor):
    registration = register(open_program(), mentor)

    with pytest.raises(ApplicationError):
        self_identification_give(registration=registration, answers=SELF_ID, actor=mentor)
    assert not SelfIdentification.objects.exists()


def test_withdrawing_consent_deletes_the_answers(mentor):
    registration = register(inclusion_program(), mentor, self_identification=SELF_ID)

    assert self_identification_withdraw(registration=registration, actor=mentor)

    assert not SelfIdentification.objects.exists()
    assert Registration.objects.get().status == RegistrationStatus.REGISTERED


def test_withdrawing_the_registration_deletes_self_identification(mentor):
    registration = register(inclusion_program(), mentor, self_identification=SELF_ID)

    registration_withdraw(registration=registration, actor=mentor)

    assert not SelfIdentification.objects.exists()


def test_unknown_self_identification_answers_are_dropped(mentor):
    registration = register(
        inclusion_program(),
        mentor,
        self_identification={"generation": "martian", "shoe_size": "44", "disability": "yes"},
    )

    assert SelfIdentification.objects.get(registration=registration).answers == {
        "disability": "yes"
    }


def test_audit_entries_never_hold_self_identification(mentor):
    registration = register(inclusion_program(), mentor, self_identification=SELF_ID)
    self_identification_give(
        registration=registration, answers={"gender_identity": "genderqueer"}, actor=mentor
    )
    self_identification_withdraw(registration=registration, actor=mentor)
    registration_withdraw(registration=registration, actor=mentor)

    written = " ".join(f"{entry.summary} {entry.data}" for entry in AuditEntry.objects.all())
    assert "self_identification.consent_given" in AuditEntry.objects.values_list(
        "action", flat=True
    )
    for secret in ["gen_z", "non-binary", "genderqueer", "generation", "gender"]:
        assert secret not in written


# --- Skills taxonomy -----------------------------------------------------------------


def test_the_taxonomy_is_seeded_and_seeding_again_changes_nothing():
    expected = sum(len(skills) for _, _, skills in TAXONOMY)
    skills_seed()
    seeded = Skill.objects.filter(family__slug__in=[slug for _, slug, _ in TAXONOMY]).count()

    assert seeded == expected
    assert skills_seed() == 0
    assert Skill.objects.filter(slug="linkedin", family__slug="social-media").exists()


def test_managers_add_skills_to_the_taxonomy(program_manager):
    skills_seed()
    family = Skill.objects.get(slug="linkedin").family

    skill = skill_create(family=family, name="  Threads ", keywords="meta", actor=program_manager)

    assert skill.name == "Threads"
    assert skill.engine_key == "social-media/Threads"
    with pytest.raises(ApplicationError, match="already in Social media"):
        skill_create(family=family, name="threads", actor=program_manager)


def test_no_confirmation_email_for_a_registration_withdrawn_before_it_went_out(mentor):
    registration = RegistrationFactory(person=mentor.person, status=RegistrationStatus.WITHDRAWN)

    assert registration_send_confirmation(registration_id=registration.pk) is False
    assert mail.outbox == []
