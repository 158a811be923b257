"""The batched email that tells a person their partner wrote to them."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from upward.pairs.models import Message
from upward.pairs.services import conversation
from upward.pairs.services.conversation import (
    DIGEST_QUIET_PERIOD,
    message_post,
    messages_notify_batch,
    note_add,
)
from upward.pairs.tests.conversation_fixtures import PRIVATE_TEXT, make_session, personas_pair
from upward.pairs.tests.space_fixtures import live_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(mentor, mentee, program_manager):
    return personas_pair(mentor, mentee, program_manager)


@pytest.fixture
def session(pair):
    return make_session(pair)


LATER = DIGEST_QUIET_PERIOD + timedelta(minutes=1)


def _html(message) -> str:
    return message.alternatives[0][0]


def test_five_messages_become_one_email_to_the_partner_only(pair):
    for number in range(5):
        message_post(pair=pair, actor=pair.mentor, text=f"Idea {number}\nmore detail")
    result = messages_notify_batch(now=timezone.now() + LATER)
    assert (result.emails, result.messages) == (1, 5)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [pair.mentee.person.email]
    assert email.subject == f"Jo Junior sent you 5 messages in {pair.program.name}"
    assert "Idea 4" in email.body and "more detail" not in email.body
    assert f"/pairs/{pair.pk}/messages/" in email.body
    assert not Message.objects.filter(notified_at__isnull=True).exists()


def test_the_author_is_never_emailed_about_their_own_messages(pair):
    message_post(pair=pair, actor=pair.mentor, text="hi")
    message_post(pair=pair, actor=pair.mentee, text="hello back")
    messages_notify_batch(now=timezone.now() + LATER)
    recipients = sorted(email.to[0] for email in mail.outbox)
    assert recipients == sorted([pair.mentor.person.email, pair.mentee.person.email])
    for email in mail.outbox:
        writer = "Jo Junior" if email.to == [pair.mentee.person.email] else "Sam Senior"
        assert email.subject.startswith(writer)


def test_a_digest_is_never_sent_twice(pair):
    message_post(pair=pair, actor=pair.mentor, text="once")
    later = timezone.now() + LATER
    messages_notify_batch(now=later)
    messages_notify_batch(now=later + timedelta(hours=1))
    assert len(mail.outbox) == 1


def test_nobody_is_emailed_while_the_writer_is_still_writing(pair):
    message_post(pair=pair, actor=pair.mentor, text="first")
    assert messages_notify_batch(now=timezone.now() + timedelta(minutes=2)).emails == 0
    assert mail.outbox == []


def test_a_script_in_a_message_is_escaped_in_the_email_html(pair):
    message_post(pair=pair, actor=pair.mentor, text="<script>alert(1)</script>")
    messages_notify_batch(now=timezone.now() + LATER)
    html = _html(mail.outbox[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_digests_never_mention_notes(pair, session):
    note_add(session=session, actor=pair.mentor, visibility="private", text=PRIVATE_TEXT)
    message_post(pair=pair, actor=pair.mentor, text="see you Tuesday")
    messages_notify_batch(now=timezone.now() + LATER)
    assert len(mail.outbox) == 1
    assert PRIVATE_TEXT not in mail.outbox[0].body + _html(mail.outbox[0])


def test_each_pair_gets_its_own_email(pair):
    other = live_pair(program=pair.program)
    message_post(pair=pair, actor=pair.mentor, text="to Sam")
    message_post(pair=other, actor=other.mentee, text="to the other mentor")
    messages_notify_batch(now=timezone.now() + LATER)
    by_recipient = {email.to[0]: email.body for email in mail.outbox}
    assert "to Sam" in by_recipient[pair.mentee.person.email]
    assert "to Sam" not in by_recipient[other.mentor.person.email]


def test_a_failing_email_is_retried_next_sweep_and_does_not_block_others(pair, monkeypatch):
    other = live_pair(program=pair.program)
    message_post(pair=pair, actor=pair.mentor, text="retry me")
    message_post(pair=other, actor=other.mentor, text="for the other mentee")
    real_send = conversation.send_email

    def flaky(**kwargs):
        if kwargs["to"] == [pair.mentee.person.email]:
            raise ConnectionError("mailbox unavailable")
        real_send(**kwargs)

    monkeypatch.setattr(conversation, "send_email", flaky)
    result = messages_notify_batch(now=timezone.now() + LATER)
    assert (result.emails, result.failed) == (1, 1)
    assert [email.to for email in mail.outbox] == [[other.mentee.person.email]]
    assert Message.objects.filter(notified_at__isnull=True).get().text == "retry me"
    monkeypatch.undo()
    assert messages_notify_batch(now=timezone.now() + LATER).emails == 1
    assert len(mail.outbox) == 2


def test_the_command_runs_the_sweep(pair):
    message = message_post(pair=pair, actor=pair.mentor, text="hi")
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - LATER)
    out = StringIO()
    call_command("send_message_digests", "--now", stdout=out)
    assert "Sent 1 emails about 1 messages" in out.getvalue()
    assert len(mail.outbox) == 1
