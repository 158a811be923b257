"""Confirmation pages in matching: removing a pin or forbid, withdrawing a proposal.
GET names the two people and what changes, and changes nothing; only the POST acts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upward.accounts.models import Role, User
from upward.accounts.tests.factories import UserFactory
from upward.core.tests.test_pages import unlabelled_fields
from upward.matching.models import ConstraintKind, PairConstraint
from upward.pairs.models import Pair, PairStatus
from upward.pairs.tests.optin_fixtures import propose, register
from upward.programs.models import ParticipantRole, Program, Registration
from upward.programs.tests.factories import ProgramFactory, make_manager

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return str(response.content.decode())


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _constraint(mentor: Registration, mentee: Registration, kind: str, **fields: Any) -> Any:
    return PairConstraint.objects.create(
        program=mentor.program, mentor=mentor, mentee=mentee, kind=kind, **fields
    )


def _remove_url(constraint: PairConstraint) -> str:
    return reverse("matching:constraint_remove", args=[constraint.program_id, constraint.pk])


def _withdraw_url(pair: Pair) -> str:
    return reverse("pairs:pair_withdraw", args=[pair.program_id, pair.pk])


@pytest.fixture
def pin(mentor_registration: Registration, mentee_registration: Registration) -> PairConstraint:
    return _constraint(
        mentor_registration,
        mentee_registration,
        ConstraintKind.PIN,
        rule_violations=["Same reporting line"],
        override_reason="Different divisions since the reorganisation",
    )


@pytest.fixture
def proposal(mentor_registration: Registration, mentee_registration: Registration) -> Pair:
    return propose(mentor_registration, mentee_registration)


# --- Removing a pin or a forbid ------------------------------------------------------------


def test_removing_a_pin_names_the_pair_and_the_override_that_goes(
    pin: PairConstraint, program_manager_client: Client
) -> None:
    html = _text(program_manager_client.get(_remove_url(pin)))

    assert "Remove the pin of Jo Junior (mentor) with Sam Senior (mentee)?" in html
    assert "Later runs no longer keep these two together" in html
    assert "Different divisions since the reorganisation" in html
    assert PairConstraint.objects.filter(pk=pin.pk).exists()

    response = program_manager_client.post(_remove_url(pin))

    assert response["Location"] == reverse("matching:runs", args=[pin.program_id])
    assert not PairConstraint.objects.filter(pk=pin.pk).exists()


def test_removing_a_forbid_says_the_two_may_be_proposed_again(
    mentor_registration: Registration,
    mentee_registration: Registration,
    program_manager_client: Client,
) -> None:
    forbid = _constraint(
        mentor_registration, mentee_registration, ConstraintKind.FORBID, reason="Same team"
    )
    html = _text(program_manager_client.get(_remove_url(forbid)))
    assert "Remove the forbid of Jo Junior (mentor) with Sam Senior (mentee)?" in html
    assert "Later runs may propose these two to each other again." in html
    assert "Its note (“Same team”) is deleted with it." in html


def test_the_runs_page_links_to_the_confirmation(
    pin: PairConstraint, program_manager_client: Client
) -> None:
    html = _text(program_manager_client.get(reverse("matching:runs", args=[pin.program_id])))
    assert f'href="{_remove_url(pin)}"' in html and f'action="{_remove_url(pin)}"' not in html


def test_the_constraint_page_costs_the_same_however_many_constraints(
    pin: PairConstraint,
    matching_program: Program,
    program_manager_client: Client,
    django_assert_num_queries: Any,
) -> None:
    few = _queries(program_manager_client, _remove_url(pin))
    for _ in range(5):
        _constraint(
            register(matching_program, ParticipantRole.MENTOR),
            register(matching_program, ParticipantRole.MENTEE),
            ConstraintKind.FORBID,
        )
    with django_assert_num_queries(few):
        program_manager_client.get(_remove_url(pin))


# --- Withdrawing a proposal -----------------------------------------------------------------


def test_withdrawing_a_proposal_is_confirmed_with_an_optional_reason(
    proposal: Pair, program_manager_client: Client
) -> None:
    page = program_manager_client.get(_withdraw_url(proposal))

    html = _text(page)
    assert "Withdraw the proposal of Jo Junior (mentor) with Sam Senior (mentee)?" in html
    assert "These two are never proposed to each other again." in html
    assert unlabelled_fields(html) == []
    proposal.refresh_from_db()
    assert proposal.status == PairStatus.PROPOSED

    response = program_manager_client.post(_withdraw_url(proposal), {"reason": "No answer"})

    assert response["Location"] == reverse("pairs:program_pairs", args=[proposal.program_id])
    proposal.refresh_from_db()
    assert (proposal.status, proposal.close_reason) == (PairStatus.DECLINED, "No answer")


def test_a_proposal_already_closed_cannot_be_withdrawn_and_the_page_says_why(
    proposal: Pair, program_manager_client: Client
) -> None:
    Pair.objects.filter(pk=proposal.pk).update(status=PairStatus.DECLINED)
    response = program_manager_client.post(_withdraw_url(proposal))
    assert response.status_code == 400
    assert "Only a proposal still awaiting answers can be withdrawn." in _text(response)


def test_the_pairs_page_links_to_the_confirmation(
    proposal: Pair, program_manager_client: Client
) -> None:
    url = reverse("pairs:program_pairs", args=[proposal.program_id])
    html = _text(program_manager_client.get(url))
    assert f'href="{_withdraw_url(proposal)}"' in html
    assert f'action="{_withdraw_url(proposal)}"' not in html


def test_the_withdraw_page_costs_the_same_however_many_pairs(
    proposal: Pair,
    matching_program: Program,
    program_manager_client: Client,
    django_assert_num_queries: Any,
) -> None:
    few = _queries(program_manager_client, _withdraw_url(proposal))
    for _ in range(5):
        propose(
            register(matching_program, ParticipantRole.MENTOR),
            register(matching_program, ParticipantRole.MENTEE),
        )
    with django_assert_num_queries(few):
        program_manager_client.get(_withdraw_url(proposal))


# --- Who may open them -----------------------------------------------------------------------


def _unchanged(pin: PairConstraint, proposal: Pair) -> None:
    assert PairConstraint.objects.filter(pk=pin.pk).exists()
    proposal.refresh_from_db()
    assert proposal.status == PairStatus.PROPOSED


@pytest.mark.parametrize("who", ["other_manager", "mentor", "mentee", "outsider"])
def test_nobody_but_the_program_s_managers_opens_or_confirms(
    who: str, pin: PairConstraint, proposal: Pair, request: pytest.FixtureRequest
) -> None:
    if who == "other_manager":
        user: User = UserFactory(role=Role.PROGRAM_MANAGER)
        make_manager(ProgramFactory(), user)
    else:
        user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)
    for url in (_remove_url(pin), _withdraw_url(proposal)):
        assert client.get(url).status_code in (403, 404), (who, url)
        assert client.post(url).status_code in (403, 404), (who, url)
    _unchanged(pin, proposal)


def test_anonymous_visitors_are_sent_to_sign_in(
    pin: PairConstraint, proposal: Pair, client: Client
) -> None:
    for url in (_remove_url(pin), _withdraw_url(proposal)):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
    _unchanged(pin, proposal)
