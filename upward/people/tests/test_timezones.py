"""Pages read in the signed-in person's own time zone, read at sign-in and kept in the session."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import Role
from upward.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from upward.core.audit import audit_log
from upward.pairs.models import Message
from upward.pairs.services.conversation import message_post
from upward.pairs.tests.conversation_fixtures import personas_pair
from upward.people.models import Person
from upward.people.tests.factories import PersonFactory
from upward.people.timezones import REREAD_AFTER_SECONDS, SESSION_KEY

pytestmark = pytest.mark.django_db

# A winter date, so no daylight saving anywhere in the northern hemisphere:
# 09:00 in New York (EST, UTC-5), 14:00 in London (GMT), 23:00 in Tokyo (JST).
POSTED_AT = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
NEW_YORK_TIME = (
    '<time datetime="2026-01-15T09:00:00-05:00" title="America/New_York">'
    "15 Jan 2026, 09:00 EST</time>"
)
TIMEZONE_MIDDLEWARE = "upward.people.middleware.PersonTimezoneMiddleware"


@pytest.fixture
def pair(mentor, mentee, program_manager):
    pair = personas_pair(mentor, mentee, program_manager)
    message = message_post(pair=pair, actor=pair.mentor, text="Three TikTok formats to try")
    Message.objects.filter(pk=message.pk).update(created_at=POSTED_AT)
    return pair


def _thread(client, pair) -> str:
    response = client.get(reverse("pairs:messages", args=[pair.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _audit_log_page(client) -> str:
    # Written at that moment: the audit log is append-only (no backdating on PostgreSQL).
    with time_machine.travel(POSTED_AT, tick=False):
        audit_log(actor=None, action="test.event", summary="Something happened")
    response = client.get(reverse("core:audit_log"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_mentee_in_new_york_reads_a_message_posted_at_14_utc_as_9_est(pair, mentee_client):
    assert NEW_YORK_TIME in _thread(mentee_client, pair)
    panel = mentee_client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    assert "15 Jan, 09:00 EST</time>" in panel


def test_the_mentor_in_london_reads_the_same_message_in_london_time(pair, mentor_client):
    page = _thread(mentor_client, pair)
    assert "15 Jan 2026, 14:00 GMT</time>" in page
    # Each person sees their own zone only: never the partner's, through a message time.
    assert "America/New_York" not in page and "EST" not in page


def test_a_login_with_no_person_in_the_directory_reads_utc(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    utc_time = (
        '<time datetime="2026-01-15T14:00:00+00:00" title="UTC">15 Jan 2026, 14:00 UTC</time>'
    )
    assert utc_time in _audit_log_page(client)


def test_a_zone_the_server_does_not_know_reads_utc(client):
    user = UserFactory(role=Role.ADMINISTRATOR)
    PersonFactory(user=user, email=user.email, timezone="Mars/Olympus_Mons")
    client.force_login(user)
    assert "15 Jan 2026, 14:00 UTC</time>" in _audit_log_page(client)


def test_the_audit_log_reads_in_the_administrators_zone(administrator, client):
    Person.objects.filter(user=administrator).update(timezone="Asia/Tokyo")
    client.force_login(administrator)
    assert "15 Jan 2026, 23:00 JST</time>" in _audit_log_page(client)


def test_signing_in_through_the_form_keeps_the_persons_zone_in_the_session(client):
    user = UserFactory(email="kim@example.com")
    PersonFactory(user=user, email=user.email, timezone="Asia/Tokyo")
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY]["name"] == "Asia/Tokyo"


def test_local_times_cost_no_query(pair, mentee_client, settings):
    with CaptureQueriesContext(connection) as local:
        assert NEW_YORK_TIME in _thread(mentee_client, pair)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != TIMEZONE_MIDDLEWARE]
    same_login = Client()  # a client builds its middleware once, at its first request
    same_login.cookies = mentee_client.cookies
    with CaptureQueriesContext(connection) as utc:
        assert "15 Jan 2026, 14:00 UTC</time>" in _thread(same_login, pair)
    assert len(local) == len(utc)


def test_an_hr_import_moving_someone_reaches_their_pages_within_the_hour(
    pair, mentee, mentee_client
):
    Person.objects.filter(user=mentee).update(timezone="Asia/Tokyo")
    # The zone read at sign-in holds for a while: no page reads the directory for it.
    assert NEW_YORK_TIME in _thread(mentee_client, pair)

    session = mentee_client.session
    session[SESSION_KEY] = {
        **session[SESSION_KEY],
        "read_at": session[SESSION_KEY]["read_at"] - REREAD_AFTER_SECONDS,
    }
    session.save()
    assert "15 Jan 2026, 23:00 JST</time>" in _thread(mentee_client, pair)
    assert mentee_client.session[SESSION_KEY]["name"] == "Asia/Tokyo"


def test_a_session_from_before_zones_were_kept_reads_the_zone_once(pair, mentee_client):
    session = mentee_client.session
    del session[SESSION_KEY]
    session.save()
    assert NEW_YORK_TIME in _thread(mentee_client, pair)
    assert mentee_client.session[SESSION_KEY]["name"] == "America/New_York"


def test_a_persons_zone_never_outlives_their_request(pair, mentee_client):
    _thread(mentee_client, pair)
    assert timezone.get_current_timezone_name() == "UTC"
