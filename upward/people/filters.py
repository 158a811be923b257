"""The directory's search and filter form: validates the query string.

A hand-edited or stale URL (`?level=abc`, a department since deleted) must
never crash the page: each bad field gets a clear error and is ignored while
the valid ones still apply (`DirectoryFilterForm.filters`).
"""

from __future__ import annotations

from typing import Any, TypedDict

from django import forms

from upward.core.permissions import is_administrator
from upward.people.selectors import department_choices, level_choices, location_choices


class DirectoryFilters(TypedDict, total=False):
    """Keyword arguments for `people.selectors.directory_search`."""

    query: str
    department_id: int
    level: int
    location: str
    include_inactive: bool


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Name, email, title or employee ID.",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Name, email, title or employee ID",
                "autocomplete": "off",
            }
        ),
    )
    department = forms.TypedChoiceField(label="Department", required=False, coerce=int)
    level = forms.TypedChoiceField(label="Level", required=False, coerce=int)
    location = forms.ChoiceField(label="Location", required=False)
    include_inactive = forms.BooleanField(label="Include people who have left", required=False)

    def __init__(self, data: Any = None, *, user: Any) -> None:
        # Bound even when empty, so `filters()` works on a first visit too.
        super().__init__(data if data is not None else {}, label_suffix="")
        # Choices are read once here: each list costs one query, for
        # validation and rendering alike.
        any_choice = [("", "Any")]
        self.fields["department"].choices = any_choice + department_choices()  # type: ignore[attr-defined]
        self.fields["level"].choices = any_choice + level_choices()  # type: ignore[attr-defined]
        self.fields["location"].choices = any_choice + location_choices()  # type: ignore[attr-defined]
        if not is_administrator(user):
            # People who have left are an administrator's concern only.
            del self.fields["include_inactive"]

    def filters(self) -> DirectoryFilters:
        """The valid filters; a field with an error is left out."""
        self.is_valid()
        data = self.cleaned_data
        result: DirectoryFilters = {}
        if data.get("q"):
            result["query"] = data["q"]
        if data.get("department") not in (None, ""):
            result["department_id"] = data["department"]
        if data.get("level") not in (None, ""):
            result["level"] = data["level"]
        if data.get("location"):
            result["location"] = data["location"]
        if data.get("include_inactive"):
            result["include_inactive"] = True
        return result

    @property
    def choice_fields(self) -> list[forms.BoundField]:
        """The select boxes, in the order the page shows them."""
        return [self["department"], self["level"], self["location"]]

    @property
    def is_filtered(self) -> bool:
        return bool(self.filters())
