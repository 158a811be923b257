"""Forms for sessions. Times are typed in the person's own zone and leave as aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet

from upward.core.forms import ModelChoiceField
from upward.programs.models import AgendaTemplate

INPUT_FORMAT = "%Y-%m-%dT%H:%M"
OTHER = "other"


def wall_time_to_utc(value: str, zone: ZoneInfo) -> datetime:
    """'2026-11-25T14:00' on the wall clock in `zone` as an aware UTC datetime."""
    naive = datetime.strptime(value.strip(), INPUT_FORMAT)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValueError("skipped by a daylight-saving change")
    return aware.astimezone(UTC)


class _WhenMixin(forms.Form):
    starts_at = forms.CharField(
        label="Date and time",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["starts_at"].help_text = f"In your time zone, {zone.key}."

    def _when(self, required: bool) -> datetime | None:
        raw = (self.cleaned_data.get("starts_at") or "").strip()
        if not raw:
            if required:
                self.add_error("starts_at", "Choose a date and time.")
            return None
        try:
            return wall_time_to_utc(raw, self.zone)
        except ValueError:
            self.add_error("starts_at", "Enter a date and time like 2026-11-25 14:00.")
        except OverflowError:
            # Year 1 or 9999 on the wall clock falls outside what a date can hold in UTC.
            self.add_error("starts_at", "Choose a time within the next year.")
        return None


class SessionProposeForm(_WhenMixin):
    slot = forms.ChoiceField(
        label="Times that suit you both", required=False, widget=forms.RadioSelect
    )
    agenda_template = ModelChoiceField(
        label="Agenda from the program's library",
        queryset=AgendaTemplate.objects.none(),
        required=False,
        empty_label="None: we'll write our own",
    )
    agenda = forms.CharField(
        label="Agenda in your own words",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    location = forms.CharField(
        label="Where", required=False, max_length=300, help_text="A room or a video link."
    )

    field_order = ["slot", "starts_at", "agenda_template", "agenda", "location"]

    def __init__(
        self,
        *args: Any,
        zone: ZoneInfo,
        slots: list[tuple[str, str]],
        agendas: QuerySet[AgendaTemplate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, zone=zone, **kwargs)
        slot_field = self.fields["slot"]
        assert isinstance(slot_field, forms.ChoiceField)
        slot_field.choices = [*slots, (OTHER, "Another time (enter it below)")]
        self.fields["agenda_template"].queryset = agendas  # type: ignore[attr-defined]
        self.fields["starts_at"].label = "Another time"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slot = data.get("slot") or OTHER
        if slot == OTHER:
            data["when"] = self._when(required=True)
        else:
            data["when"] = datetime.fromisoformat(slot).astimezone(UTC)
        return data


class SessionMoveForm(_WhenMixin):
    """Propose another time for a proposal, or reschedule a booked session."""

    reason = forms.CharField(
        label="Why (your partner sees this)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, reason_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        self.fields["starts_at"].label = "New date and time"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["when"] = self._when(required=True)
        return data


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling? (your partner sees this)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
