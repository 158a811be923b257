"""Inviting: individuals, a directory filter, a CSV; idempotent, eligible people only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from upward.core.errors import ApplicationError
from upward.people.models import Person
from upward.people.tests.factories import DepartmentFactory, PersonFactory
from upward.programs.models import Invitation, InvitationStatus, ProgramStatus
from upward.programs.selectors.recruiting import DirectoryCriteria, people_matching
from upward.programs.services.recruiting import (
    invitation_create_from_csv,
    invitation_create_from_filter,
    invitation_create_many,
)
from upward.programs.tests.factories import RegistrationFactory
from upward.programs.tests.recruiting_fixtures import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales():
    return DepartmentFactory(name="Sales")


@pytest.fixture
def seniors(sales):
    """Three eligible mentees in Sales, one who left, one too junior to be a mentee."""
    return {
        "ann": PersonFactory(name="Ann Senior", email="ann@example.com", level=6, department=sales),
        "bob": PersonFactory(name="Bob Senior", email="bob@example.com", level=7, department=sales),
        "cat": PersonFactory(name="Cat Senior", email="cat@example.com", level=6, department=sales),
        "gone": PersonFactory(
            name="Gone Senior", email="gone@example.com", level=8, department=sales, is_active=False
        ),
        "junior": PersonFactory(
            name="Jun Junior", email="jun@example.com", level=2, department=sales
        ),
    }


def test_inviting_people_sends_each_a_personal_email(
    recruiting_program, seniors, program_manager, mailoutbox, django_capture_on_commit_callbacks
):
    people = [seniors["ann"], seniors["bob"]]
    with django_capture_on_commit_callbacks(execute=True):
        batch = invitation_create_many(
            program=recruiting_program, people=people, role="mentee", invited_by=program_manager
        )
    assert len(batch.created) == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["ann@example.com", "bob@example.com"]
    message = next(m for m in mailoutbox if m.to == ["ann@example.com"])
    assert message.subject == "You're invited to Digital Leaders 2025"
    assert message.body.startswith("Hello Ann,")
    assert "Pat Manager invites you" in message.body
    assert "The Digital Leaders 2025 team via Upward" in message.body
    assert message.reply_to == ["pat.manager@example.com"]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Accept or decline" in html
    assert link_in(message.body) in html
    assert Invitation.objects.get(person=seniors["ann"]).sent_at is not None


def test_inviting_twice_invites_each_person_once(recruiting_program, seniors, program_manager):
    people = [seniors["ann"], seniors["bob"]]
    invitation_create_many(
        program=recruiting_program, people=people, role="mentee", invited_by=program_manager
    )
    again = invitation_create_many(
        program=recruiting_program,
        people=[*people, seniors["cat"]],
        role="mentee",
        invited_by=program_manager,
    )
    assert [invitation.person for invitation in again.created] == [seniors["cat"]]
    assert again.already_invited == 2
    assert Invitation.objects.filter(program=recruiting_program).count() == 3


def test_people_already_registered_are_not_invited(recruiting_program, seniors, program_manager):
    RegistrationFactory(program=recruiting_program, person=seniors["ann"], role="mentee")
    batch = invitation_create_many(
        program=recruiting_program,
        people=[seniors["ann"]],
        role="mentee",
        invited_by=program_manager,
    )
    assert batch.created == [] and batch.already_registered == 1


def test_ineligible_individuals_are_left_out_with_the_reason(
    recruiting_program, seniors, program_manager
):
    batch = invitation_create_many(
        program=recruiting_program,
        people=[seniors["ann"], seniors["junior"]],
        role="mentee",
        invited_by=program_manager,
    )
    assert [invitation.person for invitation in batch.created] == [seniors["ann"]]
    [(person, reason)] = batch.ineligible
    assert person == seniors["junior"] and "level 5" in reason


def test_invite_by_filter_invites_only_eligible_active_people(
    recruiting_program, seniors, sales, program_manager
):
    PersonFactory(level=6, department=DepartmentFactory(name="Finance"))  # other department
    criteria = DirectoryCriteria(min_level=6, department_id=sales.pk, department_name="Sales")
    assert people_matching(recruiting_program, "mentee", criteria).count() == 3
    batch = invitation_create_from_filter(
        program=recruiting_program, role="mentee", criteria=criteria, invited_by=program_manager
    )
    invited = {invitation.person.name for invitation in batch.created}
    assert invited == {"Ann Senior", "Bob Senior", "Cat Senior"}


def test_a_filter_for_mentors_never_reaches_senior_people(
    recruiting_program, seniors, program_manager
):
    batch = invitation_create_from_filter(
        program=recruiting_program,
        role="mentor",
        criteria=DirectoryCriteria(),
        invited_by=program_manager,
    )
    assert all(invitation.person.level <= 3 for invitation in batch.created)
    assert seniors["junior"] in [invitation.person for invitation in batch.created]


def test_a_csv_with_unknown_emails_invites_nobody_and_names_the_lines(
    recruiting_program, seniors, program_manager, mailoutbox, django_capture_on_commit_callbacks
):
    text = (
        "name,email\nAnn,ANN@example.com\nNobody,nobody@example.com\nGone,gone@example.com\n"
        "Junior,jun@example.com\nBroken,not-an-email\n"
    )
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ApplicationError) as caught,
    ):
        invitation_create_from_csv(
            program=recruiting_program, role="mentee", text=text, invited_by=program_manager
        )
    problems = caught.value.extra["problems"]
    assert [(problem.line, problem.email) for problem in problems] == [
        (3, "nobody@example.com"),
        (4, "gone@example.com"),
        (5, "jun@example.com"),
        (6, "not-an-email"),
    ]
    assert "left the organisation" in problems[1].problem
    assert "Not eligible" in problems[2].problem
    assert "Nobody was invited" in caught.value.message
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_clean_csv_invites_everyone_on_it(recruiting_program, seniors, program_manager):
    text = "ann@example.com\nBob@Example.com\nann@example.com\n"
    batch = invitation_create_from_csv(
        program=recruiting_program, role="mentee", text=text, invited_by=program_manager
    )
    assert {invitation.person.name for invitation in batch.created} == {"Ann Senior", "Bob Senior"}


def test_no_invitations_while_registration_is_closed(recruiting_program, seniors, program_manager):
    recruiting_program.status = ProgramStatus.DRAFT
    recruiting_program.save()
    with pytest.raises(ApplicationError, match="registration is open"):
        invitation_create_many(
            program=recruiting_program,
            people=[seniors["ann"]],
            role="mentee",
            invited_by=program_manager,
        )


# --- Through the pages ------------------------------------------------------------------


def invite_url(program, how=""):
    url = reverse("programs:recruiting_invite", args=[program.pk])
    return f"{url}?how={how}" if how else url


def test_the_manager_invites_picked_people_from_the_page(
    program_manager_client, recruiting_program, seniors
):
    page = program_manager_client.get(
        invite_url(recruiting_program), {"q": "Senior", "role": "mentee"}
    )
    assert page.status_code == 200
    assert b"Ann Senior" in page.content
    response = program_manager_client.post(
        invite_url(recruiting_program),
        {"how": "people", "people-role": "mentee", "people-people": [seniors["ann"].pk]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "programs:recruiting_invitations", args=[recruiting_program.pk]
    )
    assert b"Invited 1 person" in response.content
    assert Invitation.objects.get().person == seniors["ann"]


def test_the_search_marks_people_who_cannot_be_invited(
    program_manager_client, recruiting_program, seniors
):
    response = program_manager_client.get(
        reverse("programs:recruiting_people_search", args=[recruiting_program.pk]),
        {"q": "Jun", "role": "mentee"},
    )
    assert b"Not eligible for this role" in response.content


def test_the_filter_preview_counts_before_inviting(
    program_manager_client, recruiting_program, seniors, sales
):
    response = program_manager_client.get(
        reverse("programs:recruiting_filter_preview", args=[recruiting_program.pk]),
        {"filter-role": "mentee", "filter-min_level": "7", "filter-department": sales.pk},
    )
    assert b"<strong>1</strong> person will be invited" in response.content
    assert not Invitation.objects.exists()


def test_the_manager_invites_by_filter_from_the_page(
    program_manager_client, recruiting_program, seniors, sales
):
    response = program_manager_client.post(
        invite_url(recruiting_program),
        {
            "how": "filter",
            "filter-role": "mentee",
            "filter-min_level": "6",
            "filter-department": sales.pk,
        },
    )
    assert response.status_code == 302
    assert Invitation.objects.count() == 3


def test_a_bad_csv_upload_lists_the_lines_to_fix(
    program_manager_client, recruiting_program, seniors
):
    upload = SimpleUploadedFile("people.csv", b"email\nann@example.com\nwho@example.com\n")
    response = program_manager_client.post(
        invite_url(recruiting_program),
        {"how": "csv", "csv-role": "mentee", "csv-file": upload},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "who@example.com" in body and "No one in the directory has this email." in body
    assert not Invitation.objects.exists()


def test_the_invitations_list_offers_resend_and_withdraw(
    program_manager_client,
    recruiting_program,
    seniors,
    program_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    batch = invitation_create_many(
        program=recruiting_program,
        people=[seniors["ann"]],
        role="mentee",
        invited_by=program_manager,
    )
    invitation = batch.created[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = program_manager_client.post(
            reverse("programs:invitation_resend", args=[recruiting_program.pk, invitation.pk])
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    program_manager_client.post(
        reverse("programs:invitation_revoke", args=[recruiting_program.pk, invitation.pk])
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED


def test_people_picker_only_offers_people_the_manager_can_see(
    program_manager_client, recruiting_program
):
    assert Person.objects.count() >= 1  # the personas
    response = program_manager_client.get(invite_url(recruiting_program))
    assert response.status_code == 200
    assert b"Type a name to start" in response.content


@pytest.mark.parametrize(
    "content",
    [
        b"email\nann@example.com\n" + b"x" * 1_000_000 + b"\n",  # a 1 MB line
        b"email\nann@exa\x00mple.com\n",  # a NUL byte inside the file
    ],
    ids=["a 1 MB line", "a NUL byte"],
)
def test_an_unreadable_csv_is_a_clear_400_and_invites_nobody(
    program_manager_client, recruiting_program, seniors, content
):
    upload = SimpleUploadedFile("people.csv", content)

    response = program_manager_client.post(
        invite_url(recruiting_program),
        {"how": "csv", "csv-role": "mentee", "csv-file": upload},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be read as CSV" in html or "This is not an email address." in html
    assert not Invitation.objects.exists()
