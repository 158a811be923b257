"""Forms for notes, "what I learned" entries and messages. Validation of the words
themselves (stripped, not empty, not too long) lives in the services."""

from __future__ import annotations

from django import forms

from upward.pairs.models import NoteVisibility
from upward.pairs.services.conversation import (
    LEARNING_MAX_CHARS,
    MESSAGE_MAX_CHARS,
    NOTE_MAX_CHARS,
)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Your note",
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write something before saving the note."},
    )
    # Private by default: a note left private by mistake can be shared with one
    # click; a note shared by mistake may already have been read.
    visibility = forms.ChoiceField(
        label="Who can read it?",
        choices=[
            (NoteVisibility.PRIVATE, "Private: only I can read it"),
            (NoteVisibility.SHARED, "Shared with my partner"),
        ],
        initial=NoteVisibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text="A private note is never shown to your partner, program managers or "
        "administrators, and never appears in a report, an export or the API.",
    )


class LearningForm(forms.Form):
    text = forms.CharField(
        label="What I learned",
        max_length=LEARNING_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your partner can read it, and it is counted (without your name) in the "
        "program's outcome report.",
        error_messages={"required": "Write something before saving the entry."},
    )
    session = forms.TypedChoiceField(
        label="From which session? (optional)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: object, sessions: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["session"].choices = [("", "Not tied to a session"), *sessions]  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Message",
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something before sending."},
    )
