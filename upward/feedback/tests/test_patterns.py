"""Patterns across pairs: told to administrators and concern handlers only, never to one's line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import Role
from upward.accounts.tests.factories import UserFactory
from upward.core.models import AuditEntry
from upward.feedback.models import CheckIn, ConcernContact, Fit
from upward.pairs.models import Pair
from upward.pairs.tests.sessions_fixtures import book
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.people.models import Person
from upward.people.tests.factories import PersonFactory
from upward.programs.tests.factories import make_manager

pytestmark = pytest.mark.django_db
URL = reverse("feedback:patterns")


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _partner_says_not_working(pair: Pair) -> None:
    session = book(pair, timezone.now() + timedelta(days=3))
    CheckIn.objects.create(
        session=session,
        pair=pair,
        author=pair.mentor,
        due_at=session.starts_at,
        expires_at=session.starts_at + timedelta(days=14),
        fit=Fit.NOT_WORKING,
        answered_at=session.starts_at,
    )


@pytest.fixture
def flagged(mentee, program_manager) -> dict:
    """The mentee's partners in two programs both said the pairing was not working."""
    first = live_pair(mentee_user=mentee, manager=program_manager)
    second = live_pair(mentee_user=mentee, program=running_program())
    _partner_says_not_working(first)
    _partner_says_not_working(second)
    return {"first": first, "second": second, "name": mentee.person.name}


def test_an_administrator_sees_someone_flagged_in_two_pairs(flagged, admin_client) -> None:
    page = admin_client.get(URL).content.decode()

    assert flagged["name"] in page
    assert AuditEntry.objects.filter(action="concern.patterns_viewed").exists()


def test_a_manager_handling_one_of_the_programs_sees_them(flagged, program_manager) -> None:
    assert flagged["name"] in _login(program_manager).get(URL).content.decode()


def test_one_flag_is_not_a_pattern(mentee, program_manager, admin_client) -> None:
    _partner_says_not_working(live_pair(mentee_user=mentee, manager=program_manager))

    assert mentee.person.name not in admin_client.get(URL).content.decode()


def test_named_contacts_take_over_from_the_managers(flagged, program_manager) -> None:
    contact = UserFactory()
    ConcernContact.objects.create(program=flagged["first"].program, user=contact)

    assert flagged["name"] in _login(contact).get(URL).content.decode()
    assert _login(program_manager).get(URL).status_code == 404


def test_a_handler_never_reads_about_someone_in_their_own_line(flagged, program_manager) -> None:
    boss = Person.objects.get(user=program_manager)
    person = Person.objects.get(name=flagged["name"])
    Person.objects.filter(pk=person.pk).update(manager=boss, line_path=f"/{boss.pk}/{person.pk}/")

    page = _login(program_manager).get(URL)

    assert page.status_code == 200
    assert flagged["name"] not in page.content.decode()


@pytest.mark.parametrize("who", ["mentor", "mentee", "outsider", "other_manager"])
def test_nobody_else_reaches_the_patterns(request, flagged, who) -> None:
    user = (
        make_manager(running_program()) if who == "other_manager" else request.getfixturevalue(who)
    )
    if who == "other_manager":
        # Managing a program where nobody flagged takes part shows an empty list, no names.
        page = _login(user).get(URL)
        assert page.status_code == 200
        assert flagged["name"] not in page.content.decode()
        return
    assert _login(user).get(URL).status_code == 404


def test_anonymous_is_sent_to_sign_in(flagged, client) -> None:
    answer = client.get(URL)
    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_a_member_who_is_an_administrator_by_role_sees_them(flagged) -> None:
    admin = UserFactory(role=Role.ADMINISTRATOR)
    PersonFactory(user=admin, email=admin.email)
    assert flagged["name"] in _login(admin).get(URL).content.decode()
