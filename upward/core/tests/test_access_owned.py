"""Who reaches the pages that belong to one person, not to a program or a pair.

test_access.py covers every program page and every pair page. This covers the
rest of the URL patterns that take an id, slug or token: a registration, a
proposal, a concern, an API token, a webhook, a person, a role. Every such
pattern must be listed here or there (the first test fails otherwise), so a new
page is covered as soon as it has a URL. Each wrong person gets 404 or 403 to a
GET and to a POST replay, and nothing in the database changes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from upward.api.tokens import api_token_create
from upward.api.webhooks.services import webhook_endpoint_create
from upward.core.testing.urls import Route, routes
from upward.core.tests.test_access import PAIR_ROUTES, PROGRAM_ROUTES, _state
from upward.feedback.services.concerns import concern_raise
from upward.pairs.tests.optin_fixtures import propose, register
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.privacy.services import export_request
from upward.programs.models import ParticipantRole
from upward.programs.tests.factories import make_manager

pytestmark = pytest.mark.django_db

# Beyond test_access's tables: the fields a wrong request could change here (a login's
# last_login moves with every sign-in, so it is left out).
EXTRA_WATCHED = {
    "api.ApiToken": ("pk", "revoked_at", "expires_at"),
    "api.WebhookEndpoint": ("pk", "url", "is_active", "disabled_at", "updated_at"),
    "accounts.User": ("pk", "email", "role", "is_active", "password"),
}

# URL name -> who may NOT reach it. Owners are the mentor (registration, token,
# concern raised), the mentor's proposal, the administrator (webhook, roles), and
# the mentee's own directory entry.
OWNED: dict[str, tuple[str, ...]] = {}
for _name in (
    "programs:my_registration",
    "programs:registration_edit",
    "programs:registration_withdraw",
    "programs:registration_guide",
    "programs:starting_point",
    "programs:registration_guide_confirm",
    "programs:self_identification",
    "programs:self_identification_withdraw",
    "matching:suggestions",
):
    OWNED[_name] = ("outsider", "mentee", "other_manager", "program_manager", "administrator")
OWNED["pairs:proposal"] = ("outsider", "other_manager", "administrator")
for _name in (
    "feedback:concern",
    "feedback:concern_message",
    "feedback:concern_acknowledge",
    "feedback:concern_resolve",
    "feedback:concern_withdraw",
):
    # Never the other person of the pair (a concern may be about them).
    OWNED[_name] = ("mentee", "outsider", "other_manager")
OWNED["api:token_revoke"] = ("outsider", "mentee", "program_manager", "administrator")
for _name in (
    "api:webhook_detail",
    "api:webhook_send_again",
    "api:webhook_test",
    "api:webhook_enable",
    "api:webhook_delete",
):
    OWNED[_name] = ("outsider", "mentor", "other_manager")
OWNED["accounts:role_change"] = ("outsider", "mentor", "program_manager")
OWNED["people:detail"] = ("outsider", "mentor")
# A data export: only whoever asked for it, administrators included (upward/privacy/tests).
for _name in ("privacy:export", "privacy:export_download"):
    OWNED[_name] = ("outsider", "mentee", "program_manager", "administrator")
# A person's privacy requests (export on request, erasure): administrators only.
for _name in ("privacy:person", "privacy:person_export", "privacy:person_erase"):
    OWNED[_name] = ("outsider", "mentor", "program_manager")

# Reachable by design, each with the test that holds its own rule.
BY_DESIGN = {
    # An open program's page and registration form: anyone eligible may join
    # (upward/programs/tests/test_registration_views.py checks eligibility).
    "programs:program_page",
    "programs:register",
    "programs:register_skills",
    # The token in the URL is the credential (upward/programs/tests/test_invitations*.py,
    # upward/pairs/tests/test_sessions_calendar.py, upward/feedback/tests/test_check_ins.py).
    "programs:invitation",
    "programs:invitation_accept",
    "programs:invitation_decline",
    "pairs:calendar_feed",
    "feedback:check_in_tap",
    # The email-change links: the token sent to one address is the credential for that one
    # step (upward/accounts/tests/test_email_change.py).
    "accounts:email_change_confirm",
    "accounts:email_change_cancel",
}
SKIPPED = ("api/", "admin/", "accounts/")


def _with_parameters() -> list[Route]:
    return [r for r in routes() if r.kwargs and not r.route.startswith(SKIPPED)]


def test_every_page_with_an_id_slug_or_token_has_an_access_test() -> None:
    covered = {r.name for r in PROGRAM_ROUTES + PAIR_ROUTES} | set(OWNED) | BY_DESIGN
    assert sorted(r.name for r in _with_parameters() if r.name not in covered) == []


@pytest.fixture
def owned_world(mentor: Any, mentee: Any, administrator: Any, settings: Any) -> dict[str, Any]:
    settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = True  # the address is never called
    program = running_program()
    pair = live_pair(mentor_user=mentor, mentee_user=mentee, program=program)
    matching = running_program()  # one registration a person per program
    proposed = propose(
        register(matching, ParticipantRole.MENTOR, user=mentor),
        register(matching, ParticipantRole.MENTEE),
    )
    concern = concern_raise(pair=pair, actor=pair.mentor, category="other", text="Private.")
    token = api_token_create(actor=mentor, name="script").token
    endpoint = webhook_endpoint_create(
        actor=administrator, url="http://127.0.0.1:9/hook", events=["pair.live"]
    )
    export = export_request(actor=mentor, subject=mentor.person)
    return {
        "export_id": export.pk,
        "registration_id": pair.mentor_id,
        "pair_id": proposed.pk,
        "concern_id": concern.pk,
        "token_id": token.pk,
        "endpoint_id": endpoint.pk,
        "delivery_id": 1,
        "user_id": mentee.pk,
        "person_id": mentee.person.pk,
    }


def _user(request: Any, who: str) -> Any:
    if who == "other_manager":
        return make_manager(running_program())
    return request.getfixturevalue(who)


def test_nobody_but_the_owner_reaches_a_persons_own_pages(request, owned_world) -> None:
    clients = {}
    for who in sorted({who for refused in OWNED.values() for who in refused}):
        clients[who] = Client()
        clients[who].force_login(_user(request, who))
    before = _state_here()
    wrong = []
    for who, client in clients.items():
        for name, refused in OWNED.items():
            if who not in refused:
                continue
            route = next(r for r in routes() if r.name == name)
            url = reverse(name, kwargs={k: owned_world[k] for k in route.kwargs})
            answers = {client.get(url).status_code, client.post(url, {"x": "1"}).status_code}
            if not answers <= {403, 404, 405} or answers == {405}:
                wrong.append(f"{who} {name} {sorted(answers)}")
    assert wrong == []
    assert _state_here() == before


def _state_here() -> dict[str, Any]:
    """test_access's watched tables, and tokens, webhooks and logins, row by row."""
    state: dict[str, Any] = dict(_state())
    for label, fields in EXTRA_WATCHED.items():
        model = apps.get_model(label)
        state[label] = list(model.objects.order_by("pk").values_list(*fields))
    return state
