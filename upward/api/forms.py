from __future__ import annotations

from typing import Any

from django import forms

from upward.api.models import TokenScope, WebhookEvent, WebhookPreset
from upward.api.webhooks.services import SUBSCRIBABLE
from upward.core.forms import ModelChoiceField
from upward.programs.models import Program


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses it, such as “HR sync script”.")
    scope = forms.ChoiceField(choices=TokenScope.choices, initial=TokenScope.READ)
    days = forms.IntegerField(min_value=1, max_value=366, initial=90, label="Expires after (days)")


class WebhookForm(forms.Form):
    url = forms.URLField(max_length=500, label="URL", assume_scheme="https")
    description = forms.CharField(max_length=200, required=False)
    preset = forms.ChoiceField(choices=WebhookPreset.choices, initial=WebhookPreset.STANDARD)
    events = forms.MultipleChoiceField(
        choices=[(e, WebhookEvent(e).label) for e in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
    )
    program = ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        empty_label="Every program",
        help_text="Program managers choose one of their programs.",
    )

    def __init__(self, *args: Any, programs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programs is not None:
            self.fields["program"].queryset = programs  # type: ignore[attr-defined]
