"""Forms of the feedback pages. They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from upward.accounts.models import User
from upward.core.forms import ModelMultipleChoiceField
from upward.feedback.models import ConcernCategory, Fit, TookPlace, Usefulness
from upward.feedback.services.check_ins import MAX_COMMENT
from upward.feedback.services.concerns import MAX_TEXT


class CheckInForm(forms.Form):
    took_place = forms.ChoiceField(
        label="Did it take place?",
        choices=TookPlace.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the session took place."},
    )
    usefulness = forms.TypedChoiceField(
        label="How useful was it for you?",
        choices=Usefulness.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only if it took place.",
    )
    fit = forms.TypedChoiceField(
        label="How is the fit between the two of you?",
        choices=Fit.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything else? (optional, private)",
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your partner never reads this, nor does anyone else unless you tick below.",
    )
    share_comment = forms.BooleanField(
        label="Share this comment with the program lead", required=False
    )

    def __init__(self, *args: Any, asks_fit: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_fit:
            del self.fields["fit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("took_place") == TookPlace.HELD and data.get("usefulness") is None:
            self.add_error("usefulness", "Say how useful it was: pick the closest answer.")
        return data


class ConcernForm(forms.Form):
    category = forms.ChoiceField(
        label="What is it about?",
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the concern is about."},
    )
    text = forms.CharField(
        label="What happened?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In your own words. Only the people handling concerns read it.",
        error_messages={"required": "Say what happened, in your own words."},
    )


class ConcernMessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something first."},
    )


class ConcernResolveForm(forms.Form):
    outcome = forms.CharField(
        label="What was done",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person who raised the concern reads this.",
        error_messages={"required": "Say what was done: the person who raised it reads this."},
    )


class ManagerMessageForm(forms.Form):
    text = forms.CharField(
        label="Your message to both",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your message first."},
    )


class NudgeForm(forms.Form):
    note = forms.CharField(label="A line of your own (optional)", max_length=2000, required=False)


class ConcernContactsForm(forms.Form):
    users = ModelMultipleChoiceField(
        label="Concern contacts",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked and concerns go to the program's managers.",
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = candidates  # type: ignore[attr-defined]


BOARD_STATES = [
    ("", "Any state"),
    ("at_risk", "At risk"),
    ("needs_attention", "Needs attention"),
    ("too_early", "Too early to tell"),
    ("on_track", "On track"),
]


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label="State", choices=BOARD_STATES, required=False)
    department = forms.TypedChoiceField(
        label="Department", coerce=int, empty_value=None, required=False, choices=[]
    )

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "Any department"), *departments]  # type: ignore[attr-defined]
