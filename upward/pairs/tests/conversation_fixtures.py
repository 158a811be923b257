"""Helpers for the conversation tests: a live pair of the mentor and mentee personas,
managed by the program manager, and a held session. Each test module wraps them
in its own `pair` and `session` fixtures:

    @pytest.fixture
    def pair(mentor, mentee, program_manager):
        return personas_pair(mentor, mentee, program_manager)
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from upward.accounts.models import User
from upward.pairs.models import Pair, Session, SessionStatus
from upward.pairs.tests.space_fixtures import live_pair

PRIVATE_TEXT = "PRIVATE-jo-thinks-sam-is-struggling-with-the-reorg"
SHARED_TEXT = "SHARED-we-tried-three-tiktok-formats"


def make_session(pair: Pair, *, days_ago: int = 1) -> Session:
    return Session.objects.create(
        pair=pair,
        starts_at=timezone.now() - timedelta(days=days_ago),
        status=SessionStatus.HELD,
        proposed_by=pair.mentor,
        ical_uid=f"{uuid.uuid4()}@upward.test",
    )


def personas_pair(mentor: User, mentee: User, program_manager: User) -> Pair:
    return live_pair(mentor_user=mentor, mentee_user=mentee, manager=program_manager)
