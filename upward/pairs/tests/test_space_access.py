"""Who may open a pair's space: its two people; its program's managers see dates and status only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from upward.accounts.models import Role, User
from upward.accounts.tests.factories import UserFactory
from upward.core.testing.urls import url_names_of
from upward.pairs.models import (
    Goal,
    GoalOwner,
    Message,
    NoteVisibility,
    Pair,
    Session,
    SessionNote,
    SessionStatus,
)
from upward.pairs.services.agreement import agreement_start
from upward.pairs.tests.optin_fixtures import propose, register
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.people.tests.factories import PersonFactory
from upward.programs.models import ParticipantRole

# name -> (methods a participant may use, extra URL kwargs needed)
PARTICIPANT_ROUTES: dict[str, tuple[str, ...]] = {
    "detail": ("get",),
    "agreement_history": ("get",),
    "agreement_edit": ("get", "post"),
    "agreement_accept": ("post",),
    "goal_add": ("post",),
    "goal_update": ("post",),
    "resources": ("get",),
    "close": ("get", "post"),
}
MANAGER_ROUTES: dict[str, tuple[str, ...]] = {
    "manager_detail": ("get",),
    "manager_close": ("get", "post"),
}


def _user(role: str = Role.MEMBER, **person: Any) -> User:
    user = UserFactory(role=role)
    PersonFactory(user=user, email=user.email, **person)
    return user


def _urls(pair: Pair, names: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    version = agreement_start(pair=pair)
    goal = Goal.objects.create(pair=pair, owner=GoalOwner.MENTEE, title="Learn TikTok")
    extra = {
        "agreement_accept": {"version_id": version.pk},
        "goal_update": {"goal_id": goal.pk},
        "manager_detail": {"program_id": pair.program_id},
        "manager_close": {"program_id": pair.program_id},
    }
    return [
        (method, reverse(f"pairs:{name}", kwargs={"pair_id": pair.pk, **extra.get(name, {})}))
        for name, methods in names.items()
        for method in methods
    ]


def test_every_space_url_is_covered_here() -> None:
    names = url_names_of("upward.pairs.views.space")
    assert names == {"my_pairs", *PARTICIPANT_ROUTES, *MANAGER_ROUTES}


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_the_pair_s_two_people_open_every_page(
    who: str,
    space_pair: Pair,
    request: pytest.FixtureRequest,
) -> None:
    client: Client = request.getfixturevalue(f"{who}_client")
    for name in ("detail", "agreement_history", "agreement_edit", "resources", "close"):
        response = client.get(reverse(f"pairs:{name}", args=[space_pair.pk]))
        assert response.status_code == 200, name


@pytest.mark.parametrize(
    "who", ["outsider", "program_manager", "administrator", "other_member", "other_manager"]
)
def test_nobody_else_opens_any_participant_page(
    who: str,
    space_pair: Pair,
    request: pytest.FixtureRequest,
) -> None:
    if who == "other_member":
        user = _user()
        live_pair(mentor_user=user)  # a member of another pair
    elif who == "other_manager":
        user = _user(Role.PROGRAM_MANAGER)
        running_program(managers=[user])
    else:
        user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)
    for method, url in _urls(space_pair, PARTICIPANT_ROUTES):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (who, method, url)


@pytest.mark.parametrize("who", ["outsider", "mentor", "mentee", "other_manager"])
def test_only_the_program_s_managers_open_the_manager_pages(
    who: str,
    space_pair: Pair,
    request: pytest.FixtureRequest,
) -> None:
    if who == "other_manager":
        user = _user(Role.PROGRAM_MANAGER)
        running_program(managers=[user])
    else:
        user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)
    for method, url in _urls(space_pair, MANAGER_ROUTES):
        assert getattr(client, method)(url).status_code == 404, (who, method, url)
    space_pair.refresh_from_db()
    assert space_pair.status == "live"


def test_anonymous_visitors_are_sent_to_sign_in(space_pair: Pair) -> None:
    client = Client()
    urls = _urls(space_pair, {**PARTICIPANT_ROUTES, **MANAGER_ROUTES})
    for method, url in [("get", reverse("pairs:my_pairs")), *urls]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_a_proposal_is_not_a_space(mentor: User, mentee: User, mentor_client: Client) -> None:
    program = running_program()
    pair = propose(
        register(program, ParticipantRole.MENTOR, user=mentor),
        register(program, ParticipantRole.MENTEE, user=mentee),
    )
    assert mentor_client.get(reverse("pairs:detail", args=[pair.pk])).status_code == 404
    assert mentor_client.get(reverse("pairs:my_pairs")).context["spaces"] == []


def test_manager_sees_dates_and_status_never_what_the_pair_wrote(
    space_pair: Pair,
    program_manager_client: Client,
) -> None:
    agreement_start(pair=space_pair)
    space_pair.agreement_versions.update(text="SECRET-AGREEMENT-TEXT")
    Goal.objects.create(pair=space_pair, owner=GoalOwner.MENTEE, title="SECRET-GOAL-TITLE")
    session = Session.objects.create(
        pair=space_pair,
        starts_at="2030-03-04T10:00:00Z",
        status=SessionStatus.BOOKED,
        proposed_by=space_pair.mentor,
        agenda="SECRET-AGENDA",
        ical_uid="u-1@test",
    )
    SessionNote.objects.create(
        session=session,
        author=space_pair.mentor,
        visibility=NoteVisibility.SHARED,
        text="SECRET-NOTE",
    )
    Message.objects.create(pair=space_pair, author=space_pair.mentee, text="SECRET-MESSAGE")

    response = program_manager_client.get(
        reverse("pairs:manager_detail", args=[space_pair.program_id, space_pair.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Jo Junior" in html and "Sam Senior" in html
    assert "4 March 2030" in html and "Booked" in html
    assert "SECRET" not in html


def test_members_see_my_pairs_in_the_navigation_and_home(
    space_pair: Pair,
    mentee_client: Client,
) -> None:
    response = mentee_client.get(reverse("home:home"))
    assert ("My pairs", reverse("pairs:my_pairs")) in response.context["nav_links"]
    assert reverse("pairs:detail", args=[space_pair.pk]) in response.content.decode()


def test_managers_have_no_my_pairs_link(program_manager_client: Client) -> None:
    response = program_manager_client.get(reverse("home:home"))
    assert all(label != "My pairs" for label, _ in response.context["nav_links"])
