"""Wrong people get 404 from every object endpoint, as on the pages; nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from upward.accounts.models import Role
from upward.core.models import AuditEntry
from upward.pairs.models import Goal, Message, Session
from upward.pairs.tests.sessions_fixtures import book
from upward.pairs.tests.space_fixtures import live_pair

pytestmark = pytest.mark.django_db

LATER = (timezone.now() + timedelta(days=7)).replace(microsecond=0).isoformat()

# (method, path, body): {pair}, {session}, {program} are filled in per test.
PAIR_ENDPOINTS = [
    ("get", "/api/v1/pairs/{pair}", None),
    ("get", "/api/v1/pairs/{pair}/sessions", None),
    ("post", "/api/v1/pairs/{pair}/sessions", {"starts_at": LATER}),
    ("post", "/api/v1/pairs/{pair}/sessions/{session}/accept", {}),
    ("post", "/api/v1/pairs/{pair}/sessions/{session}/cancel", {"reason": "busy"}),
    ("get", "/api/v1/pairs/{pair}/goals", None),
    ("post", "/api/v1/pairs/{pair}/goals", {"title": "x"}),
    ("get", "/api/v1/pairs/{pair}/sessions/{session}/notes", None),
    (
        "post",
        "/api/v1/pairs/{pair}/sessions/{session}/notes",
        {"visibility": "shared", "text": "x"},
    ),
    ("get", "/api/v1/pairs/{pair}/messages", None),
    ("post", "/api/v1/pairs/{pair}/messages", {"text": "hello"}),
    ("get", "/api/v1/pairs/{pair}/check-ins", None),
    ("post", "/api/v1/pairs/{pair}/concerns", {"category": "other", "text": "x"}),
    ("post", "/api/v1/proposals/{pair}/answer", {"comfortable": True}),
]
PROGRAM_ENDPOINTS = [
    ("patch", "/api/v1/programs/{program}", {"name": "Renamed"}),
    ("get", "/api/v1/programs/{program}/registrations", None),
    ("post", "/api/v1/programs/{program}/invitations", {"person_ids": [1]}),
    ("get", "/api/v1/programs/{program}/pairs", None),
    ("get", "/api/v1/programs/{program}/match-runs", None),
    ("post", "/api/v1/programs/{program}/match-runs", {}),
]


@pytest.fixture
def scene(space_pair, program_manager, django_user_model):
    """The personas' pair (managed by program_manager), plus another pair and manager."""
    from upward.people.tests.factories import PersonFactory

    session = book(space_pair)
    other_manager = django_user_model.objects.create_user(
        "other.manager@example.com", "pw-unused-123", role=Role.PROGRAM_MANAGER
    )
    PersonFactory(email=other_manager.email, user=other_manager, level=4)
    other_member = django_user_model.objects.create_user("other.mentor@example.com", "pw-12345678")
    PersonFactory(email=other_member.email, user=other_member, level=2)
    other_pair = live_pair(manager=other_manager, mentor_user=other_member)
    return {
        "pair": space_pair,
        "session": session,
        "other_pair": other_pair,
        "other_manager": other_manager,
    }


def _call(client, method, path, body):
    return client.get(path) if method == "get" else getattr(client, method)(path, body)


def _wrong_people(scene, outsider, program_manager):
    other_member = scene["other_pair"].mentor.person.user
    return {
        "another pair's member": other_member,
        "another program's manager": scene["other_manager"],
        "the pair's own program manager": program_manager,  # managers have their own pages
        "an outsider": outsider,
    }


@pytest.mark.parametrize(("method", "template", "body"), PAIR_ENDPOINTS)
def test_pair_endpoints_are_404_for_everyone_outside_the_pair(
    api_as, scene, outsider, program_manager, method, template, body
):
    path = template.format(pair=scene["pair"].pk, session=scene["session"].pk)
    before = (Goal.objects.count(), Message.objects.count(), Session.objects.count())
    for who, user in _wrong_people(scene, outsider, program_manager).items():
        response = _call(api_as(user), method, path, body)
        assert response.status_code == 404, (who, response.content)
        assert response["Content-Type"] == "application/problem+json"
    anonymous = _call(api_as(None), method, path, body)
    assert anonymous.status_code == 401
    assert (Goal.objects.count(), Message.objects.count(), Session.objects.count()) == before


@pytest.mark.parametrize(("method", "template", "body"), PROGRAM_ENDPOINTS)
def test_program_endpoints_are_404_for_anyone_but_its_managers(
    api_as, scene, outsider, mentor, method, template, body
):
    path = template.format(program=scene["pair"].program_id)
    token_actions = ["api_token.created", "api_token.used"]
    audited = AuditEntry.objects.exclude(action__in=token_actions).count()
    for user in (scene["other_manager"], outsider, mentor):
        response = _call(api_as(user), method, path, body)
        assert response.status_code == 404, (user, response.content)
    # Refused token writes are audited as token uses; nothing else is written.
    assert AuditEntry.objects.exclude(action__in=token_actions).count() == audited


def test_private_notes_reach_only_their_author(api_as, scene, mentor, mentee):
    from upward.pairs.services.conversation import note_add

    pair, session = scene["pair"], scene["session"]
    note_add(session=session, actor=pair.mentee, visibility="private", text="MENTEE-PRIVATE")
    note_add(session=session, actor=pair.mentee, visibility="shared", text="MENTEE-SHARED")
    path = f"/api/v1/pairs/{pair.pk}/sessions/{session.pk}/notes"
    as_mentor = api_as(mentor).get(path).content
    assert b"MENTEE-SHARED" in as_mentor
    assert b"MENTEE-PRIVATE" not in as_mentor
    assert b"MENTEE-PRIVATE" in api_as(mentee).get(path).content


def test_a_concern_reaches_only_its_raiser_and_handlers(api_as, scene, mentor, mentee, outsider):
    pair = scene["pair"]
    raised = api_as(mentor).post(
        f"/api/v1/pairs/{pair.pk}/concerns", {"category": "other", "text": "CONCERN-TEXT"}
    )
    assert raised.status_code == 201, raised.content
    concern_id = raised.json()["id"]
    assert b"CONCERN-TEXT" in api_as(mentor).get(f"/api/v1/concerns/{concern_id}").content
    for user in (mentee, outsider, scene["other_manager"]):
        assert api_as(user).get(f"/api/v1/concerns/{concern_id}").status_code == 404
        assert b"CONCERN-TEXT" not in api_as(user).get("/api/v1/concerns").content


def test_people_import_and_audit_are_for_administrators_only(api_as, program_manager, mentor):
    for user in (program_manager, mentor):
        assert api_as(user).get("/api/v1/audit").status_code == 403
        assert api_as(user).get("/api/v1/people/imports/1").status_code == 403


def test_programs_list_only_what_the_program_page_shows(api_as, scene, outsider, mentor):
    from upward.programs.tests.factories import ProgramFactory

    draft = ProgramFactory(managers=[scene["other_manager"]])
    seen = {p["id"] for p in api_as(outsider).get("/api/v1/programs").json()["results"]}
    assert draft.pk not in seen
    assert api_as(outsider).get(f"/api/v1/programs/{draft.pk}").status_code == 404
    mine = {p["id"] for p in api_as(mentor).get("/api/v1/programs").json()["results"]}
    assert scene["pair"].program_id in mine
