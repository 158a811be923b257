"""Who reaches what, for every page that belongs to a program or a pair.

The pages are read from the URL configuration, so a new page is covered as soon
as it has a URL. Each program page must be a `manager_page` and each pair page a
`pair_page` (the one guard of its kind); every wrong person gets the same 404,
GET or POST, and nothing in the database changes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from upward.core.testing.urls import Route, routes
from upward.feedback.models import CheckIn
from upward.matching.models import MatchRun, PairConstraint, RunStatus
from upward.pairs.models import Goal, GoalOwner, NoteVisibility, Session, SessionNote
from upward.pairs.services.sessions import session_propose
from upward.pairs.tests.optin_fixtures import propose, register
from upward.pairs.tests.sessions_fixtures import in_days
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.programs.models import ParticipantRole
from upward.programs.tests.factories import (
    AgendaTemplateFactory,
    InvitationFactory,
    PreparationGuideFactory,
    RegistrationQuestionFactory,
    make_manager,
)

pytestmark = pytest.mark.django_db

# The REST API (api/…) reaches programs and pairs through the same selectors; its
# wrong-person tests are upward/api/tests/test_api_access.py.
PROGRAM_ROUTES = [
    r for r in routes() if "program_id" in r.kwargs and not r.route.startswith("api/")
]
PAIR_ROUTES = [r for r in routes() if r.route.startswith("pairs/<int:pair_id>/")]
# Data tables whose rows a refused request must leave untouched.
WATCHED = [
    "programs.Program",
    "programs.Registration",
    "programs.Invitation",
    "programs.AgendaTemplate",
    "programs.PreparationGuide",
    "programs.RegistrationQuestion",
    "programs.ProgramManager",
    "matching.MatchRun",
    "matching.PairConstraint",
    "pairs.Pair",
    "pairs.Session",
    "pairs.SessionNote",
    "pairs.Goal",
    "pairs.AgreementVersion",
    "pairs.Message",
    "feedback.CheckIn",
    "feedback.Concern",
    "feedback.ConcernContact",
    "feedback.Nudge",
    "reports.KpiSnapshot",
]


def test_every_program_page_goes_through_the_manager_guard() -> None:
    assert PROGRAM_ROUTES
    unguarded = [r.name for r in PROGRAM_ROUTES if not getattr(r.callback, "manager_page", False)]
    assert unguarded == []


def test_every_pair_page_goes_through_the_pair_guard() -> None:
    assert PAIR_ROUTES
    unguarded = [r.name for r in PAIR_ROUTES if not getattr(r.callback, "pair_page", False)]
    assert unguarded == []


@pytest.fixture
def world(program_manager: Any, mentor: Any, mentee: Any) -> dict[str, Any]:
    """One program with something of every kind, and its live pair with content."""
    program = running_program(managers=[program_manager])
    pair = live_pair(mentor_user=mentor, mentee_user=mentee, program=program)
    session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(5))
    note = SessionNote.objects.create(
        session=session, author=pair.mentor, visibility=NoteVisibility.PRIVATE, text="mine"
    )
    goal = Goal.objects.create(pair=pair, owner=GoalOwner.MENTEE, title="Learn")
    proposed = propose(
        register(program, ParticipantRole.MENTOR), register(program, ParticipantRole.MENTEE)
    )
    run = MatchRun.objects.create(program=program, status=RunStatus.DONE)
    check_in = CheckIn.objects.create(
        session=session,
        pair=pair,
        author=pair.mentor,
        due_at=session.starts_at,
        expires_at=session.starts_at + timedelta(days=14),
    )
    constraint = PairConstraint.objects.create(
        program=program, mentor=proposed.mentor, mentee=proposed.mentee, kind="forbid"
    )
    return {
        "program_id": program.pk,
        "run_id": run.pk,
        "constraint_id": constraint.pk,
        "pair_id": pair.pk,
        "proposed_pair_id": proposed.pk,
        "session_id": session.pk,
        "note_id": note.pk,
        "check_in_id": check_in.pk,
        "goal_id": goal.pk,
        "version_id": pair.agreement_versions.get().pk,
        "invitation_id": InvitationFactory(program=program).pk,
        "agenda_id": AgendaTemplateFactory(program=program).pk,
        "guide_id": PreparationGuideFactory(program=program).pk,
        "question_id": RegistrationQuestionFactory(program=program).pk,
        "user_id": program_manager.pk,
        "role": "mentor",
        "status": "closed",
        "key": "funnel",
    }


def _url(route: Route, world: dict[str, Any]) -> str:
    kwargs = {name: world[name] for name in route.kwargs}
    if route.name in ("pairs:pair_withdraw",):
        kwargs["pair_id"] = world["proposed_pair_id"]
    return reverse(route.name, kwargs=kwargs)


def _state() -> dict[str, tuple[int, Any]]:
    state = {}
    for label in WATCHED:
        model = apps.get_model(label)
        fields = {f.name for f in model._meta.fields}
        latest = model.objects.aggregate(m=Max("updated_at"))["m"] if "updated_at" in fields else 0
        state[label] = (model.objects.count(), latest)
    return state


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused_everywhere(client: Client, routes_: list[Route], world: dict[str, Any]) -> list[str]:
    """Routes where `client` got anything but 404 (or 405 for a method the page lacks)."""
    wrong = []
    for route in routes_:
        url = _url(route, world)
        answers = {client.get(url).status_code, client.post(url, {"reason": "x"}).status_code}
        if not answers <= {404, 405} or 404 not in answers:
            wrong.append(f"{route.name} {sorted(answers)}")
    return wrong


@pytest.mark.parametrize("who", ["outsider", "mentor", "mentee", "other_manager"])
def test_nobody_but_the_programs_managers_reaches_its_pages(request, world, who) -> None:
    user = (
        make_manager(running_program()) if who == "other_manager" else request.getfixturevalue(who)
    )
    before = _state()

    assert _refused_everywhere(_client_for(user), PROGRAM_ROUTES, world) == []
    assert _state() == before


@pytest.mark.parametrize("who", ["outsider", "program_manager", "administrator", "other_member"])
def test_nobody_but_the_pairs_two_people_reaches_its_pages(request, world, who) -> None:
    if who == "other_member":
        other = live_pair()
        user = other.mentor.person.user or request.getfixturevalue("outsider")
    else:
        user = request.getfixturevalue(who)
    before = _state()

    assert _refused_everywhere(_client_for(user), PAIR_ROUTES, world) == []
    assert _state() == before


def test_the_programs_manager_reaches_every_program_page(program_manager_client, world) -> None:
    failures = []
    for route in PROGRAM_ROUTES:
        status = program_manager_client.get(_url(route, world)).status_code
        if status not in (200, 302, 405):
            failures.append(f"{route.name} {status}")
    assert failures == []


def test_the_pairs_people_reach_every_pair_page(mentor_client, world) -> None:
    failures = []
    for route in PAIR_ROUTES:
        status = mentor_client.get(_url(route, world)).status_code
        if status not in (200, 302, 405):
            failures.append(f"{route.name} {status}")
    assert failures == []
    assert Session.objects.filter(pk=world["session_id"]).exists()
