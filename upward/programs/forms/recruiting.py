"""Forms for the recruiting pages: validate input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from upward.core.forms import ModelChoiceField, ModelMultipleChoiceField
from upward.people.models import Department, Person
from upward.programs.models import ParticipantRole
from upward.programs.selectors.recruiting import DirectoryCriteria

MAX_CSV_BYTES = 2 * 1024 * 1024

ROLE_CHOICES = [
    (ParticipantRole.MENTOR.value, "Mentor: a junior colleague who teaches"),
    (ParticipantRole.MENTEE.value, "Mentee: a senior leader who learns"),
    ("", "Either role: they choose when they register"),
]


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Invite them as",
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        initial=ParticipantRole.MENTOR.value,
    )


class PeopleInviteForm(forms.Form):
    role = _role_field()
    people = ModelMultipleChoiceField(
        queryset=Person.objects.filter(is_active=True),
        error_messages={"required": "Tick at least one person to invite."},
    )


def _location_choices() -> list[tuple[str, str]]:
    locations = (
        Person.objects.filter(is_active=True)
        .exclude(location="")
        .order_by("location")
        .values_list("location", flat=True)
        .distinct()
    )
    return [("", "Any location"), *((location, location) for location in locations)]


class FilterInviteForm(forms.Form):
    role = _role_field()
    min_level = forms.IntegerField(label="Level from", required=False, min_value=0)
    max_level = forms.IntegerField(label="Level up to", required=False, min_value=0)
    department = ModelChoiceField(
        label="Department",
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label="Any department",
    )
    location = forms.ChoiceField(label="Location", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = _location_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_level"), data.get("max_level")
        if low is not None and high is not None and low > high:
            self.add_error("max_level", "The upper level must not be below the lower one.")
        return data

    def criteria(self) -> DirectoryCriteria:
        data = self.cleaned_data
        department = data.get("department")
        return DirectoryCriteria(
            min_level=data.get("min_level"),
            max_level=data.get("max_level"),
            department_id=department.pk if department else None,
            department_name=department.name if department else "",
            location=data.get("location") or "",
        )


class CsvInviteForm(forms.Form):
    role = _role_field()
    file = forms.FileField(
        label="CSV file",
        help_text='A column headed "email", or one email address per line. Up to 2 MB.',
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def clean_file(self) -> str:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB: split it up.")
        raw: bytes = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError("The file is not a text CSV: save it as CSV (UTF-8).")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Would you tell us why? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the program team reads this. It helps them plan the next program.",
    )
