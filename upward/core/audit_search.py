"""Searching the audit log: the filters an administrator can set, checked like any form.

Program names come from the programs app through `program_choices`, which it
registers when it starts (core sits below every app and imports none of them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django import forms
from django.apps import apps
from django.utils import timezone

ProgramChoices = Callable[[], list[tuple[int, str]]]
_program_choices: list[ProgramChoices] = []


def register_program_choices(choices: ProgramChoices) -> None:
    """Called once by the programs app: (id, name) of every program, for the filter."""
    _program_choices[:] = [choices]


def program_choices() -> list[tuple[int, str]]:
    return _program_choices[0]() if _program_choices else []


def object_types() -> list[tuple[str, str]]:
    """Every kind of object an entry can be about: the project's own models."""
    labels = sorted(
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("upward.")
    )
    return [(label, label) for label in labels]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Who (name or email)", required=False, max_length=200)
    action = forms.CharField(
        label="Action",
        required=False,
        max_length=64,
        help_text="A whole action, or its start: “program.” finds every change to programs "
        "(docs/audit.md lists them all).",
    )
    target_type = forms.ChoiceField(label="Object type", required=False)
    target_id = forms.CharField(label="Object id", required=False, max_length=64)
    program = forms.TypedChoiceField(label="Program", required=False, coerce=int, empty_value=None)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To (included)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target_type"].choices = [("", "Any"), *object_types()]  # type: ignore[attr-defined]
        self.fields["program"].choices = [("", "Any"), *program_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            self.add_error("until", "“To” is before “From”.")
        return cleaned


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def day_after(day: date) -> datetime | None:
    """The start of the next day, or None when there is none (31 December 9999)."""
    if day == date.max:
        return None
    return day_start(day + timedelta(days=1))
