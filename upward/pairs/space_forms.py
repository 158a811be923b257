"""Forms of the pair's space: input checks only; the services decide."""

from __future__ import annotations

from django import forms

from upward.pairs.models import GoalStatus, OverallValue
from upward.pairs.services.agreement import MAX_AGREEMENT_LENGTH
from upward.pairs.services.closing import MAX_REFLECTION_LENGTH


class AgreementProposeForm(forms.Form):
    text = forms.CharField(
        label="The agreement, as you propose it",
        help_text="Confidentiality scope, topics you keep off the table, how to reschedule, "
        "how to give feedback. Your partner is asked to accept your version.",
        max_length=MAX_AGREEMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    change_note = forms.CharField(
        label="What you changed (optional)",
        required=False,
        max_length=300,
    )


class GoalForm(forms.Form):
    title = forms.CharField(label="Goal", max_length=200)
    description = forms.CharField(
        label="More detail (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    target_date = forms.DateField(
        label="Target date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class GoalUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=GoalStatus.choices)
    text = forms.CharField(
        label="Progress note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label="Your reflection",
        help_text="A few sentences: what you learned, what you will keep doing. "
        "Your partner does not read it; program managers never do.",
        max_length=MAX_REFLECTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write a few words: what you learned, what you will keep doing."
        },
    )
    continue_informally = forms.BooleanField(
        label="I would like to keep meeting informally after the program",
        required=False,
    )
    overall_value = forms.TypedChoiceField(
        label="Overall, how valuable was the program for you?",
        choices=OverallValue.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how valuable the program was for you."},
    )
    recommend = forms.TypedChoiceField(
        label="How likely are you to recommend the program to a colleague?",
        help_text="0 = not at all likely, 10 = extremely likely.",
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={"required": "Choose a number from 0 to 10."},
    )


class ManagerCloseForm(forms.Form):
    reason = forms.CharField(label="Why (for the record)", required=False, max_length=1000)
