"""Registration pages: the form, one's own registration, and what managers see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from upward.programs.models import (
    MeetingPreference,
    Objective,
    ParticipantRole,
    ProgramStatus,
    QuestionKind,
    RecruitmentMode,
    Registration,
    RegistrationStatus,
)
from upward.programs.selectors.registration import long_date
from upward.programs.tests.factories import (
    EligibilityFactory,
    PreparationGuideFactory,
    ProgramFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
    SkillFactory,
    SkillFamilyFactory,
    make_manager,
)

pytestmark = pytest.mark.django_db


def open_program(**fields: Any) -> Any:
    return ProgramFactory(recruitment_mode=RecruitmentMode.OPEN, **fields)


def register_url(program: Any, role: str = "mentor") -> str:
    return f"{reverse('programs:register', args=[program.slug])}?role={role}"


def form_data(skills: list[Any], **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "skills": [skill.pk for skill in skills],
        "goals": "Help a leader feel at home on LinkedIn.",
        "availability": ["tue-09", "thu-13"],
        "timezone": "Europe/London",
        "meeting_preference": MeetingPreference.VIRTUAL,
        "languages": ["en", "fr"],
    }
    values.update(extra)
    return values


# --- Registering ----------------------------------------------------------------------


def test_the_form_offers_skills_availability_and_the_persons_time_zone(mentee_client):
    program = open_program()
    SkillFactory(name="Prompt writing")

    response = mentee_client.get(register_url(program, "mentee"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Join " + program.name + " as a mentee" in html
    assert "Prompt writing" in html
    assert 'name="availability" value="mon-07"' in html
    assert 'value="America/New_York" selected' in html
    assert "Priority for Prompt writing" in html  # mentees rank what they want most


def test_a_mentor_registers_and_is_asked_for_their_starting_point(
    mentor_client, mentor, django_capture_on_commit_callbacks
):
    program = open_program()
    skills = [SkillFactory(), SkillFactory()]

    with django_capture_on_commit_callbacks(execute=True):
        response = mentor_client.post(register_url(program), form_data(skills, capacity=2))

    registration = Registration.objects.get(person=mentor.person)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:starting_point", args=[registration.pk])
    assert registration.role == ParticipantRole.MENTOR
    assert registration.languages == ["en", "fr"]
    assert registration.availability == ["thu-13", "tue-09"]
    assert not registration.is_ready
    assert mail.outbox[0].subject == (
        f"You're registered as a mentor in {program.name}: what happens next"
    )


def test_a_mentee_ranks_skills_by_priority(mentee_client, mentee):
    program = open_program()
    first, second, third = SkillFactory(name="A"), SkillFactory(name="B"), SkillFactory(name="C")

    mentee_client.post(
        register_url(program, "mentee"),
        form_data(
            [first, second, third],
            **{f"rank_{third.pk}": "1", f"rank_{first.pk}": "2", f"rank_{second.pk}": ""},
        ),
    )

    registration = Registration.objects.get(person=mentee.person)
    ordered = [link.skill for link in registration.skill_links.order_by("priority")]
    assert ordered == [third, first, second]


def test_the_programs_own_questions_are_asked_and_kept(mentor_client, mentor):
    program = open_program()
    text = RegistrationQuestionFactory(program=program, prompt="Why join?", required=True)
    choice = RegistrationQuestionFactory(
        program=program, prompt="Team?", kind=QuestionKind.CHOICE, choices=["Red", "Blue"]
    )
    scale = RegistrationQuestionFactory(program=program, prompt="Confidence?", kind="scale")
    mentee_only = RegistrationQuestionFactory(
        program=program, prompt="Board seat?", role=ParticipantRole.MENTEE
    )

    page = mentor_client.get(register_url(program)).content.decode()
    assert "Why join?" in page and "Team?" in page and "Confidence?" in page
    assert "Board seat?" not in page

    missing = mentor_client.post(register_url(program), form_data([SkillFactory()]))
    assert missing.status_code == 400
    mentor_client.post(
        register_url(program),
        form_data(
            [SkillFactory()],
            **{f"q_{text.pk}": "To learn", f"q_{choice.pk}": "Blue", f"q_{scale.pk}": "4"},
        ),
    )
    answers = Registration.objects.get(person=mentor.person).answers
    assert answers == {str(text.pk): "To learn", str(choice.pk): "Blue", str(scale.pk): "4"}
    assert str(mentee_only.pk) not in answers


def test_level_2_employee_is_refused_as_mentee_with_the_reason(mentor_client):
    program = open_program()
    EligibilityFactory(program=program, role=ParticipantRole.MENTEE, min_level=6)

    page = mentor_client.get(register_url(program, "mentee"))
    post = mentor_client.post(register_url(program, "mentee"), form_data([SkillFactory()]))

    assert "Mentees must be at level 6 or above; your level is 2." in page.content.decode()
    assert post.status_code == 400
    assert "Mentees must be at level 6 or above; your level is 2." in post.content.decode()
    assert not Registration.objects.exists()


def test_registering_after_the_window_closed_is_refused_with_a_clear_message(mentor_client):
    today = timezone.localdate()
    program = open_program(
        name="Winter cohort",
        registration_opens_on=today - timedelta(days=30),
        registration_closes_on=today - timedelta(days=2),
    )

    response = mentor_client.post(register_url(program), form_data([SkillFactory()]))

    assert response.status_code == 400
    assert (
        f"Registration for Winter cohort closed on {long_date(program.registration_closes_on)}"
        in (response.content.decode())
    )
    assert not Registration.objects.exists()


def test_without_a_role_the_person_chooses_one(mentor_client):
    program = open_program()
    EligibilityFactory(program=program, role=ParticipantRole.MENTEE, min_level=6)

    html = mentor_client.get(reverse("programs:register", args=[program.slug])).content.decode()

    assert "?role=mentor" in html
    assert "?role=mentee" not in html
    assert "your level is 2" in html


def test_draft_programs_cannot_be_reached(mentor_client):
    program = open_program(status=ProgramStatus.DRAFT)

    assert mentor_client.get(register_url(program)).status_code == 404


def test_the_live_skill_search_keeps_what_was_already_picked(mentee_client):
    program = open_program()
    family = SkillFamilyFactory(name="Fediverse")
    SkillFactory(family=family, name="Mastodon", keywords="zzqnet microblog")
    pixelfed = SkillFactory(family=family, name="Pixelfed")
    excel = SkillFactory(name="Quarterly spreadsheets")

    response = mentee_client.get(
        reverse("programs:register_skills", args=[program.slug]),
        {"role": "mentee", "skill_q": "zzqnet", "skills": [excel.pk], f"rank_{excel.pk}": "1"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert "Mastodon" in html
    assert "Pixelfed" not in html
    assert "Quarterly spreadsheets" in html
    assert f'value="{excel.pk}" id="skill-{excel.pk}" checked' in html
    rank = f'name="rank_{excel.pk}" id="rank-{excel.pk}" min="1" max="12"'
    assert f'{rank} inputmode="numeric" value="1"' in html
    assert pixelfed.pk  # only its absence matters


def test_suggestions_show_what_people_in_the_program_pick(mentee_client):
    program = open_program()
    popular = SkillFactory(name="Popular pick")
    for _ in range(3):
        RegistrationFactory(program=program).skill_links.create(skill=popular)

    html = mentee_client.get(register_url(program, "mentee")).content.decode()

    suggestions = html[html.index("skill-suggestions") : html.index("</fieldset>")]
    assert "people in this program often pick" in suggestions
    assert "Popular pick" in suggestions
    assert html.count(f'id="skill-{popular.pk}"') == 1  # suggested, so not repeated below


# --- One's own registration --------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "programs:my_registration",
        "programs:registration_edit",
        "programs:registration_withdraw",
        "programs:registration_guide",
        "programs:self_identification",
    ],
)
def test_nobody_else_sees_a_registration(name, mentor, outsider_client, program_manager_client):
    program = open_program(objectives=[Objective.INCLUSION.value])
    registration = RegistrationFactory(program=program, person=mentor.person)
    make_manager(program)  # managers of the program use their own pages, not these

    url = reverse(name, args=[registration.pk])
    assert outsider_client.get(url).status_code == 404
    assert program_manager_client.get(url).status_code == 404


def test_nobody_else_can_withdraw_a_registration(mentor, outsider_client):
    registration = RegistrationFactory(person=mentor.person)

    response = outsider_client.post(
        reverse("programs:registration_withdraw", args=[registration.pk])
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_participant_edits_their_registration(mentor_client, mentor):
    registration = RegistrationFactory(program=open_program(), person=mentor.person)
    skill = SkillFactory()
    url = reverse("programs:registration_edit", args=[registration.pk])

    assert mentor_client.get(url).status_code == 200
    response = mentor_client.post(url, form_data([skill], goals="Teach prompt writing."))

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.goals == "Teach prompt writing."
    assert [link.skill for link in registration.skill_links.all()] == [skill]


def test_editing_is_locked_once_matching_starts(mentor_client, mentor):
    program = open_program(status=ProgramStatus.MATCHING)
    registration = RegistrationFactory(program=program, person=mentor.person, goals="Before")
    url = reverse("programs:registration_edit", args=[registration.pk])

    response = mentor_client.post(url, form_data([SkillFactory()], goals="After"), follow=True)

    assert "Registrations are locked once matching starts" in response.content.decode()
    registration.refresh_from_db()
    assert registration.goals == "Before"


def test_withdrawing_asks_for_confirmation_then_withdraws(mentor_client, mentor):
    registration = RegistrationFactory(person=mentor.person)
    url = reverse("programs:registration_withdraw", args=[registration.pk])

    assert "Yes, withdraw" in mentor_client.get(url).content.decode()
    mentor_client.post(url)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WITHDRAWN


def test_a_mentor_confirms_the_guide_and_becomes_ready(mentor_client, mentor):
    registration = RegistrationFactory(person=mentor.person, guide_read_at=None)
    PreparationGuideFactory(program=registration.program, title="Your first session")

    page = mentor_client.get(reverse("programs:registration_guide", args=[registration.pk]))
    assert "Your first session" in page.content.decode()
    assert "I have read this guide" in page.content.decode()
    mentor_client.post(reverse("programs:registration_guide_confirm", args=[registration.pk]))

    registration.refresh_from_db()
    assert registration.is_ready


# --- Managers ----------------------------------------------------------------------------


def test_managers_see_who_registered_and_who_is_ready(program_manager, program_manager_client):
    program = open_program()
    make_manager(program, program_manager)
    ready = RegistrationFactory(program=program, person__name="Rea Dy")
    not_ready = RegistrationFactory(program=program, person__name="Nora Tready", guide_read_at=None)
    mentee = RegistrationFactory(
        program=program, role=ParticipantRole.MENTEE, person__name="Men Tee"
    )
    url = reverse("programs:registrations", args=[program.pk])

    everyone = program_manager_client.get(url).content.decode()
    waiting = program_manager_client.get(url, {"ready": "no"}).content.decode()
    mentees = program_manager_client.get(url, {"role": "mentee"}).content.decode()

    assert all(r.person.name in everyone for r in [ready, not_ready, mentee])
    assert "Guide not confirmed" in everyone
    assert not_ready.person.name in waiting and ready.person.name not in waiting
    assert mentee.person.name in mentees and ready.person.name not in mentees


def test_a_manager_of_another_program_gets_404(program_manager_client, mentor_client):
    program = open_program()
    make_manager(program)  # someone else
    url = reverse("programs:registrations", args=[program.pk])

    assert program_manager_client.get(url).status_code == 404
    assert mentor_client.get(url).status_code == 404


def test_the_overview_panel_counts_registrations(program_manager):
    from django.template.loader import render_to_string

    from upward.programs.selectors.registration import registration_summary

    program = open_program()
    RegistrationFactory(program=program)
    RegistrationFactory(program=program, guide_read_at=None)
    RegistrationFactory(program=program, role=ParticipantRole.MENTEE)
    RegistrationFactory(program=program, status=RegistrationStatus.WITHDRAWN)

    html = render_to_string(
        "programs/_registrations_panel.html",
        {"program": program, "summary": registration_summary(program)},
    )

    assert "1 ready · 1 still to read the preparation guide" in html
    assert reverse("programs:registrations", args=[program.pk]) in html


def test_managers_add_skills_and_participants_cannot(program_manager_client, mentor_client):
    family = SkillFamilyFactory(name="Video messaging")
    url = reverse("programs:skill_create")

    response = program_manager_client.post(url, {"family": family.pk, "name": "Loom"})
    assert response.status_code == 302
    assert family.skills.filter(name="Loom").exists()
    assert mentor_client.get(url).status_code == 403
