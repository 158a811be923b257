"""Forms for the private answer to a proposal and for a manager's withdrawal."""

from __future__ import annotations

from django import forms

from upward.pairs.services.answers import MAX_REASON_LENGTH

COMFORTABLE = "yes"
NOT_COMFORTABLE = "no"


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Your answer (your partner never sees it)",
        choices=[
            (COMFORTABLE, "I am comfortable with this pairing"),
            (NOT_COMFORTABLE, "I am not comfortable with this pairing"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of the two answers."},
    )
    reason = forms.CharField(
        label="Anything you would like us to know? (optional)",
        help_text="Only program managers see this. Your partner is never told.",
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def comfortable(self) -> bool:
        return bool(self.cleaned_data["answer"] == COMFORTABLE)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why (for the record; managers only)",
        required=False,
        max_length=MAX_REASON_LENGTH,
    )
