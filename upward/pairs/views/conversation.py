"""The pair's conversation: session notes, "what I learned", and the message thread.

Every view is a `pair_page` (404 unless the user is the pair's mentor or mentee
and the pair is live or closed), sessions
through get_space_session, notes through get_own_note (author only), and
reads notes only through notes_visible_to, the one place that filters out
other people's private notes.
Pages work as plain forms; htmx posts messages without a reload and polls the
thread for new ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.pairs.conversation_forms import LearningForm, MessageForm, NoteForm
from upward.pairs.guards import pair_page
from upward.pairs.models import NoteVisibility
from upward.pairs.selectors.conversation import (
    get_own_note,
    messages_after,
    notes_visible_to,
    pair_learnings,
    pair_sessions_for_choice,
    sessions_with_visible_note_counts,
    thread_page,
)
from upward.pairs.selectors.sessions import get_space_session
from upward.pairs.selectors.space import PairSpace
from upward.pairs.services.conversation import (
    learning_add,
    message_post,
    note_add,
    note_delete,
    note_update,
)


def _is_htmx(request: AuthenticatedRequest) -> bool:
    return bool(getattr(request, "htmx", False))  # set by django_htmx's middleware


def _int_param(request: AuthenticatedRequest, name: str) -> int | None:
    try:
        return int(request.GET.get(name) or request.POST.get(name) or "")
    except ValueError:
        return None


@require_GET
@pair_page
def notes_index(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    sessions = sessions_with_visible_note_counts(pair=space.pair, reader=space.me)
    return render(request, "pairs/notes_index.html", {"space": space, "sessions": sessions})


@require_http_methods(["GET", "POST"])
@pair_page
def session_notes(request: AuthenticatedRequest, space: PairSpace, session_id: int) -> HttpResponse:
    session = get_space_session(space, session_id)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            note = note_add(
                session=session,
                actor=space.me,
                visibility=form.cleaned_data["visibility"],
                text=form.cleaned_data["text"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            flash.success(
                request,
                "Note saved. Only you can read it."
                if note.visibility == NoteVisibility.PRIVATE
                else f"Note saved and shared with {space.partner.person.name}.",
            )
            return redirect("pairs:session_notes", space.pair.pk, session.pk)
    return render(
        request,
        "pairs/notes_session.html",
        {
            "space": space,
            "session": session,
            "notes": notes_visible_to(session=session, reader=space.me),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@pair_page
def note_edit(request: AuthenticatedRequest, space: PairSpace, note_id: int) -> HttpResponse:
    note = get_own_note(space, note_id)
    initial = {"text": note.text, "visibility": note.visibility}
    form = NoteForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            note_update(
                note=note,
                actor=space.me,
                visibility=form.cleaned_data["visibility"],
                text=form.cleaned_data["text"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            flash.success(request, "Note updated.")
            return redirect("pairs:session_notes", space.pair.pk, note.session_id)
    return render(
        request,
        "pairs/notes_edit.html",
        {"space": space, "note": note, "session": note.session, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@pair_page
def note_delete_view(request: AuthenticatedRequest, space: PairSpace, note_id: int) -> HttpResponse:
    note = get_own_note(space, note_id)

    def delete(_data: dict[str, Any]) -> str:
        note_delete(note=note, actor=space.me)
        return "Note deleted."

    shared = note.visibility == NoteVisibility.SHARED
    confirmation = Confirmation(
        title="Delete your note",
        question="Delete this note?",
        quote=note.text,
        effects=[
            f"It is deleted for good, for {space.partner.person.name} too."
            if shared
            else "It is deleted for good."
        ],
        button="Delete the note",
        cancel_url=reverse("pairs:session_notes", args=[space.pair.pk, note.session_id]),
        cancel_label="Keep it",
    )
    return confirm_then_act(
        request,
        confirmation,
        act=delete,
        done_url=reverse("pairs:session_notes", args=[space.pair.pk, note.session_id]),
        template="pairs/notes_delete.html",
        context={"space": space},
    )


@require_http_methods(["GET", "POST"])
@pair_page
def learnings(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    sessions = [
        # The reader's day, as every date on the page (people.middleware).
        (session.pk, f"{timezone.localtime(session.starts_at):%d %b %Y}")
        for session in pair_sessions_for_choice(space.pair)
    ]
    form = LearningForm(request.POST if request.method == "POST" else None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        session_id = form.cleaned_data["session"]
        try:
            learning_add(
                pair=space.pair,
                actor=space.me,
                text=form.cleaned_data["text"],
                session=get_space_session(space, session_id) if session_id else None,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            flash.success(request, "Thank you: your entry is saved.")
            return redirect("pairs:learnings", space.pair.pk)
    return render(
        request,
        "pairs/learnings_list.html",
        {"space": space, "learnings": pair_learnings(space.pair), "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@pair_page
def thread(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    """The pair's messages, newest last. htmx: `?after=<id>` returns only what is new
    (the 10-second poll); a post returns the new messages and a fresh form."""
    after = _int_param(request, "after")
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = message_post(pair=space.pair, actor=space.me, text=form.cleaned_data["text"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if not _is_htmx(request):
                return redirect(reverse("pairs:messages", args=[space.pair.pk]) + f"#m{message.pk}")
            form = MessageForm()
    if _is_htmx(request) and (request.method == "POST" or after is not None):
        new = messages_after(space.pair, after_id=after or 0)
        cursor = new[-1].pk if new else after
        return render(
            request,
            "pairs/_messages_update.html",
            {
                "space": space,
                "new_messages": new,
                "cursor": cursor,
                "form": form,
                "include_form": request.method == "POST",
            },
            # htmx does not swap 4xx answers, so a refused message comes back as 200
            # with the form showing the reason; the plain form below answers 400.
        )
    page = thread_page(space.pair, before_id=_int_param(request, "before"))
    return render(
        request,
        "pairs/messages_thread.html",
        {
            "space": space,
            "page": page,
            "form": form,
            "cursor": page.last_id or 0,
            "paged_back": request.GET.get("before") is not None,
        },
        status=400 if form.is_bound else 200,
    )
