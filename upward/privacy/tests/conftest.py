"""A participant with something in every place Upward keeps personal data.

`marked_mentor` writes a distinct marker into each text the mentor persona
(Jo Junior) wrote, and into what their partner wrote, so a test can say
exactly which words must go, stay, or never be exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from upward.accounts.models import User
from upward.core.audit import audit_log
from upward.feedback.models import CheckIn, Concern, ConcernCategory, ConcernMessage
from upward.pairs.models import (
    Goal,
    GoalOwner,
    Learning,
    Message,
    NoteVisibility,
    Pair,
    Reflection,
    SessionNote,
)
from upward.pairs.tests.sessions_fixtures import book
from upward.pairs.tests.space_fixtures import live_pair
from upward.programs.models import SelfIdentification


@dataclass
class Marked:
    pair: Pair
    mine: dict[str, str]  # what Jo Junior wrote, by place
    partners: dict[str, str]  # what Sam Senior (the partner) wrote


def _marks(prefix: str, places: list[str]) -> dict[str, str]:
    return {place: f"{prefix}-{place.upper()}-MARK" for place in places}


@pytest.fixture
def marked_mentor(mentor: User, mentee: User, administrator: User) -> Marked:
    pair = live_pair(mentor_user=mentor, mentee_user=mentee)
    me, partner = pair.mentor, pair.mentee
    mine = _marks(
        "JO",
        [
            "private_note",
            "shared_note",
            "message",
            "learning",
            "check_in",
            "reflection",
            "concern",
            "concern_message",
            "goals",
            "goal",
            "answer",
            "self_id",
        ],
    )
    partners = _marks("SAM", ["private_note", "message", "check_in", "concern"])
    session = book(pair)
    now = timezone.now()
    SessionNote.objects.create(
        session=session, author=me, visibility=NoteVisibility.PRIVATE, text=mine["private_note"]
    )
    SessionNote.objects.create(
        session=session, author=me, visibility=NoteVisibility.SHARED, text=mine["shared_note"]
    )
    SessionNote.objects.create(
        session=session,
        author=partner,
        visibility=NoteVisibility.PRIVATE,
        text=partners["private_note"],
    )
    Message.objects.create(pair=pair, author=me, text=mine["message"])
    Message.objects.create(pair=pair, author=partner, text=partners["message"])
    Learning.objects.create(pair=pair, author=me, text=mine["learning"])
    for author, text in ((me, mine["check_in"]), (partner, partners["check_in"])):
        CheckIn.objects.create(
            session=session,
            pair=pair,
            author=author,
            took_place="yes",
            usefulness=3,
            comment=text,
            due_at=now - timedelta(days=2),
            expires_at=now + timedelta(days=5),
            answered_at=now - timedelta(days=1),
        )
    Reflection.objects.create(
        pair=pair, author=me, text=mine["reflection"], overall_value=3, recommend=9
    )
    raised = Concern.objects.create(
        program=pair.program,
        pair=pair,
        raised_by=me,
        about=partner,
        category=ConcernCategory.COMMITMENT,
        text=mine["concern"],
    )
    ConcernMessage.objects.create(concern=raised, from_raiser=True, text=mine["concern_message"])
    Concern.objects.create(
        program=pair.program,
        pair=pair,
        raised_by=partner,
        about=me,
        category=ConcernCategory.BEHAVIOUR,
        text=partners["concern"],
    )
    Goal.objects.create(pair=pair, owner=GoalOwner.MENTOR, title=mine["goal"])
    me.goals = mine["goals"]
    me.answers = {"1": mine["answer"]}
    me.save(update_fields=["goals", "answers"])
    SelfIdentification.objects.create(
        registration=me,
        consent_given_at=now,
        purpose_version="1",
        answers={"ethnicity": mine["self_id"]},
    )
    # An administrator's words about them, as the audit log keeps them.
    audit_log(
        actor=administrator,
        action="user.role_changed",
        summary=f"{mentor.email} ({mentor.full_name}) checked",
        target=mentor,
        data={"who": mentor.full_name},
    )
    return Marked(pair=pair, mine=mine, partners=partners)
