"""Every page, as each person, never shows private content it should not (the pages'
counterpart of upward/api/tests/test_api_privacy_crawl.py, with the same markers).

Markers sit in a private note (the mentor's), a concern (raised by the mentor), a
check-in comment the mentor did not share, the mentor's self-identification and the
reason the mentor gave for declining an earlier proposal (whose partner has a login).
Each person then opens every URL pattern of the site with the world's ids filled in
(pages, CSV exports, calendar files, fragments), follows every link from there, and
reads every email sent so far; each marker may appear only where its readers are
allowed to see it.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from upward.accounts.models import User
from upward.api.tests.test_api_privacy_crawl import COMMENT, CONCERN, NOTE, planted
from upward.core.testing.crawl import crawl
from upward.core.testing.urls import routes
from upward.feedback.models import ConcernHandler
from upward.pairs.models import Answer, Pair, PairStatus
from upward.pairs.tests.optin_fixtures import propose, register
from upward.programs.models import Objective, ParticipantRole, SelfIdentification
from upward.programs.self_identification import PURPOSE_VERSION

pytestmark = pytest.mark.django_db
__all__ = ["planted"]  # the fixture, shared with the API's crawl

SELF_ID = "MARKER-SELF-ID-5521"
DECLINE = "MARKER-DECLINE-REASON-7310"
MARKERS = {NOTE, CONCERN, COMMENT, SELF_ID, DECLINE}
# Markers a person may meet without having to: the decliner's own reason.
MAY_ALSO_READ = {"mentor": {DECLINE}}


@pytest.fixture
def declined_partner(planted, space_pair: Pair) -> User:
    """The mentor's self-identification, and an earlier proposal the mentor declined."""
    now = timezone.now()
    program = space_pair.program
    program.objectives = [*program.objectives, Objective.INCLUSION]  # asks for self-identification
    program.save(update_fields=["objectives"])
    SelfIdentification.objects.create(
        registration=space_pair.mentor,
        consent_given_at=now,
        purpose_version=PURPOSE_VERSION,
        answers={"gender_identity": SELF_ID},
    )
    partner = register(space_pair.program, ParticipantRole.MENTEE, name="Dee Clined")
    partner.person.user = User.objects.create_user(
        partner.person.email, "not-used", full_name="Dee Clined"
    )
    partner.person.save(update_fields=["user"])
    propose(
        space_pair.mentor,
        partner,
        status=PairStatus.DECLINED,
        mentor_answer=Answer.NOT_COMFORTABLE,
        mentor_answered_at=now,
        mentor_decline_reason=DECLINE,
    )
    return partner.person.user


SKIPPED = ("api/", "admin/", "accounts/")


def _start_urls(ids: dict[str, object]) -> list[str]:
    urls = []
    for route in routes():
        if route.route.startswith(SKIPPED) or not set(route.kwargs) <= set(ids):
            continue
        try:
            urls.append(reverse(route.name, kwargs={k: ids[k] for k in route.kwargs}))
        except NoReverseMatch:
            continue  # an id of the wrong shape for this pattern (a token route)
    return urls


@pytest.mark.parametrize(
    ("who", "may_read"),
    [
        ("mentor", {NOTE, CONCERN, COMMENT, SELF_ID}),  # the author of them all
        ("mentee", set()),  # the other person of the pair: none of it
        ("program_manager", {CONCERN, DECLINE}),  # the concern contact; answers are managers'
        ("administrator", {DECLINE}),  # manages every program
        ("outsider", set()),
        ("declined_partner", set()),  # a decline is never shown to the other person
    ],
)
def test_no_page_or_email_shows_private_content_to_the_wrong_person(
    request, planted, declined_partner, space_pair, who, may_read
):
    ids, _secret = planted
    ids = {**ids, "registration_id": space_pair.mentor_id}
    user = request.getfixturevalue(who)
    if who == "program_manager" and not ConcernHandler.objects.filter(user=user).exists():
        may_read = may_read - {CONCERN}
    client = Client()
    client.force_login(user)

    pages = crawl(client, ["/", *_start_urls(ids)], limit=600, per_route=5)

    assert sum(page.status == 200 for page in pages) >= 5
    leaks = [
        f"{marker} on {page.url}"
        for page in pages
        for marker in MARKERS - may_read - MAY_ALSO_READ.get(who, set())
        if marker in page.body
    ]
    leaks += [
        f"{marker} in the email {message.subject!r}"
        for message in mail.outbox
        if user.email in message.to
        for marker in MARKERS - may_read - MAY_ALSO_READ.get(who, set())
        if marker in message.body + "".join(str(a[0]) for a in getattr(message, "alternatives", []))
    ]
    assert leaks == []
    # The allowed readers do see it somewhere: the crawl reaches the private content.
    for marker in may_read:
        assert any(marker in page.body for page in pages), f"{who} never saw {marker}"
