"""No silent takeover: an administrator's change of a login email (issue 13, part 1).

The path an administrator could once take: change a participant's login email in
the Django admin to an address they own, ask for a password reset, set a
password, sign in as the participant and read their private notes.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from upward.accounts.models import EmailChange, User
from upward.accounts.services import email_change_apply_due
from upward.core.models import AuditEntry
from upward.pairs.models import NoteVisibility
from upward.pairs.services.conversation import note_add
from upward.pairs.tests.sessions_fixtures import book
from upward.pairs.tests.space_fixtures import live_pair
from upward.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ATTACKER = "attacker@example.com"
MARKER = "PRIVATE-NOTE-MARKER-7c1e"


def _link(message: mail.EmailMessage, name: str) -> str:
    found = re.search(rf"https?://[^\s\"]+/account/email-change/[^\s\"/]+/{name}/", message.body)
    assert found, message.body
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _admin_changes_email(administrator_client: Client, user: User, captured) -> None:
    # The administrator's own address is in the directory too (they could edit it there),
    # so the password-reset form, which serves directory addresses, accepts it.
    PersonFactory(email=ATTACKER, name="Someone Else")
    with captured(execute=True):
        answer = administrator_client.post(
            f"/admin/accounts/user/{user.pk}/change/",
            {"email": ATTACKER, "full_name": user.full_name, "is_active": "on"},
            follow=True,
        )
    assert b"still signs in with" in answer.content


def _mails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def _note_readable_by(client: Client, pair_id: int) -> bool:
    for path in (f"/pairs/{pair_id}/", f"/pairs/{pair_id}/sessions/", "/"):
        if MARKER.encode() in client.get(path, follow=True).content:
            return True
    return False


def _private_note(mentor: User, mentee: User):
    pair = live_pair(mentor_user=mentor, mentee_user=mentee)
    session = book(pair)
    note_add(session=session, actor=pair.mentor, visibility=NoteVisibility.PRIVATE, text=MARKER)
    return pair


def _try_to_take_over(client: Client, captured) -> Client:
    """Everything the administrator can do from the address they own."""
    with captured(execute=True):
        client.post("/accounts/password/reset/", {"email": ATTACKER})
    attacker = Client()
    attacker.post("/accounts/login/", {"login": ATTACKER, "password": "x" * 12})
    return attacker


def test_the_takeover_path_tells_the_participant_and_reads_no_private_note(
    administrator_client, mentor, mentee, mentor_client, django_capture_on_commit_callbacks
):
    pair = _private_note(mentor, mentee)
    _admin_changes_email(administrator_client, mentor, django_capture_on_commit_callbacks)

    mentor.refresh_from_db()
    assert mentor.email == "jo.junior@example.com"  # nothing changed yet
    notice = _mails_to("jo.junior@example.com")
    assert len(notice) == 1 and "stop" in notice[0].body
    confirm = _mails_to(ATTACKER)
    assert len(confirm) == 1

    # The administrator confirms the address they own: the hold still stands.
    anonymous = Client()
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(_link(confirm[0], "confirm"))
    mentor.refresh_from_db()
    assert mentor.email == "jo.junior@example.com"
    mail.outbox.clear()
    attacker = _try_to_take_over(anonymous, django_capture_on_commit_callbacks)
    assert not any("password/reset/key" in m.body for m in mail.outbox)
    assert not _note_readable_by(attacker, pair.pk)

    # The participant acts: they stop the change from the notice; the hold ends harmlessly.
    page = anonymous.get(_link(notice[0], "stop"))
    assert b"Stop this change" in page.content
    anonymous.post(_link(notice[0], "stop"))
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        assert email_change_apply_due() == 0
    mentor.refresh_from_db()
    assert mentor.email == "jo.junior@example.com"
    assert mentor_client.get("/").status_code == 200  # still signed in
    assert AuditEntry.objects.filter(action="user.email_change_stopped").exists()


def test_a_change_left_alone_applies_after_the_hold_ends_sessions_and_reset_tells_old_address(
    administrator_client, mentor, mentor_client, django_capture_on_commit_callbacks
):
    _admin_changes_email(administrator_client, mentor, django_capture_on_commit_callbacks)
    confirm = _mails_to(ATTACKER)[0]
    Client().post(_link(confirm, "confirm"))
    mail.outbox.clear()
    with (
        time_machine.travel(timezone.now() + timedelta(hours=25), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert email_change_apply_due() == 1
    mentor.refresh_from_db()
    assert mentor.email == ATTACKER
    assert sorted(m.to[0] for m in mail.outbox) == [ATTACKER, "jo.junior@example.com"]
    assert mentor_client.get("/").status_code == 302  # every session ended
    entry = AuditEntry.objects.get(action="user.email_changed")
    assert entry.data["sessions_ended"] == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": ATTACKER})
    old = _mails_to("jo.junior@example.com")
    assert len(old) == 1 and "reset" in old[0].subject.lower()


def test_a_reset_long_after_the_change_or_after_ones_own_change_tells_nobody_else(
    administrator_client, mentor, django_capture_on_commit_callbacks
):
    _admin_changes_email(administrator_client, mentor, django_capture_on_commit_callbacks)
    Client().post(_link(_mails_to(ATTACKER)[0], "confirm"))
    later = timezone.now() + timedelta(hours=25)
    with time_machine.travel(later, tick=False):
        email_change_apply_due()
    mail.outbox.clear()
    with (
        time_machine.travel(later + timedelta(hours=25), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Client().post("/accounts/password/reset/", {"email": ATTACKER})
    assert _mails_to("jo.junior@example.com") == []


def test_confirm_and_stop_links_change_nothing_on_get_and_die_after_use(
    administrator_client, mentor, django_capture_on_commit_callbacks
):
    _admin_changes_email(administrator_client, mentor, django_capture_on_commit_callbacks)
    stop = _link(_mails_to("jo.junior@example.com")[0], "stop")
    client = Client()
    assert client.get(stop).status_code == 200
    assert EmailChange.objects.get().is_pending
    assert client.post(stop).status_code == 200
    assert client.post(stop).status_code == 400
    assert b"no longer valid" in client.post(stop).content
    assert client.get("/account/email-change/not-a-token/stop/").status_code == 404
    assert client.get("/account/email-change/" + "x" * 5000 + "/stop/").status_code == 404


def test_the_admin_refuses_an_address_another_login_uses(
    administrator_client, mentor, mentee, django_capture_on_commit_callbacks
):
    answer = administrator_client.post(
        f"/admin/accounts/user/{mentor.pk}/change/",
        {"email": mentee.email, "full_name": mentor.full_name, "is_active": "on"},
    )
    assert answer.status_code == 200  # the form again, with its error
    assert not EmailChange.objects.exists()
