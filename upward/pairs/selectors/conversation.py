"""Reads for the pair's conversation: session notes, "what I learned" entries, messages.

`notes_visible_to` is THE ONE PLACE that decides which session notes a
person may read: every shared note of the session, plus their own private
ones. Nothing else in Upward queries SessionNote for display; a private note
is for its author alone (never the partner, a manager, an administrator, an
export or the API).

Every page of the conversation reaches its pair through
`upward.pairs.selectors.space.get_pair_space_for_user` (404 unless the user is
the pair's mentor or mentee and the pair is live or closed), its sessions
through `get_space_session` and its notes through `get_own_note` (404 for
anyone but the author).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from upward.pairs.models import (
    Learning,
    Message,
    NoteVisibility,
    Pair,
    Session,
    SessionNote,
)
from upward.pairs.selectors.space import PairSpace
from upward.programs.models import Registration

THREAD_PAGE_SIZE = 50
PANEL_MESSAGES = 3
PANEL_LEARNINGS = 3


def get_own_note(space: PairSpace, note_id: int) -> SessionNote:
    """A note of this pair written by me. The partner's notes, shared or not, are a 404:
    only the author edits or deletes a note."""
    try:
        return SessionNote.objects.select_related("session").get(
            pk=note_id, session__pair=space.pair, author=space.me
        )
    except SessionNote.DoesNotExist:
        raise Http404("No such note") from None


def notes_visible_to(*, session: Session, reader: Registration) -> QuerySet[SessionNote]:
    """The notes of `session` that `reader` may read: shared ones and their own private ones."""
    return (
        SessionNote.objects.filter(session=session)
        .filter(Q(visibility=NoteVisibility.SHARED) | Q(author=reader))
        .select_related("author__person")
        .order_by("created_at", "id")
    )


def sessions_with_visible_note_counts(*, pair: Pair, reader: Registration) -> QuerySet[Session]:
    """The pair's sessions, newest first, each with `visible_notes`: how many notes
    `reader` may read on it (same rule as notes_visible_to). One query."""
    visible = Q(notes__visibility=NoteVisibility.SHARED) | Q(notes__author=reader)
    return (
        Session.objects.filter(pair=pair)
        .annotate(visible_notes=Count("notes", filter=visible))
        .order_by("-starts_at", "-id")
    )


def pair_learnings(pair: Pair) -> QuerySet[Learning]:
    return (
        Learning.objects.filter(pair=pair)
        .select_related("author__person", "session")
        .order_by("created_at", "id")
    )


def pair_sessions_for_choice(pair: Pair) -> QuerySet[Session]:
    """Sessions a learning may point to, newest first."""
    return Session.objects.filter(pair=pair).order_by("-starts_at", "-id")


def _thread(pair: Pair) -> QuerySet[Message]:
    return Message.objects.filter(pair=pair).select_related("author__person")


@dataclass(frozen=True)
class ThreadPage:
    messages: list[Message]  # oldest first, newest last
    has_earlier: bool

    @property
    def first_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None

    @property
    def last_id(self) -> int | None:
        return self.messages[-1].pk if self.messages else None


def thread_page(
    pair: Pair, *, before_id: int | None = None, size: int = THREAD_PAGE_SIZE
) -> ThreadPage:
    """The latest `size` messages (or those before `before_id`), newest last. One query."""
    messages = _thread(pair)
    if before_id is not None:
        messages = messages.filter(pk__lt=before_id)
    # Ids grow with time, so ordering by id is ordering by when they were posted.
    newest_first = list(messages.order_by("-id")[: size + 1])
    return ThreadPage(messages=newest_first[:size][::-1], has_earlier=len(newest_first) > size)


def messages_after(pair: Pair, *, after_id: int, limit: int = THREAD_PAGE_SIZE) -> list[Message]:
    """Messages posted after `after_id` (what a polling thread has not shown yet). One query."""
    return list(_thread(pair).filter(pk__gt=after_id).order_by("id")[:limit])


@dataclass(frozen=True)
class ConversationPanel:
    """What the pair page shows of the conversation. Never includes notes."""

    latest_messages: list[Message]  # newest last
    message_count: int
    latest_learnings: list[Learning]  # newest first
    learning_count: int


def conversation_panel(pair: Pair) -> ConversationPanel:
    """The pair page's conversation summary in four queries, however long the thread."""
    latest = list(_thread(pair).order_by("-id")[:PANEL_MESSAGES])
    learnings = list(
        Learning.objects.filter(pair=pair)
        .select_related("author__person")
        .order_by("-id")[:PANEL_LEARNINGS]
    )
    return ConversationPanel(
        latest_messages=latest[::-1],
        message_count=Message.objects.filter(pair=pair).count(),
        latest_learnings=learnings,
        learning_count=Learning.objects.filter(pair=pair).count(),
    )


class ProgramLearning(TypedDict):
    text: str
    role: str  # "mentor" or "mentee"
