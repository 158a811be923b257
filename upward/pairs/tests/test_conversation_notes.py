"""Session notes and "what I learned" entries: the services and their pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.pairs.models import Learning, NoteVisibility, PairStatus, SessionNote
from upward.pairs.selectors.conversation import notes_visible_to
from upward.pairs.services.conversation import (
    NOTE_MAX_CHARS,
    learning_add,
    note_add,
    note_delete,
    note_update,
)
from upward.pairs.tests.conversation_fixtures import (
    PRIVATE_TEXT,
    SHARED_TEXT,
    make_session,
    personas_pair,
)
from upward.pairs.tests.space_fixtures import live_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(mentor, mentee, program_manager):
    return personas_pair(mentor, mentee, program_manager)


@pytest.fixture
def session(pair):
    return make_session(pair)


def test_reader_sees_shared_notes_and_only_their_own_private_ones(pair, session):
    mine = note_add(session=session, actor=pair.mentor, visibility="private", text=PRIVATE_TEXT)
    shared = note_add(session=session, actor=pair.mentor, visibility="shared", text=SHARED_TEXT)
    theirs = note_add(session=session, actor=pair.mentee, visibility="private", text="Sam's own")

    assert list(notes_visible_to(session=session, reader=pair.mentor)) == [mine, shared]
    assert list(notes_visible_to(session=session, reader=pair.mentee)) == [shared, theirs]


def test_note_text_is_stripped_and_empty_or_overlong_notes_are_refused(pair, session):
    note = note_add(session=session, actor=pair.mentor, visibility="shared", text="  hi \n")
    assert note.text == "hi"
    with pytest.raises(ApplicationError):
        note_add(session=session, actor=pair.mentor, visibility="shared", text="   ")
    with pytest.raises(ApplicationError):
        note_add(
            session=session,
            actor=pair.mentor,
            visibility="shared",
            text="x" * (NOTE_MAX_CHARS + 1),
        )
    with pytest.raises(ApplicationError):
        note_add(session=session, actor=pair.mentor, visibility="everyone", text="hi")


def test_someone_outside_the_pair_cannot_write_a_note(pair, session):
    stranger = live_pair().mentor
    with pytest.raises(ApplicationError):
        note_add(session=session, actor=stranger, visibility="shared", text="hello")


def test_only_the_author_updates_or_deletes_a_note(pair, session):
    note = note_add(session=session, actor=pair.mentor, visibility="private", text="draft")
    with pytest.raises(ApplicationError):
        note_update(note=note, actor=pair.mentee, visibility="shared", text="hijacked")
    with pytest.raises(ApplicationError):
        note_delete(note=note, actor=pair.mentee)

    note_update(note=note, actor=pair.mentor, visibility="shared", text="final")
    note.refresh_from_db()
    assert (note.text, note.visibility) == ("final", NoteVisibility.SHARED)
    note_delete(note=note, actor=pair.mentor)
    assert not SessionNote.objects.filter(pk=note.pk).exists()


def test_audit_records_the_fact_of_a_note_never_its_words(pair, session):
    note = note_add(session=session, actor=pair.mentor, visibility="private", text=PRIVATE_TEXT)
    note_update(note=note, actor=pair.mentor, visibility="private", text=PRIVATE_TEXT + "!")
    note_delete(note=note, actor=pair.mentor)
    entries = AuditEntry.objects.filter(action__startswith="note.")
    assert entries.count() == 3
    for entry in entries:
        assert "PRIVATE" not in entry.summary
        assert "PRIVATE" not in str(entry.data)


def test_a_closed_pair_keeps_its_notes_read_only(pair, session):
    note = note_add(session=session, actor=pair.mentor, visibility="private", text="kept")
    pair.status = PairStatus.COMPLETED
    pair.save(update_fields=["status"])
    with pytest.raises(ApplicationError):
        note_add(session=session, actor=pair.mentor, visibility="private", text="late")
    with pytest.raises(ApplicationError):
        note_update(note=note, actor=pair.mentor, visibility="private", text="changed")


def test_notes_page_defaults_to_private_and_shows_my_private_note_to_me(
    pair, session, mentor_client
):
    url = reverse("pairs:session_notes", args=[pair.pk, session.pk])
    page = mentor_client.get(url)
    assert page.status_code == 200
    assert re.search(r'value="private"[^>]*checked', page.content.decode())
    response = mentor_client.post(url, {"text": PRIVATE_TEXT, "visibility": "private"})
    assert response.status_code == 302
    note = SessionNote.objects.get()
    assert (note.author, note.visibility) == (pair.mentor, NoteVisibility.PRIVATE)
    assert PRIVATE_TEXT in mentor_client.get(url).content.decode()


def test_an_empty_note_is_a_400_with_a_message(pair, session, mentor_client):
    url = reverse("pairs:session_notes", args=[pair.pk, session.pk])
    response = mentor_client.post(url, {"text": "   ", "visibility": "shared"})
    assert response.status_code == 400
    assert "Write something" in response.content.decode()
    assert not SessionNote.objects.exists()


def test_author_edits_and_deletes_a_note_through_the_pages(pair, session, mentor_client):
    note = note_add(session=session, actor=pair.mentor, visibility="private", text="draft")
    edit = reverse("pairs:note_edit", args=[pair.pk, note.pk])
    assert mentor_client.get(edit).status_code == 200
    assert (
        mentor_client.post(edit, {"text": "shared now", "visibility": "shared"}).status_code == 302
    )
    note.refresh_from_db()
    assert (note.text, note.visibility) == ("shared now", "shared")
    delete = reverse("pairs:note_delete", args=[pair.pk, note.pk])
    assert mentor_client.get(delete).status_code == 200
    assert mentor_client.post(delete).status_code == 302
    assert not SessionNote.objects.exists()


def test_partner_cannot_edit_or_delete_even_a_shared_note(pair, session, mentee_client):
    note = note_add(session=session, actor=pair.mentor, visibility="shared", text="ours")
    for name in ("pairs:note_edit", "pairs:note_delete"):
        url = reverse(name, args=[pair.pk, note.pk])
        assert mentee_client.get(url).status_code == 404
        assert mentee_client.post(url, {"text": "x", "visibility": "shared"}).status_code == 404
    note.refresh_from_db()
    assert note.text == "ours"


def test_both_sides_record_what_they_learned(pair, session, mentor_client, mentee_client):
    url = reverse("pairs:learnings", args=[pair.pk])
    assert (
        mentee_client.post(
            url, {"text": "How TikTok's feed ranks", "session": session.pk}
        ).status_code
        == 302
    )
    assert (
        mentor_client.post(url, {"text": "How a VP plans a quarter", "session": ""}).status_code
        == 302
    )
    page = mentor_client.get(url).content.decode()
    assert "How TikTok&#x27;s feed ranks" in page
    assert "How a VP plans a quarter" in page
    first = Learning.objects.get(author=pair.mentee)
    assert first.session == session


def test_a_learning_cannot_point_to_another_pairs_session(pair, mentor_client):
    other_session = make_session(live_pair())
    url = reverse("pairs:learnings", args=[pair.pk])
    response = mentor_client.post(url, {"text": "x", "session": other_session.pk})
    assert response.status_code == 400
    with pytest.raises(ApplicationError):
        learning_add(pair=pair, actor=pair.mentor, text="x", session=other_session)


def test_learnings_may_be_added_after_the_pair_completes(pair):
    pair.status = PairStatus.COMPLETED
    pair.save(update_fields=["status"])
    assert learning_add(pair=pair, actor=pair.mentee, text="Looking back: a lot").pk


def test_notes_index_counts_only_the_notes_each_person_may_read(
    pair, session, mentor_client, mentee_client
):
    note_add(session=session, actor=pair.mentor, visibility="private", text=PRIVATE_TEXT)
    note_add(session=session, actor=pair.mentor, visibility="shared", text=SHARED_TEXT)
    url = reverse("pairs:notes", args=[pair.pk])
    mine = mentor_client.get(url).content.decode()
    theirs = mentee_client.get(url).content.decode()
    assert "<td>2</td>" in mine and "<td>1</td>" in theirs
    assert PRIVATE_TEXT not in theirs
