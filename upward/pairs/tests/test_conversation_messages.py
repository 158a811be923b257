"""The pair's message thread: posting, safe display, htmx, paging and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.pairs.models import Message, PairStatus
from upward.pairs.selectors.conversation import conversation_panel
from upward.pairs.selectors.space import get_pair_space_for_user
from upward.pairs.services.conversation import MESSAGE_MAX_CHARS, learning_add, message_post
from upward.pairs.tests.conversation_fixtures import make_session, personas_pair
from upward.pairs.tests.space_fixtures import live_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(mentor, mentee, program_manager):
    return personas_pair(mentor, mentee, program_manager)


@pytest.fixture
def session(pair):
    return make_session(pair)


SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _thread(pair):
    return reverse("pairs:messages", args=[pair.pk])


def test_message_is_stripped_and_empty_or_overlong_ones_are_refused(pair):
    assert message_post(pair=pair, actor=pair.mentor, text="  hello  ").text == "hello"
    with pytest.raises(ApplicationError):
        message_post(pair=pair, actor=pair.mentor, text=" \n ")
    with pytest.raises(ApplicationError):
        message_post(pair=pair, actor=pair.mentor, text="x" * (MESSAGE_MAX_CHARS + 1))


def test_nobody_writes_in_a_closed_pair_or_someone_elses_thread(pair):
    with pytest.raises(ApplicationError):
        message_post(pair=pair, actor=live_pair().mentee, text="hi")
    pair.status = PairStatus.ENDED
    pair.save(update_fields=["status"])
    with pytest.raises(ApplicationError):
        message_post(pair=pair, actor=pair.mentor, text="hi")


def test_audit_records_a_message_was_posted_not_what_it_said(pair):
    message_post(pair=pair, actor=pair.mentor, text="my secret worry")
    entry = AuditEntry.objects.get(action="message.posted")
    assert "secret" not in entry.summary and "secret" not in str(entry.data)


def test_posting_without_javascript_redirects_to_the_new_message(pair, mentor_client):
    response = mentor_client.post(_thread(pair), {"text": "Hello Sam"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#m{message.pk}")
    assert (message.author, message.text) == (pair.mentor, "Hello Sam")


def test_an_empty_post_is_a_400_with_a_message(pair, mentor_client):
    response = mentor_client.post(_thread(pair), {"text": "   "})
    assert response.status_code == 400
    assert "Write something before sending" in response.content.decode()


def test_a_script_in_a_message_is_shown_as_text_in_the_thread_and_the_panel(
    pair, mentor_client, mentee_client, mentee
):
    message_post(pair=pair, actor=pair.mentor, text=SCRIPT)
    page = mentee_client.get(_thread(pair)).content.decode()
    assert ESCAPED in page and SCRIPT not in page
    space = get_pair_space_for_user(mentee, pair.pk)
    panel = render_to_string(
        "pairs/_conversation_panel.html",
        {"space": space, "conversation": conversation_panel(pair)},
    )
    assert ESCAPED in panel and SCRIPT not in panel


def test_a_script_in_a_learning_is_shown_as_text(pair, mentee_client, mentee):
    learning_add(pair=pair, actor=pair.mentor, text=SCRIPT)
    page = mentee_client.get(reverse("pairs:learnings", args=[pair.pk])).content.decode()
    assert ESCAPED in page and SCRIPT not in page
    panel = render_to_string(
        "pairs/_conversation_panel.html",
        {
            "space": get_pair_space_for_user(mentee, pair.pk),
            "conversation": conversation_panel(pair),
        },
    )
    assert SCRIPT not in panel


def test_another_pairs_messages_never_appear_in_my_thread(pair, mentor_client):
    other = live_pair(program=pair.program)
    message_post(pair=other, actor=other.mentor, text="OTHER-PAIR-MESSAGE")
    message_post(pair=pair, actor=pair.mentee, text="ours")
    page = mentor_client.get(_thread(pair)).content.decode()
    assert "ours" in page and "OTHER-PAIR-MESSAGE" not in page
    poll = mentor_client.get(_thread(pair), {"after": 0}, headers={"HX-Request": "true"})
    assert "OTHER-PAIR-MESSAGE" not in poll.content.decode()


def test_htmx_poll_returns_only_newer_messages_and_moves_the_cursor(pair, mentor_client):
    first = message_post(pair=pair, actor=pair.mentee, text="first")
    second = message_post(pair=pair, actor=pair.mentee, text="second")
    response = mentor_client.get(_thread(pair), {"after": first.pk}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "second" in body and "first" not in body
    assert f'name="after" value="{second.pk}"' in body
    assert "<html" not in body


def test_htmx_post_returns_the_new_message_and_a_fresh_form(pair, mentor_client):
    response = mentor_client.post(
        _thread(pair), {"text": "via htmx", "after": 0}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "via htmx" in body
    assert 'id="message-form"' in body
    assert Message.objects.filter(text="via htmx").count() == 1


def test_thread_pages_back_newest_last(pair, mentor_client):
    for number in range(60):
        message_post(pair=pair, actor=pair.mentee, text=f"message number {number:02d}")
    page = mentor_client.get(_thread(pair)).content.decode()
    assert "message number 59" in page and "message number 09" not in page
    assert page.index("message number 58") < page.index("message number 59")
    assert "Earlier messages" in page
    oldest = Message.objects.order_by("id")[10]
    earlier = mentor_client.get(_thread(pair), {"before": oldest.pk}).content.decode()
    assert "message number 09" in earlier and "message number 10" not in earlier


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("count", [5, 100])
def test_thread_and_panel_cost_a_fixed_number_of_queries(pair, mentor_client, mentor, count):
    # The count of queries with 1 message is the baseline; 5 or 100 must cost the same.
    message_post(pair=pair, actor=pair.mentee, text="baseline")
    learning_add(pair=pair, actor=pair.mentee, text="baseline")
    baseline = _queries(mentor_client, _thread(pair))
    for number in range(count):
        author = pair.mentor if number % 2 else pair.mentee
        message_post(pair=pair, actor=author, text=f"m{number}")
        learning_add(pair=pair, actor=author, text=f"l{number}")
    assert _queries(mentor_client, _thread(pair)) == baseline
    with CaptureQueriesContext(connection) as captured:
        render_to_string(
            "pairs/_conversation_panel.html",
            {
                "space": get_pair_space_for_user(mentor, pair.pk),
                "conversation": conversation_panel(pair),
            },
        )
    assert len(captured) <= 5  # the pair (with people) + four for the panel


def test_every_conversation_form_control_has_a_label(pair, session, mentor_client):
    from upward.core.tests.test_pages import unlabelled_fields
    from upward.pairs.services.conversation import note_add

    note = note_add(session=session, actor=pair.mentor, visibility="private", text="mine")
    for url in (
        _thread(pair),
        reverse("pairs:learnings", args=[pair.pk]),
        reverse("pairs:notes", args=[pair.pk]),
        reverse("pairs:session_notes", args=[pair.pk, session.pk]),
        reverse("pairs:note_edit", args=[pair.pk, note.pk]),
        reverse("pairs:note_delete", args=[pair.pk, note.pk]),
    ):
        response = mentor_client.get(url)
        assert response.status_code == 200, url
        assert unlabelled_fields(response.content.decode()) == [], url


def test_a_refused_htmx_post_keeps_the_text_and_says_why(pair, mentor_client):
    too_long = "x" * (MESSAGE_MAX_CHARS + 1)
    response = mentor_client.post(
        _thread(pair), {"text": too_long, "after": 0}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert 'id="message-form"' in body and "errorlist" in body
    assert not Message.objects.exists()
