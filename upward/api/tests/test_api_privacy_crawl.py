"""Every GET endpoint of the API, as each person, never shows private content it should not.

Markers are planted in a private note (the mentor's), a concern (raised by the mentor),
a check-in comment (the mentor's, not shared) and the webhook secret; then every GET in
the OpenAPI schema is called with the ids filled in, as each person, and each marker may
appear only in the answers of the people allowed to read it. New endpoints are covered
the day they are added.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from upward.api.api import api
from upward.feedback.models import CheckIn
from upward.pairs.services.conversation import note_add
from upward.pairs.tests.sessions_fixtures import book

pytestmark = pytest.mark.django_db

NOTE = "MARKER-PRIVATE-NOTE-7731"
CONCERN = "MARKER-CONCERN-TEXT-4410"
COMMENT = "MARKER-CHECKIN-COMMENT-9902"


@pytest.fixture
def planted(space_pair, mentor, administrator, settings):
    from upward.api.webhooks.services import webhook_endpoint_create
    from upward.feedback.services.concerns import concern_raise

    settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = True
    pair = space_pair
    session = book(pair)
    note_add(session=session, actor=pair.mentor, visibility="private", text=NOTE)
    concern = concern_raise(pair=pair, actor=pair.mentor, category="other", text=CONCERN)
    now = timezone.now()
    check_in = CheckIn.objects.create(
        session=session,
        pair=pair,
        author=pair.mentor,
        took_place="held",
        usefulness=3,
        comment=COMMENT,
        due_at=now,
        expires_at=now + timedelta(days=3),
        answered_at=now,
    )
    endpoint = webhook_endpoint_create(
        actor=administrator, url="http://127.0.0.1:9/x", events=["pair.live"]
    )
    ids = {
        "pair_id": pair.pk,
        "program_id": pair.program_id,
        "session_id": session.pk,
        "concern_id": concern.pk,
        "check_in_id": check_in.pk,
        "endpoint_id": endpoint.pk,
        "run_id": 1,
        "job_id": 1,
        "delivery_id": 1,
        "key": "learnings",
    }
    return ids, endpoint.secret


def _get_paths(ids):
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        if "get" in operations:
            yield re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)


@pytest.mark.parametrize(
    ("who", "may_read"),
    [
        ("mentor", {NOTE, CONCERN}),  # the author of the note, the raiser of the concern
        ("mentee", set()),
        ("program_manager", {CONCERN}),  # a concern contact of the program, as the handler
        ("administrator", set()),
        ("outsider", set()),
    ],
)
def test_no_get_endpoint_leaks_private_content(request, planted, api_as, who, may_read):
    ids, secret = planted
    user = request.getfixturevalue(who)
    client = api_as(user, "read")
    from upward.feedback.models import ConcernHandler

    handlers = set(ConcernHandler.objects.values_list("user__email", flat=True))
    if who == "program_manager" and user.email not in handlers:
        may_read = set()
    seen_ok = 0
    for path in _get_paths(ids):
        response = client.get(path)
        body = response.content.decode(errors="replace")
        seen_ok += response.status_code == 200
        for marker in {NOTE, CONCERN, COMMENT} - may_read:
            assert marker not in body, f"{marker} leaked to {who} on {path}"
        assert secret not in body, f"the webhook secret leaked to {who} on {path}"
    assert seen_ok >= 3
