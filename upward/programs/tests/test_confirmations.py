"""Confirmation pages before what cannot be undone in a program: deleting content,
starting or closing it, removing a manager, withdrawing an invitation, withdrawing
one's self-identification. GET names what goes and deletes nothing; only the POST acts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import Role, User
from upward.accounts.tests.factories import UserFactory
from upward.pairs.models import Session, SessionStatus
from upward.pairs.tests.sessions_fixtures import book, in_days
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.programs.models import (
    AgendaTemplate,
    InvitationStatus,
    ParticipantRole,
    PreparationGuide,
    Program,
    ProgramStatus,
    RecruitmentMode,
    Registration,
    RegistrationQuestion,
    SelfIdentification,
)
from upward.programs.tests.factories import (
    AgendaTemplateFactory,
    InvitationFactory,
    PreparationGuideFactory,
    ProgramFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
    SelfIdentificationFactory,
    make_manager,
)

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return str(response.content.decode())


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _delete_url(item: Any, kind: str) -> str:
    return reverse(f"programs:{kind.removesuffix('s')}_delete", args=[item.program_id, item.pk])


def _past_session(pair: Any, agenda: AgendaTemplate, key: str) -> Session:
    return Session.objects.create(
        pair=pair,
        starts_at=timezone.now() - timedelta(days=14),
        status=SessionStatus.HELD,
        proposed_by=pair.mentor,
        agenda_template=agenda,
        ical_uid=f"{key}@test",
    )


# --- Deleting content ----------------------------------------------------------------


def test_the_agenda_delete_page_names_it_and_the_sessions_that_lose_it(
    program_manager, program_manager_client
) -> None:
    program = running_program(managers=[program_manager])
    agenda = AgendaTemplateFactory(program=program, title="Social media 101")
    pair = live_pair(program=program)
    upcoming = book(pair, in_days(7), agenda_template=agenda, agenda="Bring your phone")
    _past_session(pair, agenda, "past")

    page = program_manager_client.get(_delete_url(agenda, "agendas"))

    html = _text(page)
    assert page.status_code == 200
    assert "Delete the agenda template “Social media 101”?" in html
    assert "Sessions planned with it (2, 1 still to come)" in html
    assert "Agree the next session" in html  # its outline, shown once more
    assert AgendaTemplate.objects.filter(pk=agenda.pk).exists()

    response = program_manager_client.post(_delete_url(agenda, "agendas"))

    assert response["Location"] == reverse("programs:agendas", args=[program.pk])
    assert not AgendaTemplate.objects.filter(pk=agenda.pk).exists()
    upcoming.refresh_from_db()  # the session stays, with its own notes, without the outline
    assert (upcoming.agenda_template, upcoming.agenda) == (None, "Bring your phone")


def test_an_unused_agenda_says_no_session_uses_it(program_manager, program_manager_client):
    agenda = AgendaTemplateFactory(program=ProgramFactory(managers=[program_manager]))
    assert "No session uses it yet." in _text(
        program_manager_client.get(_delete_url(agenda, "agendas"))
    )


def test_the_mentor_guide_delete_page_says_who_can_no_longer_get_ready(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    guide = PreparationGuideFactory(program=program, title="Before you teach")
    RegistrationFactory.create_batch(2, program=program, role=ParticipantRole.MENTOR)
    RegistrationFactory(program=program, role=ParticipantRole.MENTOR, guide_read_at=None)

    html = _text(program_manager_client.get(_delete_url(guide, "guides")))

    assert "Delete the preparation guide “Before you teach (for mentors)”?" in html
    assert "Mentors who confirmed reading it (2) stay ready to be matched." in html
    assert "Mentors who have not confirmed yet (1)" in html
    assert program_manager_client.post(_delete_url(guide, "guides")).status_code == 302
    assert not PreparationGuide.objects.filter(pk=guide.pk).exists()


def test_the_question_delete_page_says_its_answers_are_deleted_with_it(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    question = RegistrationQuestionFactory(program=program, prompt="Why do you join?")
    answered = RegistrationFactory(program=program, answers={str(question.pk): "To learn"})
    RegistrationFactory(program=program)

    html = _text(program_manager_client.get(_delete_url(question, "questions")))

    assert "Delete the registration question “Why do you join?”?" in html
    assert "The 1 answer already given to it is deleted with it." in html
    assert "Delete the question and its answers" in html
    program_manager_client.post(_delete_url(question, "questions"))
    assert not RegistrationQuestion.objects.filter(pk=question.pk).exists()
    answered.refresh_from_db()
    assert answered.answers == {}  # an answer nobody can see any more is not kept


def test_a_closed_program_refuses_the_delete_and_says_why(program_manager, program_manager_client):
    program = ProgramFactory(managers=[program_manager], status=ProgramStatus.CLOSED)
    agenda = AgendaTemplateFactory(program=program)

    response = program_manager_client.post(_delete_url(agenda, "agendas"))

    assert response.status_code == 400
    assert "A closed program can no longer be changed." in _text(response)
    assert AgendaTemplate.objects.filter(pk=agenda.pk).exists()


def test_the_content_list_links_to_the_confirmation_instead_of_deleting(
    program_manager, program_manager_client
) -> None:
    agenda = AgendaTemplateFactory(program=ProgramFactory(managers=[program_manager]))
    url = reverse("programs:agendas", args=[agenda.program_id])
    html = _text(program_manager_client.get(url))
    assert f'href="{_delete_url(agenda, "agendas")}"' in html
    assert f'action="{_delete_url(agenda, "agendas")}"' not in html


def test_the_agenda_delete_page_costs_the_same_for_1_or_8_sessions(
    program_manager, program_manager_client, django_assert_num_queries
) -> None:
    program = running_program(managers=[program_manager])
    agenda = AgendaTemplateFactory(program=program)
    pair = live_pair(program=program)
    _past_session(pair, agenda, "s0")
    url = _delete_url(agenda, "agendas")
    few = _queries(program_manager_client, url)
    for day in range(1, 8):
        book(pair, in_days(day), agenda_template=agenda)
    with django_assert_num_queries(few):
        program_manager_client.get(url)


@pytest.mark.parametrize("kind", ["guides", "questions"])
def test_the_guide_and_question_delete_pages_cost_the_same_for_1_or_8_registrations(
    kind, program_manager, program_manager_client, django_assert_num_queries
) -> None:
    program = ProgramFactory(managers=[program_manager])
    item = (
        PreparationGuideFactory(program=program)
        if kind == "guides"
        else RegistrationQuestionFactory(program=program)
    )
    answer = {str(item.pk): "yes"}
    RegistrationFactory(program=program, answers=answer)
    url = _delete_url(item, kind)
    few = _queries(program_manager_client, url)
    RegistrationFactory.create_batch(7, program=program, answers=answer, guide_read_at=None)
    with django_assert_num_queries(few):
        program_manager_client.get(url)


# --- Who may open the program confirmation pages ---------------------------------------


def _confirmation_urls(program: Program) -> list[str]:
    """Every manager confirmation page of `program`, set up so each one would act."""
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.RUNNING)
    colleague = make_manager(program)
    invitation = InvitationFactory(program=program)
    urls = [
        _delete_url(AgendaTemplateFactory(program=program), "agendas"),
        _delete_url(PreparationGuideFactory(program=program), "guides"),
        _delete_url(RegistrationQuestionFactory(program=program), "questions"),
        reverse("programs:transition_confirm", args=[program.pk, "closed"]),
        reverse("programs:manager_remove", args=[program.pk, colleague.pk]),
        reverse("programs:invitation_revoke", args=[program.pk, invitation.pk]),
    ]
    return urls


def _nothing_changed(program: Program) -> None:
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING
    assert program.agendas.exists() and program.guides.exists() and program.questions.exists()
    assert program.manager_links.count() == 2
    assert not program.invitations.filter(status=InvitationStatus.REVOKED).exists()


def test_a_manager_of_another_program_gets_404_and_changes_nothing(program_manager_client):
    program = ProgramFactory()
    make_manager(program)
    for url in _confirmation_urls(program):
        assert program_manager_client.get(url).status_code == 404, url
        assert program_manager_client.post(url).status_code == 404, url
    _nothing_changed(program)


@pytest.mark.parametrize("persona", ["mentor", "mentee", "outsider"])
def test_participants_and_outsiders_are_refused(request, persona) -> None:
    user, client = request.getfixturevalue(persona), request.getfixturevalue(f"{persona}_client")
    program = ProgramFactory()
    make_manager(program)
    if persona != "outsider":
        RegistrationFactory(program=program, person=user.person, role=persona)
    for url in _confirmation_urls(program):
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url).status_code in (403, 404), url
    _nothing_changed(program)


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    program = ProgramFactory()
    make_manager(program)
    for url in _confirmation_urls(program):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
    _nothing_changed(program)


def test_an_administrator_may_confirm_in_any_program(administrator_client) -> None:
    program = ProgramFactory()
    make_manager(program)
    for url in _confirmation_urls(program):
        assert administrator_client.get(url).status_code == 200, url
    _nothing_changed(program)


# --- Starting and closing a program ----------------------------------------------------


def test_closing_a_program_says_what_stops_before_it_does(program_manager, program_manager_client):
    program = running_program(managers=[program_manager], name="Digital leaders")
    url = reverse("programs:transition_confirm", args=[program.pk, "closed"])

    html = _text(program_manager_client.get(url))

    assert "Close “Digital leaders”?" in html
    assert "It cannot be reopened." in html
    assert "Live pairs are not closed" in html
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING
    assert program_manager_client.post(url)["Location"] == reverse(
        "programs:overview", args=[program.pk]
    )
    program.refresh_from_db()
    assert program.status == ProgramStatus.CLOSED


def test_starting_a_program_is_confirmed_too(program_manager, program_manager_client):
    program = ProgramFactory(managers=[program_manager], status=ProgramStatus.MATCHING)
    overview = _text(program_manager_client.get(reverse("programs:overview", args=[program.pk])))
    url = reverse("programs:transition_confirm", args=[program.pk, "running"])
    assert f'href="{url}"' in overview  # a link to the confirmation, not a form that acts

    assert "no run can be published" in _text(program_manager_client.get(url))
    program_manager_client.post(url)
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING


def test_a_move_the_program_cannot_make_is_explained_not_offered(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager], status=ProgramStatus.DRAFT)
    url = reverse("programs:transition_confirm", args=[program.pk, "closed"])
    response = program_manager_client.get(url, follow=True)
    assert "A draft program can only be" in _text(response)
    assert (
        program_manager_client.get(
            reverse("programs:transition_confirm", args=[program.pk, "recruiting"])
        ).status_code
        == 404
    )  # reversible moves need no confirmation page


def test_the_close_page_costs_the_same_queries_however_many_managers(
    program_manager, program_manager_client, django_assert_num_queries
) -> None:
    program = running_program(managers=[program_manager])
    url = reverse("programs:transition_confirm", args=[program.pk, "closed"])
    few = _queries(program_manager_client, url)
    for _ in range(4):
        make_manager(program)
    with django_assert_num_queries(few):
        program_manager_client.get(url)


# --- Removing a manager ---------------------------------------------------------------------


def test_removing_a_manager_is_confirmed(program_manager, program_manager_client):
    colleague = UserFactory(role=Role.PROGRAM_MANAGER, full_name="Cleo Colleague")
    program = ProgramFactory(managers=[program_manager, colleague], name="Pilot")
    url = reverse("programs:manager_remove", args=[program.pk, colleague.pk])

    html = _text(program_manager_client.get(url))

    assert "Remove Cleo Colleague as a manager of “Pilot”?" in html
    assert set(program.managers.all()) == {program_manager, colleague}
    assert program_manager_client.post(url)["Location"] == reverse(
        "programs:managers", args=[program.pk]
    )
    assert set(program.managers.all()) == {program_manager}


def test_removing_yourself_warns_you_lose_access(program_manager, program_manager_client):
    colleague = UserFactory(role=Role.PROGRAM_MANAGER)
    program = ProgramFactory(managers=[program_manager, colleague])
    url = reverse("programs:manager_remove", args=[program.pk, program_manager.pk])

    assert "That is you" in _text(program_manager_client.get(url))
    assert program_manager_client.post(url)["Location"] == reverse("programs:list")


def test_the_last_manager_cannot_be_removed_and_the_page_says_why(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    url = reverse("programs:manager_remove", args=[program.pk, program_manager.pk])
    response = program_manager_client.post(url)
    assert response.status_code == 400
    assert "at least one manager" in _text(response)


def test_the_manager_remove_page_costs_the_same_however_many_managers(
    program_manager, program_manager_client, django_assert_num_queries
) -> None:
    colleague = UserFactory(role=Role.PROGRAM_MANAGER)
    program = ProgramFactory(managers=[program_manager, colleague])
    url = reverse("programs:manager_remove", args=[program.pk, colleague.pk])
    few = _queries(program_manager_client, url)
    for _ in range(4):
        make_manager(program)
    with django_assert_num_queries(few):
        program_manager_client.get(url)


# --- Withdrawing an invitation -------------------------------------------------------


def test_withdrawing_an_invitation_is_confirmed_and_keeps_the_list_filters(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    invitation = InvitationFactory(program=program, person__name="Ann Example")
    query = "status=sent&page=2"
    url = reverse("programs:invitation_revoke", args=[program.pk, invitation.pk])

    html = _text(program_manager_client.get(url, {"return_query": query}))

    assert "Withdraw the invitation to Ann Example" in html
    assert "They cannot be invited to this program again." in html
    assert "invite-only, so they can no longer register" in html
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    response = program_manager_client.post(url, {"return_query": query})
    invites = reverse("programs:recruiting_invitations", args=[program.pk])
    assert response["Location"] == f"{invites}?{query}"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED


def test_an_open_program_invitation_page_says_they_can_still_register(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager], recruitment_mode=RecruitmentMode.OPEN)
    invitation = InvitationFactory(program=program)
    url = reverse("programs:invitation_revoke", args=[program.pk, invitation.pk])
    assert "they can still register from its page" in _text(program_manager_client.get(url))


def test_the_invitation_page_costs_the_same_however_many_invitations(
    program_manager, program_manager_client, django_assert_num_queries
) -> None:
    program = ProgramFactory(managers=[program_manager])
    invitation = InvitationFactory(program=program)
    url = reverse("programs:invitation_revoke", args=[program.pk, invitation.pk])
    few = _queries(program_manager_client, url)
    InvitationFactory.create_batch(6, program=program)
    with django_assert_num_queries(few):
        program_manager_client.get(url)


# --- Withdrawing one's self-identification -----------------------------------------------


def _self_identified(user: User) -> Registration:
    program = ProgramFactory(objectives=["inclusion"], name="Inclusive leaders")
    registration = RegistrationFactory(program=program, person=user.person)
    SelfIdentificationFactory(registration=registration, answers={"generation": "gen_z"})
    return registration


def test_withdrawing_self_identification_is_confirmed(mentor, mentor_client):
    registration = _self_identified(mentor)
    url = reverse("programs:self_identification_withdraw", args=[registration.pk])

    html = _text(mentor_client.get(url))

    assert "Withdraw and delete your self-identification answers for Inclusive leaders?" in html
    assert SelfIdentification.objects.filter(registration=registration).exists()
    response = mentor_client.post(url)
    assert response["Location"] == reverse("programs:my_registration", args=[registration.pk])
    assert not SelfIdentification.objects.exists()


@pytest.mark.parametrize(
    "persona",
    ["mentee_client", "outsider_client", "program_manager_client", "administrator_client"],
)
def test_nobody_else_reaches_someone_s_self_identification(request, persona, mentor):
    client = request.getfixturevalue(persona)
    registration = _self_identified(mentor)
    url = reverse("programs:self_identification_withdraw", args=[registration.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert SelfIdentification.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(mentor, client):
    registration = _self_identified(mentor)
    url = reverse("programs:self_identification_withdraw", args=[registration.pk])
    for method in (client.get, client.post):
        assert method(url)["Location"].startswith(reverse("account_login"))
    assert SelfIdentification.objects.exists()


def test_without_answers_there_is_nothing_to_confirm(mentor, mentor_client):
    registration = RegistrationFactory(person=mentor.person)
    url = reverse("programs:self_identification_withdraw", args=[registration.pk])
    response = mentor_client.get(url, follow=True)
    assert "There were no self-identification answers to delete." in _text(response)


def test_the_self_identification_page_costs_a_fixed_number_of_queries(
    mentor, mentor_client, django_assert_num_queries
) -> None:
    registration = _self_identified(mentor)
    url = reverse("programs:self_identification_withdraw", args=[registration.pk])
    few = _queries(mentor_client, url)
    for _ in range(5):
        RegistrationFactory(program=registration.program)
    with django_assert_num_queries(few):
        mentor_client.get(url)
